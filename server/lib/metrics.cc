// Prometheus text exposition.
#include "server/lib/metrics.h"

#include <cstdio>

namespace flowcast {

void Metrics::count_request(int status) {
  std::lock_guard lock(mu_);
  ++requests_[status];
}

void Metrics::observe_lateness(double seconds) {
  std::size_t i = 0;
  while (i < std::size(kLatenessBuckets) && seconds > kLatenessBuckets[i]) ++i;
  std::lock_guard lock(mu_);
  ++lateness_counts_[i];
  ++lateness_count_;
  lateness_sum_ += seconds;
}

std::string Metrics::render(const std::map<std::string, std::int64_t>& outbox,
                            std::int64_t versions, std::int64_t events_in_memory,
                            std::int64_t clock_now) const {
  std::string m;
  auto counter = [&](const char* name, const char* help, std::int64_t v) {
    m += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n" + name +
         " " + std::to_string(v) + "\n";
  };
  auto gauge = [&](const char* name, const char* help, std::int64_t v) {
    m += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " gauge\n" + name +
         " " + std::to_string(v) + "\n";
  };
  counter("flowcast_events_accepted_total", "Events durably stored and given to the engines.",
          events_accepted.load());
  counter("flowcast_events_duplicate_total", "Events ignored because their id was already stored.",
          events_duplicate.load());
  counter("flowcast_outbox_records_total", "Messages and actions added to the outbox.",
          outbox_records.load());
  m += "# HELP flowcast_deliveries_total Delivery attempts by result.\n"
       "# TYPE flowcast_deliveries_total counter\n";
  m += "flowcast_deliveries_total{result=\"delivered\"} " +
       std::to_string(deliveries_delivered.load()) + "\n";
  m += "flowcast_deliveries_total{result=\"retry\"} " + std::to_string(deliveries_retried.load()) + "\n";
  m += "flowcast_deliveries_total{result=\"failed\"} " + std::to_string(deliveries_failed.load()) + "\n";
  counter("flowcast_unsubscribes_total", "Unsubscribe links followed.", unsubscribes.load());
  m += "# HELP flowcast_http_requests_total HTTP requests by status code.\n"
       "# TYPE flowcast_http_requests_total counter\n";
  {
    std::lock_guard lock(mu_);
    for (const auto& [code, n] : requests_) {
      m += "flowcast_http_requests_total{code=\"" + std::to_string(code) + "\"} " +
           std::to_string(n) + "\n";
    }
  }
  {
    std::lock_guard lock(mu_);
    m += "# HELP flowcast_timer_lateness_seconds How late due steps ran (wall clock minus the "
         "due second), per outbox record they produced.\n"
         "# TYPE flowcast_timer_lateness_seconds histogram\n";
    std::int64_t cumulative = 0;
    for (std::size_t i = 0; i <= std::size(kLatenessBuckets); ++i) {
      cumulative += lateness_counts_[i];
      std::string le = "+Inf";
      if (i < std::size(kLatenessBuckets)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", kLatenessBuckets[i]);
        le = buf;
      }
      m += "flowcast_timer_lateness_seconds_bucket{le=\"" + le + "\"} " +
           std::to_string(cumulative) + "\n";
    }
    char sum[64];
    std::snprintf(sum, sizeof sum, "%.3f", lateness_sum_);
    m += std::string("flowcast_timer_lateness_seconds_sum ") + sum + "\n";
    m += "flowcast_timer_lateness_seconds_count " + std::to_string(lateness_count_) + "\n";
  }
  m += "# HELP flowcast_outbox_messages Outbox rows by status.\n"
       "# TYPE flowcast_outbox_messages gauge\n";
  for (const auto& [status, n] : outbox) {
    m += "flowcast_outbox_messages{status=\"" + status + "\"} " + std::to_string(n) + "\n";
  }
  gauge("flowcast_workflow_versions_live", "Workflow versions with a running engine.", versions);
  gauge("flowcast_events_in_memory", "Events held by the live engines.", events_in_memory);
  gauge("flowcast_clock_seconds", "The server clock (Unix seconds).", clock_now);
  return m;
}

}  // namespace flowcast

// Counters of the live server, rendered in the Prometheus text format by GET /metrics.
#pragma once

#include <atomic>
#include <cstdint>
#include <iterator>
#include <map>
#include <mutex>
#include <string>

namespace flowcast {

class Metrics {
 public:
  std::atomic<std::int64_t> events_accepted{0};
  std::atomic<std::int64_t> events_duplicate{0};
  std::atomic<std::int64_t> outbox_records{0};
  std::atomic<std::int64_t> deliveries_delivered{0};
  std::atomic<std::int64_t> deliveries_retried{0};
  std::atomic<std::int64_t> deliveries_failed{0};
  std::atomic<std::int64_t> unsubscribes{0};

  void count_request(int status);
  // How late the engines ran a due step (timers), observed when it produced an outbox record:
  // the wall clock minus the record's due second. System clock only.
  void observe_lateness(double seconds);
  static constexpr double kLatenessBuckets[] = {0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8,
                                                0.9,  1,   1.5, 2,   3,   5,   10,  30,  60};

  // Gauges are given by the caller (they live in storage and the engines).
  std::string render(const std::map<std::string, std::int64_t>& outbox_by_status,
                     std::int64_t versions, std::int64_t events_in_memory,
                     std::int64_t clock_now) const;

 private:
  mutable std::mutex mu_;
  std::map<int, std::int64_t> requests_;  // by status code
  std::int64_t lateness_counts_[std::size(kLatenessBuckets) + 1] = {};
  std::int64_t lateness_count_ = 0;
  double lateness_sum_ = 0;
};

}  // namespace flowcast

// Counters of the live server, rendered in the Prometheus text format by GET /metrics.
#pragma once

#include <atomic>
#include <cstdint>
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

  // Gauges are given by the caller (they live in storage and the engines).
  std::string render(const std::map<std::string, std::int64_t>& outbox_by_status,
                     std::int64_t versions, std::int64_t events_in_memory,
                     std::int64_t clock_now) const;

 private:
  mutable std::mutex mu_;
  std::map<int, std::int64_t> requests_;  // by status code
};

}  // namespace flowcast

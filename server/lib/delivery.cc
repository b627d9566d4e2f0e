// The delivery loop.
#include "server/lib/delivery.h"

#include <iostream>

namespace flowcast {

time::Duration RetryPolicy::backoff(std::int64_t attempts) const {
  time::Duration d = base_seconds;
  for (std::int64_t i = 1; i < attempts && d < max_seconds; ++i) d *= 2;
  return std::min<time::Duration>(d, max_seconds);
}

DeliveryWorker::DeliveryWorker(Storage& storage, const Clock& clock, Sender& sender,
                               Metrics& metrics, RetryPolicy policy)
    : storage_(storage), clock_(clock), sender_(sender), metrics_(metrics), policy_(policy) {}

DeliveryWorker::~DeliveryWorker() { stop(); }

void DeliveryWorker::start() { thread_ = std::thread([this] { loop(); }); }

void DeliveryWorker::stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DeliveryWorker::wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

int DeliveryWorker::run_once() {
  int attempted = 0;
  for (; attempted < 16; ++attempted) {
    {
      std::lock_guard lock(mu_);
      if (stop_) break;
    }
    // One row at a time is `sending` or `confirming`: a crash interrupts at most one attempt.
    std::optional<OutboxRow> claimed = storage_.claim_due(clock_.now());
    if (!claimed) break;
    OutboxRow& row = *claimed;
    SendResult r;
    HandOver hand_over = [this, &row] { return storage_.hand_over(row.id); };
    try {
      r = sender_.send(row, clock_.now(), hand_over);
    } catch (const std::exception& e) {
      r = {SendResult::Kind::retry, std::string("internal error: ") + e.what()};
    }
    time::Instant t = clock_.now();
    switch (r.kind) {
      case SendResult::Kind::delivered:
        storage_.finish_attempt(row.id, "delivered", "", row.next_attempt_at, t);
        ++metrics_.deliveries_delivered;
        break;
      case SendResult::Kind::retry:
        if (row.attempts >= policy_.max_attempts) {
          storage_.finish_attempt(row.id, "failed", r.error, row.next_attempt_at, std::nullopt);
          ++metrics_.deliveries_failed;
        } else {
          storage_.finish_attempt(row.id, "pending", r.error, t + policy_.backoff(row.attempts),
                                  std::nullopt);
          ++metrics_.deliveries_retried;
        }
        break;
      case SendResult::Kind::failed:
        storage_.finish_attempt(row.id, "failed", r.error, row.next_attempt_at, std::nullopt);
        ++metrics_.deliveries_failed;
        break;
    }
  }
  return attempted;
}

void DeliveryWorker::loop() {
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
      woken_ = false;
    }
    int n = 0;
    try {
      n = run_once();
    } catch (const std::exception& e) {
      std::cerr << "flowcast serve: delivery: " << e.what() << "\n";
    }
    if (n > 0) continue;
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stop_ || woken_; });
  }
}

}  // namespace flowcast

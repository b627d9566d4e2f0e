// The delivery worker: one thread that claims due outbox rows one at a time (the claim marks a
// row `sending` durably; several servers on one database never claim the same row), attempts
// it, marks it `confirming` durably right before the point of no return (the SMTP end of data,
// the last byte of an HTTP body), and records delivered / pending-with-backoff / failed. One thread and the durable marks together mean a message is
// never attempted twice at once, and a crash during an attempt is repaired at the next start:
// a `sending` row cannot have reached its receiver and is sent again; a `confirming` row is
// the one window where the receiver may or may not have it (see docs/api.md "Crash safety").
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "server/lib/clock.h"
#include "server/lib/metrics.h"
#include "server/lib/sender.h"
#include "server/lib/storage.h"

namespace flowcast {

struct RetryPolicy {
  int base_seconds = 30;
  int max_seconds = 3600;
  int max_attempts = 8;
  // Delay before attempt number `attempts + 1`: base * 2^(attempts-1), at most max.
  time::Duration backoff(std::int64_t attempts) const;
};

class DeliveryWorker {
 public:
  DeliveryWorker(Storage& storage, const Clock& clock, Sender& sender, Metrics& metrics,
                 RetryPolicy policy);
  ~DeliveryWorker();
  void start();
  void stop();
  void wake();
  // Runs one pass synchronously (tests and the worker loop). Returns rows attempted.
  int run_once();

 private:
  void loop();

  Storage& storage_;
  const Clock& clock_;
  Sender& sender_;
  Metrics& metrics_;
  RetryPolicy policy_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
};

}  // namespace flowcast

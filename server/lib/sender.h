// Delivering one outbox row: email by SMTP, sms and push by an HTTP POST to the configured
// gateway, webhook actions by an HTTP POST to the step's URL (all through libcurl).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "server/lib/config.h"
#include "server/lib/storage.h"

namespace flowcast {

struct SendResult {
  enum class Kind : std::uint8_t { delivered, retry, failed } kind = Kind::delivered;
  std::string error;  // retry and failed: what went wrong (no secrets)
};

// Called by a sender right before the point of no return of an attempt: before the SMTP end
// of data, before the last byte of an HTTP body. Until then the receiver cannot have the whole
// message, so an attempt cut short earlier can safely be made again. When it returns false
// (the `confirming` mark could not be stored) the sender aborts the attempt and returns retry.
using HandOver = std::function<bool()>;

class Sender {
 public:
  virtual ~Sender() = default;
  virtual SendResult send(const OutboxRow& row, time::Instant now, const HandOver& hand_over) = 0;
};

// REQUIRES: curl_global_init was called (CurlGlobal below).
std::unique_ptr<Sender> make_curl_sender(const ServerConfig& config,
                                         const std::string& unsubscribe_secret);

// curl_global_init / curl_global_cleanup for the lifetime of the object.
class CurlGlobal {
 public:
  CurlGlobal();
  ~CurlGlobal();
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;
};

}  // namespace flowcast

// What an API operation answers: a status and a JSON body (or raw text, for reports that must
// be byte-identical to the CLI's). Errors are {"error": MESSAGE, "details": [LINES]}.
#pragma once

#include <string>
#include <vector>

#include "core/model/event.h"

namespace flowcast {

struct ApiResult {
  int status = 200;
  Json body = Json::object();
  std::string raw;  // when set, sent as is with content_type
  std::string content_type = "application/json";
};

inline ApiResult api_error(int status, const std::string& message,
                           const std::vector<std::string>& details = {}) {
  ApiResult r;
  r.status = status;
  r.body = {{"error", message}};
  if (!details.empty()) r.body["details"] = details;
  return r;
}

inline ApiResult api_ok(Json body, int status = 200) {
  ApiResult r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace flowcast

// libFuzzer target: Mustache templates. Compiles the input and, when it compiles, renders it
// with a fixed context shaped like the engine's (contact, event, workflow). Must never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/mustache/mustache.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const nlohmann::json context = nlohmann::json::parse(R"({
    "contact": {"id": "alice", "email": "alice@example.com", "phone": null,
                "first_name": "Zoë", "last_name": "O'Neil & <Co>", "age": 41, "score": 2.5,
                "vip": true, "optout": false, "empty": "", "zero": 0, "tags": ["a", "b", 3],
                "none": [], "orders": [{"id": "o1", "total": 12.5}, {"id": "o2", "total": 7}],
                "address": {"city": "Lyon", "geo": {"lat": 45.76}}},
    "event": {"type": "Order Completed", "at": "2026-03-02T10:00:00Z", "order_id": "o2",
              "total": 99.9, "items": [1, [2, 3], {"k": "v"}]},
    "workflow": {"id": "w", "name": "Welcome"}})");
  std::string_view text(reinterpret_cast<const char*>(data), size);
  flowcast::mustache::CompileResult c = flowcast::mustache::compile(text);
  if (!c.tmpl) {
    if (c.errors.empty()) __builtin_trap();  // mustache.h: null iff errors
    return 0;
  }
  static volatile std::size_t sink = 0;
  sink = sink + flowcast::mustache::render(*c.tmpl, context).size();
  sink = sink + flowcast::mustache::render(*c.tmpl, nlohmann::json::object()).size();
  return 0;
}

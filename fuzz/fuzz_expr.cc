// libFuzzer target: the expression language. Compiles the input as an expression and, when it
// compiles, evaluates it (as a value and as a condition) against a small fixed context with a
// contact, an incoming event, a trigger event and a history. Must never crash or throw.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/expr.h"

namespace {

using flowcast::Contact;
using flowcast::Event;
using flowcast::Json;

constexpr flowcast::time::Instant kNow = 1772445600;  // 2026-03-02T10:00:00Z

struct Fixture {
  Contact contact;
  std::vector<Event> events;
  std::vector<flowcast::expr::HistoryEntry> history;

  Fixture() {
    contact.id = "alice";
    contact.email = "alice@example.com";
    contact.timezone = "Europe/Paris";
    contact.properties = Json::parse(R"({"first_name": "Zoë", "country": "FR", "plan": "pro",
      "age": 41, "score": 2.5, "vip": true, "tags": ["a", "b", 3], "empty": "",
      "address": {"city": "Lyon", "zip": "69001", "geo": {"lat": 45.76}}, "nothing": null})");
    auto add = [&](flowcast::time::Instant at, const char* type, const char* props) {
      Event e;
      e.at = at;
      e.contact = "alice";
      e.type = type;
      e.properties = Json::parse(props);
      e.file_index = static_cast<std::uint32_t>(events.size());
      events.push_back(std::move(e));
    };
    add(kNow - 40 * 86400, "Order Completed", R"({"order_id": "o1", "total": 120.5, "items": 2})");
    add(kNow - 3 * 86400, "Viewed Product", R"({"product_id": "p9", "price": 80, "category": "shoes"})");
    add(kNow - 7200, "Checkout Started", R"({"cart_value": 59.9, "currency": "EUR", "when": "2026-03-02T08:00:00Z"})");
    add(kNow, "Order Completed", R"({"order_id": "o2", "total": "12", "nested": {"a": [1, 2]}})");
    for (const Event& e : events) history.push_back({e.at, &e.type, &e});
  }
};

void run(const flowcast::expr::Program& p, const flowcast::expr::EvalContext& ctx) {
  flowcast::expr::EvalResult r = flowcast::expr::evaluate(p, ctx);
  if (r.mismatch && !r.value.is_null()) __builtin_trap();  // expr.h: null on mismatch
  static volatile std::size_t sink = 0;
  // The report writer replaces invalid UTF-8 (the fuzzer's string literals may contain some).
  sink = sink + r.value.to_json().dump(-1, ' ', false, flowcast::Json::error_handler_t::replace).size();
  std::string warning;
  sink = sink + (flowcast::expr::holds(p, ctx, &warning) ? 1 : 0) + warning.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Fixture fx;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  flowcast::expr::CompileResult c = flowcast::expr::compile(text);
  if (!c.program) {
    if (c.errors.empty()) __builtin_trap();  // expr.h: null iff errors
    return 0;
  }
  flowcast::expr::EvalContext ctx;
  ctx.contact = &fx.contact;
  ctx.event = &fx.events.back();
  ctx.trigger = &fx.events[2];
  ctx.now = kNow;
  ctx.history = fx.history;
  run(*c.program, ctx);
  // Inside steps without a trigger event, with an empty history.
  ctx.event = nullptr;
  ctx.trigger = nullptr;
  ctx.history = {};
  run(*c.program, ctx);
  return 0;
}

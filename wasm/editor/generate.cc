#include "wasm/editor/generate.h"

#include <cstdio>
#include <set>
#include <string>

#include "core/time/instant.h"

namespace flowcast::editor {
namespace {

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {  // splitmix64
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }
};

constexpr const char* kNames[] = {"Ana", "Ben", "Carla", "Dev", "Elif", "Femi", "Grace", "Hugo", "Ines", "Jonas",
                                  "Kenji", "Lea", "Marta", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sven", "Tara"};
constexpr const char* kZones[] = {"Europe/Paris", "Europe/London", "America/New_York", "America/Los_Angeles",
                                  "Europe/Berlin", "Asia/Tokyo", "Australia/Sydney"};
constexpr const char* kProducts[] = {"Linen shirt", "Wool throw", "Ceramic mug set", "Desk lamp", "Espresso grinder",
                                     "Rattan basket", "Scented candle", "Running shoes"};

}  // namespace

void generate_shoppers(Json& doc, int count, std::uint64_t seed) {
  if (!doc.is_object()) return;
  if (!doc.contains("contacts") || !doc["contacts"].is_array()) doc["contacts"] = Json::array();
  if (!doc.contains("events") || !doc["events"].is_array()) doc["events"] = Json::array();
  Json& contacts = doc["contacts"];
  Json& events = doc["events"];
  std::set<std::string> used;
  for (const Json& c : contacts) {
    if (c.is_object() && c.contains("id") && c["id"].is_string()) used.insert(c["id"].get<std::string>());
  }
  // The start: settings.start, else the earliest event, else a fixed Monday.
  time::Instant start = *time::parse_instant("2026-03-02T00:00:00Z");
  bool have = false;
  if (doc.contains("settings") && doc["settings"].is_object() && doc["settings"].contains("start") &&
      doc["settings"]["start"].is_string()) {
    if (auto t = time::parse_instant(doc["settings"]["start"].get<std::string>())) start = *t, have = true;
  }
  if (!have) {
    for (const Json& e : events) {
      if (!e.is_object() || !e.contains("at") || !e["at"].is_string()) continue;
      if (auto t = time::parse_instant(e["at"].get<std::string>())) {
        if (!have || *t < start) start = *t;
        have = true;
      }
    }
  }
  Rng rng{seed};
  int serial = 1;
  for (int i = 0; i < count; ++i) {
    std::string id;
    do {
      char buf[32];
      std::snprintf(buf, sizeof buf, "shopper_%05d", serial++);
      id = buf;
    } while (used.count(id));
    used.insert(id);
    const std::string name = kNames[rng.below(20)];
    Json c = {{"id", id}, {"timezone", kZones[rng.below(7)]}, {"properties", {{"first_name", name}}}};
    if (!rng.chance(5)) c["email"] = id + "@example.com";  // a few have no address
    contacts.push_back(std::move(c));

    auto event = [&](time::Instant at, const char* type, Json props) {
      events.push_back({{"at", time::format_instant(at)}, {"contact", id}, {"type", type}, {"properties", std::move(props)}});
    };
    time::Instant t = start + rng.below(12 * 24) * time::kHour + rng.below(60) * time::kMinute;
    const std::string product = kProducts[rng.below(8)];
    const double value = 15 + rng.below(200) + rng.below(100) / 100.0;
    for (int v = 0, views = 1 + rng.below(3); v < views; ++v) {
      event(t, "Product Viewed", {{"product_name", product}});
      t += (10 + rng.below(240)) * time::kMinute;
    }
    if (!rng.chance(70)) continue;
    const std::string order = "GEN-" + id.substr(8) + "-" + std::to_string(rng.below(1000));
    event(t, "Checkout Started",
          {{"product_name", product}, {"cart_value", value}, {"checkout_url", "https://shop.example.com/checkout/" + id}});
    if (rng.chance(8)) event(t + (1 + rng.below(48)) * time::kHour, "unsubscribe", {{"channel", "email"}});
    if (!rng.chance(55)) continue;
    t += (5 + rng.below(3 * 24 * 60)) * time::kMinute;
    event(t, "Order Completed", {{"order_id", order}, {"total", value}});
    t += (1 + rng.below(3)) * time::kDay;
    event(t, "Order Shipped", {{"order_id", order}});
    t += (1 + rng.below(3)) * time::kDay;
    event(t, "Order Delivered", {{"order_id", order}});
  }
}

}  // namespace flowcast::editor

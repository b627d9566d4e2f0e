// gen_population: writes a synthetic shop population as a flowcast/1 scenario for benchmarks.
//
//   gen_population --contacts N [--events-per-contact 10] [--workflows 10] [--seed S] [--out FILE]
//
// Ten realistic shop workflows (abandoned cart, per-order shipping, welcome, browse abandonment,
// loyalty, VIP, winback, review request, an A/B split, a daily search-abandonment schedule), their
// templates, N contacts and exactly N * events-per-contact events over 30 days. Deterministic
// from the seed (splitmix64 per contact). The output is streamed: contacts are written as they
// are generated; events are kept as 20-byte records, sorted by time and then written.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

// ---- deterministic randomness -------------------------------------------------------------

struct SplitMix64 {
  std::uint64_t state;
  explicit SplitMix64(std::uint64_t seed) : state(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n). n > 0. (Multiply-shift; the bias is negligible for benchmark data.)
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((next() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
  }
  // True with probability p_per_mille / 1000.
  bool chance(std::uint32_t p_per_mille) { return below(1000) < p_per_mille; }
  template <typename T, std::size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(static_cast<std::uint32_t>(N))];
  }
};

// ---- time -----------------------------------------------------------------------------------

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void append_2(std::string& out, unsigned v) {
  out.push_back(static_cast<char>('0' + v / 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

// RFC 3339 UTC, whole seconds.
void append_instant(std::string& out, std::int64_t t) {
  std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  std::int64_t secs = t - days * 86400;
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(y));
  out += buf;
  out.push_back('-');
  append_2(out, m);
  out.push_back('-');
  append_2(out, d);
  out.push_back('T');
  append_2(out, static_cast<unsigned>(secs / 3600));
  out.push_back(':');
  append_2(out, static_cast<unsigned>(secs / 60 % 60));
  out.push_back(':');
  append_2(out, static_cast<unsigned>(secs % 60));
  out.push_back('Z');
}

// ---- output -------------------------------------------------------------------------------

class Out {
 public:
  explicit Out(std::FILE* f) : f_(f) { buf_.reserve(kFlush + 4096); }
  ~Out() { flush(); }
  std::string& buf() { return buf_; }
  void maybe_flush() {
    if (buf_.size() >= kFlush) flush();
  }
  void flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) {
      std::perror("gen_population: write");
      std::exit(1);
    }
    buf_.clear();
  }

 private:
  static constexpr std::size_t kFlush = 1 << 20;
  std::FILE* f_;
  std::string buf_;
};

void append_uint(std::string& out, std::uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// Cents as a JSON number with two decimals ("59.90").
void append_money(std::string& out, std::uint32_t cents) {
  append_uint(out, cents / 100);
  out.push_back('.');
  append_2(out, cents % 100);
}

// A JSON string literal. Generated text is valid UTF-8; only quotes, backslashes and control
// characters need escapes.
void append_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char ch : s) {
    if (ch == '"' || ch == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (static_cast<unsigned char>(ch) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(ch));
      out += buf;
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
}

// ---- the shop -------------------------------------------------------------------------------

constexpr const char* kFirstNames[] = {
    "Alice", "Bob",    "Chloé",  "David", "Emma",   "Farid",  "Grace", "Hiroshi", "Inès",
    "James", "Kofi",   "Léa",    "Mei",   "Noah",   "Olivia", "Paulo", "Quinn",   "Rosa",
    "Sven",  "Tomás",  "Uma",    "Viktor", "Wei",   "Ximena", "Yusuf", "Zoë",     "Łukasz",
    "Siobhán", "Aarav", "Fatima"};
constexpr const char* kLastNames[] = {
    "Martin", "Smith", "Müller",  "García", "O'Neil", "Rossi",  "Dubois", "Nguyen", "Kowalski",
    "Tanaka", "Silva", "Johnson", "Brown",  "Lefèvre", "Novak", "Khan",   "Jensen", "Costa"};
constexpr const char* kDomains[] = {"example.com", "example.org", "mail.example.net",
                                    "shop.example"};
// Listed zones; "" means the contact has no zone (the settings zone applies).
constexpr const char* kZones[] = {"Europe/Paris",     "Europe/Paris",       "Europe/London",
                                  "Europe/Berlin",    "America/New_York",   "America/New_York",
                                  "America/Chicago",  "America/Los_Angeles", "America/Sao_Paulo",
                                  "Asia/Tokyo",       "Australia/Sydney",   "UTC",
                                  "",                 ""};
constexpr const char* kCountries[] = {"FR", "FR", "DE", "GB", "US", "US", "BE", "ES",
                                      "IT", "JP", "BR", "AU", "CA", "NL"};
constexpr const char* kSources[] = {"organic", "ads", "referral", "newsletter", "social"};
constexpr const char* kCategories[] = {"shoes", "bags", "shirts", "dresses", "accessories",
                                       "outdoor", "kids"};
constexpr const char* kQueries[] = {"running shoes", "leather bag", "summer dress", "rain jacket",
                                    "gift card", "sneakers", "backpack", "linen shirt",
                                    "sunglasses", "kids boots"};
constexpr const char* kCarriers[] = {"UPS", "DHL", "La Poste", "FedEx", "GLS"};
constexpr const char* kSignupForms[] = {"footer_form", "checkout", "popup", "landing_page"};

enum EventType : std::uint8_t {
  kSignedUp, kSearched, kViewedProduct, kCheckoutStarted, kOrderCompleted, kOrderShipped,
  kIdentify, kUnsubscribe
};
constexpr const char* kTypeNames[] = {"Signed Up",       "Searched",      "Viewed Product",
                                      "Checkout Started", "Order Completed", "Order Shipped",
                                      "identify",        "unsubscribe"};

// One generated event. Properties are derived from these fields when writing.
struct Ev {
  std::uint32_t t;        // seconds since the start
  std::uint32_t contact;  // contact index
  std::uint32_t a;        // order number / product number / variant, by type
  std::uint32_t cents;    // money, or a second variant
  std::uint8_t type;
  std::uint8_t flag;      // type-specific (duplicate marker, items, ...)
  std::uint16_t b;        // type-specific small number
};
static_assert(sizeof(Ev) == 20);

constexpr std::uint32_t kDay = 86400;
constexpr std::uint32_t kSpan = 30 * kDay;  // the replay window

// The settings start: Monday 2026-03-02T00:00:00Z.
const std::int64_t kStart = days_from_civil(2026, 3, 2) * 86400;

struct Options {
  std::uint64_t contacts = 0;
  std::uint32_t events_per_contact = 10;
  std::uint32_t workflows = 10;
  std::uint64_t seed = 1;
  std::string out;
};

[[noreturn]] void usage(const char* msg) {
  if (msg) std::fprintf(stderr, "gen_population: %s\n", msg);
  std::fprintf(stderr,
               "usage: gen_population --contacts N [--events-per-contact 10] [--workflows 10] "
               "[--seed S] [--out FILE]\n");
  std::exit(2);
}

std::uint64_t parse_u64(const char* s, const char* what) {
  std::uint64_t v = 0;
  auto r = std::from_chars(s, s + std::strlen(s), v);
  if (r.ec != std::errc() || *r.ptr != '\0') usage((std::string("bad ") + what).c_str());
  return v;
}

Options parse(int argc, char** argv) {
  Options o;
  bool have_contacts = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&](const char* what) {
      if (i + 1 >= argc) usage((std::string("missing value for ") + what).c_str());
      return argv[++i];
    };
    if (a == "--contacts") {
      o.contacts = parse_u64(value("--contacts"), "--contacts");
      have_contacts = true;
    } else if (a == "--events-per-contact") {
      o.events_per_contact =
          static_cast<std::uint32_t>(parse_u64(value("--events-per-contact"), "--events-per-contact"));
    } else if (a == "--workflows") {
      o.workflows = static_cast<std::uint32_t>(parse_u64(value("--workflows"), "--workflows"));
    } else if (a == "--seed") {
      o.seed = parse_u64(value("--seed"), "--seed");
    } else if (a == "--out") {
      o.out = value("--out");
    } else if (a == "-h" || a == "--help") {
      usage(nullptr);
    } else {
      usage((std::string("unknown argument ") + std::string(a)).c_str());
    }
  }
  if (!have_contacts) usage("--contacts is required");
  if (o.contacts > 0xFFFFFFF0ULL) usage("--contacts is too large");
  if (o.workflows == 0 || o.workflows > 1000) usage("--workflows must be 1..1000");
  if (o.events_per_contact > 100000) usage("--events-per-contact is too large");
  return o;
}

// ---- workflows and templates ------------------------------------------------------------------

// The ten workflows; "$" stands for the copy suffix ("" for the first ten, "_2", "_3", ... when
// more than ten are asked for: copies react to the same events with their own state). Browse
// abandonment comes first so that the abandoned cart's unenroll_from always names a workflow
// that exists, whatever --workflows is.
constexpr const char* kWorkflows[] = {
    // 1. Browse abandonment: viewed but did not start a checkout within 4 hours.
    R"wf({"id": "browse_abandonment$", "name": "Browse abandonment",
      "trigger": {"event": "Viewed Product", "if": "event.price >= 30"},
      "reenroll": "3d",
      "steps": [
        {"id": "wait_checkout", "type": "wait_for", "event": "Checkout Started", "timeout": "4h", "on_event": null, "on_timeout": "nudge"},
        {"id": "nudge", "type": "send", "template": "browse_1"}]})wf",
    // 2. Abandoned cart: conversion is the goal, unsubscribing exits; ends browse abandonment.
    R"wf({"id": "abandoned_cart$", "name": "Abandoned cart",
      "trigger": {"event": "Checkout Started", "if": "event.cart_value > 0"},
      "reenroll": "1d",
      "exit_on": [{"event": "unsubscribe"}],
      "goal": "count(\"Order Completed\", 1d) > 0",
      "unenroll_from": ["browse_abandonment$"],
      "steps": [
        {"id": "wait", "type": "delay", "duration": "1h"},
        {"id": "reminder_1", "type": "send", "template": "cart_1"},
        {"id": "wait_more", "type": "delay", "duration": "1d"},
        {"id": "big_cart", "type": "branch", "if": "event.cart_value >= 100", "then": "discount", "else": "reminder_2"},
        {"id": "reminder_2", "type": "send", "template": "cart_2", "next": null},
        {"id": "discount", "type": "send", "template": "cart_2_discount"}]})wf",
    // 3. Shipping, one enrollment per order.
    R"wf({"id": "order_shipping$", "name": "Order confirmation and shipping",
      "trigger": {"event": "Order Completed"},
      "key": "event.order_id",
      "steps": [
        {"id": "confirm", "type": "send", "template": "order_confirmation"},
        {"id": "prepare", "type": "task", "title": "Prepare order {{event.order_id}} for {{contact.first_name}} {{contact.last_name}}"},
        {"id": "wait_ship", "type": "wait_for", "event": "Order Shipped", "if": "event.order_id == trigger.order_id", "timeout": "3d", "on_timeout": "late"},
        {"id": "shipped", "type": "send", "template": "order_shipped", "next": null},
        {"id": "late", "type": "webhook", "url": "https://ops.example.com/hooks/late-order", "body": "{\"order\": \"{{event.order_id}}\", \"contact\": \"{{contact.id}}\"}"}]})wf",
    // 4. Welcome series: marketing sends meet the settings' quiet hours.
    R"wf({"id": "welcome$", "name": "Welcome series",
      "trigger": {"event": "Signed Up"},
      "steps": [
        {"id": "hello", "type": "send", "template": "welcome_1"},
        {"id": "pause", "type": "delay", "duration": "2d"},
        {"id": "morning", "type": "delay_until", "time": "10:00", "days": ["mon", "tue", "wed", "thu", "fri"]},
        {"id": "tips", "type": "send", "template": "welcome_2"}]})wf",
    // 5. Loyalty reward on the second order.
    R"wf({"id": "loyal_reward$", "name": "Loyalty reward",
      "trigger": {"event": "Order Completed", "if": "count(\"Order Completed\") >= 2 and contact.loyalty_tier != \"gold\""},
      "steps": [
        {"id": "reward", "type": "send", "template": "loyal_reward"},
        {"id": "tier", "type": "set", "properties": {"loyalty_tier": "gold"}}]})wf",
    // 6. VIP: spent 300 or more in total.
    R"wf({"id": "vip$", "name": "VIP welcome",
      "trigger": {"condition": "sum(\"Order Completed\", \"total\") >= 300"},
      "steps": [
        {"id": "vip_mail", "type": "send", "template": "vip_welcome"},
        {"id": "call", "type": "task", "title": "Call VIP {{contact.first_name}} {{contact.last_name}} ({{contact.country}})"}]})wf",
    // 7. Winback: every order restarts the clock.
    R"wf({"id": "winback$", "name": "Winback",
      "trigger": {"event": "Order Completed"},
      "reenroll": "always",
      "exit_on": [{"event": "Order Completed"}],
      "steps": [
        {"id": "quiet", "type": "delay", "duration": "14d"},
        {"id": "miss_you", "type": "send", "template": "winback_1"},
        {"id": "quiet_more", "type": "delay", "duration": "7d"},
        {"id": "last_call", "type": "send", "template": "winback_2"}]})wf",
    // 8. Review request after delivery.
    R"wf({"id": "review_request$", "name": "Review request",
      "trigger": {"event": "Order Shipped"},
      "reenroll": "7d",
      "steps": [
        {"id": "after_delivery", "type": "delay", "duration": "5d"},
        {"id": "ask", "type": "send", "template": "review_request"}]})wf",
    // 9. A/B test of two promotions for expensive shoes and bags.
    R"wf({"id": "promo_ab$", "name": "Promotion A/B test",
      "trigger": {"event": "Viewed Product", "if": "event.category in [\"shoes\", \"bags\"] and event.price >= 80"},
      "reenroll": "14d",
      "steps": [
        {"id": "pick", "type": "split", "paths": [{"weight": 50, "next": "variant_a"}, {"weight": 50, "next": "variant_b"}]},
        {"id": "variant_a", "type": "send", "template": "promo_a", "next": null},
        {"id": "variant_b", "type": "send", "template": "promo_b"}]})wf",
    // 10. Daily search abandonment: searched yesterday, never started a checkout.
    R"wf({"id": "search_abandonment$", "name": "Search abandonment (daily)",
      "trigger": {"schedule": {"every": "1d", "at": "09:00"},
                  "if": "count(\"Searched\", 1d) > 0 and count(\"Checkout Started\", 1d) == 0"},
      "reenroll": "always",
      "steps": [
        {"id": "results", "type": "send", "template": "search_reminder"}]})wf",
};

constexpr const char* kTemplates = R"tp(  "templates": {
    "cart_1": {"channel": "email", "kind": "marketing",
               "subject": "{{#contact.first_name}}{{contact.first_name}}, you{{/contact.first_name}}{{^contact.first_name}}You{{/contact.first_name}} left something behind",
               "body": "Your cart of {{event.cart_value}} {{event.currency}} is waiting."},
    "cart_2": {"channel": "email", "kind": "marketing",
               "subject": "Still interested, {{contact.first_name}}?",
               "body": "Your cart is about to expire."},
    "cart_2_discount": {"channel": "email", "kind": "marketing",
               "subject": "10% off your {{event.cart_value}} {{event.currency}} cart",
               "body": "Use code CART10, {{contact.first_name}}."},
    "order_confirmation": {"channel": "email", "kind": "transactional",
               "subject": "Order {{event.order_id}} confirmed",
               "body": "Thanks {{contact.first_name}}! Total: {{event.total}} {{event.currency}}."},
    "order_shipped": {"channel": "email", "kind": "transactional",
               "subject": "Order {{event.order_id}} is on its way",
               "body": "{{#contact.first_name}}Hi {{.}}, {{/contact.first_name}}your parcel has left."},
    "welcome_1": {"channel": "email", "kind": "marketing",
               "subject": "Welcome to the shop, {{contact.first_name}}",
               "body": "Signed up via {{event.source}}."},
    "welcome_2": {"channel": "email", "kind": "marketing",
               "subject": "{{contact.first_name}}, three tips to get started",
               "body": "..."},
    "browse_1": {"channel": "email", "kind": "marketing",
               "subject": "Still thinking about {{event.category}}?",
               "body": "Product {{event.product_id}} at {{event.price}}."},
    "loyal_reward": {"channel": "email", "kind": "marketing",
               "subject": "A gift for you, {{contact.first_name}} {{contact.last_name}}",
               "body": "You are now gold."},
    "vip_welcome": {"channel": "email", "kind": "marketing",
               "subject": "Welcome to the VIP club{{#contact.first_name}}, {{.}}{{/contact.first_name}}",
               "body": "{{! personal shopper intro }}Meet your personal shopper."},
    "winback_1": {"channel": "email", "kind": "marketing",
               "subject": "We miss you, {{contact.first_name}}",
               "body": "Come back for 15% off."},
    "winback_2": {"channel": "email", "kind": "marketing",
               "subject": "Last call: 20% off",
               "body": "Offer ends soon."},
    "review_request": {"channel": "email", "kind": "marketing",
               "subject": "How was order {{event.order_id}}, {{contact.first_name}}?",
               "body": "Rate your {{event.carrier}} delivery."},
    "promo_a": {"channel": "email", "kind": "marketing",
               "subject": "Free shipping on {{event.category}}",
               "body": "Variant A"},
    "promo_b": {"channel": "email", "kind": "marketing",
               "subject": "15% off {{event.category}} today",
               "body": "Variant B"},
    "search_reminder": {"channel": "email", "kind": "marketing",
               "subject": "New arrivals for your search",
               "body": "{{^contact.first_name}}Hello!{{/contact.first_name}}{{#contact.first_name}}Hello {{.}}!{{/contact.first_name}}"}
  },
)tp";

void write_workflows(Out& out, std::uint32_t count) {
  std::string& b = out.buf();
  b += "  \"workflows\": [\n";
  constexpr std::uint32_t kBase = sizeof kWorkflows / sizeof kWorkflows[0];
  for (std::uint32_t i = 0; i < count; ++i) {
    std::string suffix = i < kBase ? "" : "_" + std::to_string(i / kBase + 1);
    b += "    ";
    for (const char* p = kWorkflows[i % kBase]; *p; ++p) {
      if (*p == '$') {
        b += suffix;
      } else {
        b.push_back(*p);
      }
    }
    b += i + 1 < count ? ",\n" : "\n";
  }
  b += "  ],\n";
}

// ---- contacts and events ------------------------------------------------------------------

struct IdFormat {
  int width;
  void append(std::string& out, std::uint32_t index) const {
    char buf[24];
    std::snprintf(buf, sizeof buf, "c%0*u", width, index + 1);
    out += buf;
  }
};

struct ContactGen {
  bool has_email;
  bool signed_up;
};

// Writes contact `i` and returns what its events need to know.
ContactGen write_contact(Out& out, const IdFormat& ids, std::uint32_t i, SplitMix64& rng,
                         bool first) {
  std::string& b = out.buf();
  ContactGen g{};
  b += first ? "    {\"id\": \"" : ",\n    {\"id\": \"";
  ids.append(b, i);
  b += '"';
  g.has_email = !rng.chance(60);  // 6% have no email yet
  if (g.has_email) {
    b += ", \"email\": \"user";
    append_uint(b, i + 1);
    b += '@';
    b += rng.pick(kDomains);
    b += '"';
  }
  if (rng.chance(150)) {
    b += ", \"phone\": \"+3361";
    append_uint(b, 1000000 + rng.below(8999999));
    b += '"';
  }
  const char* zone = rng.pick(kZones);
  if (*zone) {
    b += ", \"timezone\": \"";
    b += zone;
    b += '"';
  }
  b += ", \"properties\": {";
  bool named = !rng.chance(80);  // 8% are known by email only
  if (named) {
    b += "\"first_name\": ";
    append_string(b, rng.pick(kFirstNames));
    b += ", \"last_name\": ";
    append_string(b, rng.pick(kLastNames));
    b += ", ";
  }
  b += "\"country\": \"";
  b += rng.pick(kCountries);
  b += "\", \"plan\": \"";
  b += rng.chance(120) ? "pro" : "free";
  b += "\", \"source\": \"";
  b += rng.pick(kSources);
  b += "\", \"accepts_marketing\": ";
  b += rng.chance(900) ? "true" : "false";
  b += "}";
  if (rng.chance(20)) b += ", \"subscriptions\": {\"email\": false}";
  b += "}";
  g.signed_up = rng.chance(150);
  return g;
}

// Appends exactly `count` events of contact `c` (shopping sessions spread over the 30 days).
void gen_events(std::vector<Ev>& evs, std::uint32_t c, std::uint32_t count, const ContactGen& g,
                SplitMix64& rng, std::uint32_t& next_order) {
  if (count == 0) return;
  const std::size_t begin = evs.size();
  auto push = [&](std::uint32_t t, std::uint8_t type, std::uint32_t a = 0, std::uint32_t cents = 0,
                  std::uint8_t flag = 0, std::uint16_t b = 0) {
    if (t >= kSpan) return;  // nothing at or after the end
    evs.push_back(Ev{t, c, a, cents, type, flag, b});
  };
  bool has_email = g.has_email;
  // Session start times: sorted, uniform over the window (the last days see fewer sessions so
  // that shipping events mostly land inside it).
  const std::uint32_t sessions = count / 3 + 1;
  std::vector<std::uint32_t> starts(sessions);
  for (auto& s : starts) s = rng.below(kSpan - 2 * kDay);
  std::sort(starts.begin(), starts.end());
  if (g.signed_up) push(starts[0] > 600 ? starts[0] - 600 : 0, kSignedUp, rng.below(4));
  for (std::uint32_t s = 0; s < sessions && evs.size() - begin < count; ++s) {
    std::uint32_t t = starts[s];
    if (rng.chance(300)) {
      push(t, kSearched, rng.below(sizeof kQueries / sizeof kQueries[0]));
      t += 30 + rng.below(240);
    }
    const std::uint32_t views = 1 + rng.below(3);
    std::uint32_t cart = 0;
    for (std::uint32_t v = 0; v < views; ++v) {
      const std::uint32_t product = rng.below(5000);
      const std::uint32_t price = 900 + rng.below(15000);
      cart += price;
      push(t, kViewedProduct, product, price);
      t += 20 + rng.below(600);
    }
    if (rng.chance(350)) {
      const std::uint16_t items = static_cast<std::uint16_t>(1 + rng.below(3));
      push(t, kCheckoutStarted, 0, cart, 0, items);
      if (rng.chance(550)) {
        t += 120 + rng.below(1800);
        const std::uint32_t order = next_order++;
        push(t, kOrderCompleted, order, cart, 0, items);
        if (rng.chance(5)) push(t + 30, kOrderCompleted, order, cart, 1, items);  // a retry
        if (rng.chance(900)) {
          // Shipped one or two days later (sometimes four), during office hours in Europe.
          const std::uint32_t days = rng.chance(100) ? 4 : 1 + rng.below(2);
          std::uint32_t ship = (t / kDay + days) * kDay + 8 * 3600 + rng.below(9 * 3600);
          push(ship, kOrderShipped, order, 0, 0, static_cast<std::uint16_t>(rng.below(5)));
        }
      }
    }
    if (rng.chance(60)) {
      t += 60;
      // identify: an address for contacts without one, else a plan change or a new name.
      std::uint8_t what = !has_email ? 0 : static_cast<std::uint8_t>(1 + rng.below(2));
      if (what == 0) has_email = true;
      push(t, kIdentify, c, rng.below(1000), what);
    }
    if (rng.chance(8)) push(t + 3600, kUnsubscribe, 0, 0, static_cast<std::uint8_t>(rng.below(2)));
  }
  // Top up with product views (rare: sessions usually give enough), then cut to `count`.
  while (evs.size() - begin < count) {
    push(rng.below(kSpan), kViewedProduct, rng.below(5000), 900 + rng.below(15000));
  }
  evs.resize(begin + count);
}

void write_event(std::string& b, const Ev& e, const IdFormat& ids) {
  b += "    {\"at\": \"";
  append_instant(b, kStart + e.t);
  b += "\", \"contact\": \"";
  ids.append(b, e.contact);
  b += "\", \"type\": \"";
  b += kTypeNames[e.type];
  b += '"';
  switch (e.type) {
    case kSignedUp:
      b += ", \"properties\": {\"source\": \"";
      b += kSignupForms[e.a % 4];
      b += "\"}";
      break;
    case kSearched:
      b += ", \"properties\": {\"query\": \"";
      b += kQueries[e.a];
      b += "\"}";
      break;
    case kViewedProduct:
      b += ", \"properties\": {\"product_id\": \"p";
      append_uint(b, e.a);
      b += "\", \"category\": \"";
      b += kCategories[e.a % (sizeof kCategories / sizeof kCategories[0])];
      b += "\", \"price\": ";
      append_money(b, e.cents);
      b += "}";
      break;
    case kCheckoutStarted:
      b += ", \"properties\": {\"cart_value\": ";
      append_money(b, e.cents);
      b += ", \"items\": ";
      append_uint(b, e.b);
      b += ", \"currency\": \"EUR\"}";
      break;
    case kOrderCompleted:
      b += ", \"id\": \"oc-";
      append_uint(b, e.a);
      b += "\", \"properties\": {\"order_id\": \"o";
      append_uint(b, e.a);
      b += "\", \"total\": ";
      append_money(b, e.cents);
      b += ", \"items\": ";
      append_uint(b, e.b);
      b += ", \"currency\": \"EUR\"}";
      break;
    case kOrderShipped:
      b += ", \"id\": \"os-";
      append_uint(b, e.a);
      b += "\", \"properties\": {\"order_id\": \"o";
      append_uint(b, e.a);
      b += "\", \"carrier\": \"";
      b += kCarriers[e.b % 5];
      b += "\"}";
      break;
    case kIdentify:
      b += ", \"properties\": {";
      if (e.flag == 0) {
        b += "\"email\": \"user";
        append_uint(b, e.a + 1);
        b += "@example.com\"";
      } else if (e.flag == 1) {
        b += "\"plan\": \"";
        b += e.cents % 3 == 0 ? "free" : "pro";
        b += "\"";
      } else {
        b += "\"first_name\": ";
        append_string(b, kFirstNames[e.cents % (sizeof kFirstNames / sizeof kFirstNames[0])]);
        b += ", \"last_login_days\": ";
        append_uint(b, e.cents % 30);
      }
      b += "}";
      break;
    case kUnsubscribe:
      if (e.flag == 0) b += ", \"properties\": {\"channel\": \"email\"}";
      break;
    default:
      break;
  }
  b += "}";
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  std::FILE* f = stdout;
  if (!o.out.empty()) {
    f = std::fopen(o.out.c_str(), "wb");
    if (!f) {
      std::perror(o.out.c_str());
      return 1;
    }
  }
  const std::uint32_t n = static_cast<std::uint32_t>(o.contacts);
  IdFormat ids{std::max(7, static_cast<int>(std::to_string(o.contacts).size()))};
  {
    Out out(f);
    std::string& b = out.buf();
    b += "{\n  \"format\": \"flowcast/1\",\n  \"name\": \"Synthetic shop population: ";
    append_uint(b, o.contacts);
    b += " contacts\",\n  \"description\": \"gen_population --contacts ";
    append_uint(b, o.contacts);
    b += " --events-per-contact ";
    append_uint(b, o.events_per_contact);
    b += " --workflows ";
    append_uint(b, o.workflows);
    b += " --seed ";
    append_uint(b, o.seed);
    b += "\",\n  \"settings\": {\"start\": \"";
    append_instant(b, kStart);
    b += "\", \"end\": \"";
    append_instant(b, kStart + kSpan);
    b += "\", \"timezone\": \"Europe/Paris\", "
         "\"quiet_hours\": {\"start\": \"21:00\", \"end\": \"08:00\"}, "
         "\"frequency_cap\": {\"max\": 3, \"window\": \"1d\"}, \"seed\": ";
    append_uint(b, o.seed);
    b += "},\n";
    b += kTemplates;
    write_workflows(out, o.workflows);

    // Contacts are written as they are generated; their events are kept compact for sorting.
    b += "  \"contacts\": [\n";
    std::vector<Ev> evs;
    evs.reserve(static_cast<std::size_t>(n) * o.events_per_contact);
    std::uint32_t next_order = 100001;
    for (std::uint32_t i = 0; i < n; ++i) {
      SplitMix64 rng(o.seed * 0x9E3779B97F4A7C15ULL ^ (static_cast<std::uint64_t>(i) << 1));
      rng.next();
      ContactGen g = write_contact(out, ids, i, rng, i == 0);
      out.maybe_flush();
      gen_events(evs, i, o.events_per_contact, g, rng, next_order);
    }
    b += "\n  ],\n";

    // Roughly what a shop's event log looks like: in time order (ties by contact, then as
    // generated). stable_sort keeps the per-contact generation order for equal instants.
    std::stable_sort(evs.begin(), evs.end(), [](const Ev& x, const Ev& y) { return x.t < y.t; });
    b += "  \"events\": [\n";
    for (std::size_t k = 0; k < evs.size(); ++k) {
      write_event(b, evs[k], ids);
      b += k + 1 < evs.size() ? ",\n" : "\n";
      out.maybe_flush();
    }
    b += "  ]\n}\n";
  }
  if (f != stdout && std::fclose(f) != 0) {
    std::perror(o.out.c_str());
    return 1;
  }
  if (f == stdout) std::fflush(stdout);
  return 0;
}

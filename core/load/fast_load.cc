// The fast load path for large scenario files (native builds with simdjson only).
//
// It either accepts a file, returning exactly what load_scenario_slow would (the same Scenario,
// the same warnings), or declines ("not sure"), and then the caller runs the slow path on the same
// text, which produces every message. It never reports an error itself.
//
// How, without building a DOM of the whole file:
//   - A small scanner walks the top-level object: BOM, whitespace, keys, ':' and ','. It finds the
//     extent of each value by bracket matching (strings skipped with memchr), and the element
//     boundaries inside `contacts` and `events`. It only has to be right for valid JSON: every
//     byte between the boundaries it checks itself is then parsed by a real, validating parser,
//     so a wrong boundary can only make that parser fail (and the fast path decline).
//   - The small sections (format, name, description, settings, templates, workflows, expect) are
//     parsed with the slow path's own nlohmann parser (duplicate keys included) and fed to the
//     existing validators (load_detail::validate_owned_document).
//   - `contacts` and `events` go through simdjson in batches of about kBatchBytes: the elements of
//     a batch are copied, wrapped in [ ], into one padded buffer, parsed with simdjson's DOM
//     parser (which validates the JSON, UTF-8 included) and converted straight into Contact and
//     Event, with checks exactly as strict as validate_data.cc; anything else declines. simdjson's
//     memory is therefore bounded by the batch size and freed before validation.
// Where the two JSON parsers could disagree, the fast path declines:
//   - duplicate keys at any depth, nesting deeper than kMaxDepth, unknown or repeated top-level
//     keys, escaped top-level keys;
//   - the integer `-0` in contacts or events (nlohmann: a signed integer; simdjson cannot tell it
//     from `0`, which nlohmann makes unsigned);
//   - integers beyond 64 bits and out-of-range floats (simdjson refuses them; nlohmann makes
//     floats of the former and refuses the latter).
//   Otherwise numbers map exactly: simdjson's int64 >= 0 and uint64 become nlohmann's unsigned,
//   negative int64 its signed integer, doubles its float (both round correctly).
#include "core/load/internal.h"

#ifdef FLOWCAST_HAVE_SIMDJSON

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_set>
#include <utility>

#include "core/time/instant.h"

namespace flowcast {

bool fast_load_available() { return true; }

namespace {

using load_detail::kMaxDepth;
using load_detail::PrebuiltData;

// Thrown anywhere inside the fast path when it cannot decide; caught in load_scenario_fast.
struct Decline {};
[[noreturn]] void decline() { throw Decline{}; }

// About this many bytes of elements are parsed by simdjson at once.
constexpr std::size_t kBatchBytes = std::size_t{1} << 20;

constexpr bool is_ws(unsigned char ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

// Bytes that matter to bracket matching (outside strings): quote, brackets and '-' (for -0).
constexpr std::array<bool, 256> kSpecial = [] {
  std::array<bool, 256> t{};
  for (unsigned char ch : {'"', '{', '[', '}', ']', '-'}) t[ch] = true;
  return t;
}();

// Positions in the file text. Every function declines rather than read past the end.
class Scanner {
 public:
  explicit Scanner(std::string_view t)
      : s_(reinterpret_cast<const unsigned char*>(t.data())), n_(t.size()) {}

  std::size_t size() const { return n_; }
  // The byte at i, or -1 past the end.
  int peek(std::size_t i) const { return i < n_ ? s_[i] : -1; }

  std::size_t skip_ws(std::size_t i) const {
    while (i < n_ && is_ws(s_[i])) ++i;
    return i;
  }

  // REQUIRES s_[i] == '"'. The index after the closing quote.
  std::size_t string_end(std::size_t i) const {
    std::size_t p = i + 1;
    for (;;) {
      if (p >= n_) decline();
      const void* q = std::memchr(s_ + p, '"', n_ - p);
      if (q == nullptr) decline();
      const std::size_t k = static_cast<std::size_t>(static_cast<const unsigned char*>(q) - s_);
      std::size_t b = k;
      while (s_[b - 1] == '\\') --b;  // stops at the opening quote at the latest
      if (((k - b) & 1) == 0) return k + 1;
      p = k + 1;
    }
  }

  // REQUIRES s_[i] is '{' or '['; `level` is its nesting level (the top-level object is 1).
  // The index after the matching bracket. Declines when anything nests deeper than kMaxDepth,
  // and, with `no_minus_zero`, on the integer -0.
  template <bool no_minus_zero>
  std::size_t container_end(std::size_t i, std::size_t level) const {
    if (level > kMaxDepth) decline();
    std::size_t open = 1;
    std::size_t p = i + 1;
    for (;;) {
      while (p < n_ && !kSpecial[s_[p]]) ++p;
      if (p >= n_) decline();
      switch (s_[p]) {
        case '"':
          p = string_end(p);
          continue;
        case '{':
        case '[':
          if (level + open > kMaxDepth) decline();
          ++open;
          break;
        case '}':
        case ']':
          if (--open == 0) return p + 1;
          break;
        default:  // '-'
          if constexpr (no_minus_zero) {
            if (peek(p + 1) == '0') {
              const int next = peek(p + 2);
              if (next != '.' && next != 'e' && next != 'E') decline();
            }
          }
          break;
      }
      ++p;
    }
  }

  // The extent of the value starting at i (at nesting level `level` if it is a container).
  // Only bytes that can start a JSON value are accepted here, so that the parser given the
  // extent alone sees it exactly as it stands in the file (nlohmann would skip a BOM).
  std::size_t value_end(std::size_t i, std::size_t level) const {
    const int ch = peek(i);
    if (ch == '{' || ch == '[') return container_end<false>(i, level);
    if (ch == '"') return string_end(i);
    if (ch == '-' || (ch >= '0' && ch <= '9') || ch == 't' || ch == 'f' || ch == 'n') {
      std::size_t p = i;
      while (p < n_ && !is_ws(s_[p]) && s_[p] != ',' && s_[p] != '}' && s_[p] != ']') ++p;
      return p;
    }
    decline();
  }

 private:
  const unsigned char* s_;
  std::size_t n_;
};

// ---- simdjson values -> nlohmann values ----------------------------------------------------

simdjson::dom::object get_object(simdjson::dom::element e) {
  simdjson::dom::object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) decline();
  return o;
}

std::string_view get_string(simdjson::dom::element e) {
  std::string_view v;
  if (e.get_string().get(v) != simdjson::SUCCESS) decline();
  return v;
}

// As nlohmann's parser builds it. Recursion is bounded: the scanner refused deeper nesting.
void to_json(simdjson::dom::element e, Json& out) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::OBJECT: {
      // Contact and Event properties start as an empty object: filled in place.
      if (!out.is_object() || !out.empty()) out = Json::object();
      auto& obj = out.get_ref<Json::object_t&>();
      for (simdjson::dom::key_value_pair kv : get_object(e)) {
        auto [it, inserted] = obj.try_emplace(std::string(kv.key));
        if (!inserted) decline();  // a duplicate key: the slow path reports it
        to_json(kv.value, it->second);
      }
      return;
    }
    case element_type::ARRAY: {
      out = Json::array();
      auto& arr = out.get_ref<Json::array_t&>();
      simdjson::dom::array a;
      if (e.get_array().get(a) != simdjson::SUCCESS) decline();
      arr.reserve(a.size());
      for (simdjson::dom::element child : a) {
        arr.emplace_back();
        to_json(child, arr.back());
      }
      return;
    }
    case element_type::INT64: {
      const std::int64_t v = e.get_int64().value_unsafe();
      // nlohmann: a number without '-' is unsigned (-0 never gets here, see the scanner).
      if (v >= 0) {
        out = Json(static_cast<Json::number_unsigned_t>(v));
      } else {
        out = Json(static_cast<Json::number_integer_t>(v));
      }
      return;
    }
    case element_type::UINT64:
      out = Json(static_cast<Json::number_unsigned_t>(e.get_uint64().value_unsafe()));
      return;
    case element_type::DOUBLE:
      out = Json(static_cast<Json::number_float_t>(e.get_double().value_unsafe()));
      return;
    case element_type::STRING:
      out = Json(std::string(get_string(e)));
      return;
    case element_type::BOOL:
      out = Json(e.get_bool().value_unsafe());
      return;
    case element_type::NULL_VALUE:
      out = Json(nullptr);
      return;
  }
  decline();
}

// Properties: an object, else the slow path reports it.
void properties_object(simdjson::dom::element e, Json& out) {
  if (e.type() != simdjson::dom::element_type::OBJECT) decline();
  to_json(e, out);
}

// Event properties: an object, else the slow path reports it. Built straight into the compact
// form; `scratch` is reused from event to event.
Properties event_properties(simdjson::dom::element e,
                            std::vector<std::pair<std::string, Json>>& scratch) {
  if (e.type() != simdjson::dom::element_type::OBJECT) decline();
  scratch.clear();
  for (simdjson::dom::key_value_pair kv : get_object(e)) {
    scratch.emplace_back(std::string(kv.key), Json());
    to_json(kv.value, scratch.back().second);
  }
  std::sort(scratch.begin(), scratch.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 1; i < scratch.size(); ++i) {
    if (scratch[i - 1].first == scratch[i].first) decline();  // the slow path reports it
  }
  return Properties::from_sorted(scratch);
}

// read_id: a non-empty string.
std::string id_string(simdjson::dom::element e) {
  std::string_view v = get_string(e);
  if (v.empty()) decline();
  return std::string(v);
}

// read_nullable_string.
std::optional<std::string> nullable_string(simdjson::dom::element e) {
  if (e.is_null()) return std::nullopt;
  return std::string(get_string(e));
}

// Index of `key` in `names`, else decline (unknown keys are errors).
template <std::size_t N>
std::size_t key_index(std::string_view key, const std::string_view (&names)[N]) {
  for (std::size_t k = 0; k < N; ++k) {
    if (names[k].size() == key.size() && names[k][0] == key[0] && names[k] == key) return k;
  }
  decline();
}

// ---- contacts and events -------------------------------------------------------------------

constexpr std::string_view kContactKeys[] = {"id",       "email",      "phone",
                                             "timezone", "properties", "subscriptions"};
constexpr std::string_view kEventKeys[] = {"at", "contact", "type", "properties", "id"};

// Reads the `contacts` and `events` arrays in batches; owns the simdjson parser and buffer.
class DataReader {
 public:
  DataReader(const Scanner& scan, std::string_view text, const time::ZoneSource* zones,
             time::ZoneCache* cache)
      : scan_(scan), text_(text), zones_(zones), cache_(cache) {}

  // REQUIRES i is the start of the value. Returns the index after it.
  std::size_t contacts(std::size_t i, std::vector<Contact>& out) {
    const std::size_t end =
        read_array(i, [&](simdjson::dom::element e) { contact(e, out.emplace_back()); },
                   [&](std::size_t n) { out.reserve(n); });
    // Duplicate ids are errors. The ids are checked once the vector no longer moves.
    std::unordered_set<std::string_view> ids;
    ids.reserve(out.size());
    for (const Contact& c : out) {
      if (!ids.insert(c.id).second) decline();
    }
    return end;
  }

  std::size_t events(std::size_t i, std::vector<Event>& out) {
    return read_array(i,
                      [&](simdjson::dom::element e) {
                        if (out.size() >= 0xFFFFFFFFu) decline();  // "too many events"
                        const auto index = static_cast<std::uint32_t>(out.size());
                        event(e, index, out.emplace_back());
                      },
                      [&](std::size_t n) { out.reserve(n); });
  }

 private:
  // An array of objects; `each` gets every element in order. `reserve` gets an estimate of the
  // element count from the first batch (capacity only: pages never touched cost nothing).
  template <typename Each, typename Reserve>
  std::size_t read_array(std::size_t i, Each&& each, Reserve&& reserve) {
    if (scan_.peek(i) != '[') decline();
    std::size_t p = scan_.skip_ws(i + 1);
    if (scan_.peek(p) == ']') return p + 1;
    const std::size_t array_start = p;
    std::size_t batch_start = p;
    std::size_t batch_count = 0;
    bool first_batch = true;
    for (;;) {
      if (scan_.peek(p) != '{') decline();  // not an object: an error
      const std::size_t end = scan_.container_end<true>(p, 3);  // top object, array, element
      ++batch_count;
      const std::size_t q = scan_.skip_ws(end);
      const int ch = scan_.peek(q);
      const bool last = ch == ']';
      if (!last && ch != ',') decline();
      if (last || end - batch_start >= kBatchBytes) {
        if (first_batch) {
          first_batch = false;
          if (!last) {
            // Elements per byte so far, over the rest of the file: an upper bound in practice.
            const double per_byte = static_cast<double>(batch_count) /
                                    static_cast<double>(end - array_start);
            reserve(static_cast<std::size_t>(per_byte * static_cast<double>(scan_.size() -
                                                                            array_start) *
                                              1.05) +
                    16);
          }
        }
        parse_batch(batch_start, end, batch_count, each);
        batch_count = 0;
      }
      if (last) return q + 1;
      p = scan_.skip_ws(q + 1);
      if (batch_count == 0) batch_start = p;
    }
  }

  // Parses text[begin, end) (elements and the separators between them) as one array.
  template <typename Each>
  void parse_batch(std::size_t begin, std::size_t end, std::size_t count, Each& each) {
    const std::size_t len = end - begin + 2;
    if (buffer_.size() < len + simdjson::SIMDJSON_PADDING) {
      buffer_.resize(len + simdjson::SIMDJSON_PADDING);
    }
    buffer_[0] = '[';
    std::memcpy(buffer_.data() + 1, text_.data() + begin, end - begin);
    buffer_[len - 1] = ']';
    simdjson::dom::element root;
    if (parser_.parse(buffer_.data(), len, false).get(root) != simdjson::SUCCESS) decline();
    simdjson::dom::array arr;
    if (root.get_array().get(arr) != simdjson::SUCCESS) decline();
    std::size_t seen = 0;
    for (simdjson::dom::element e : arr) {
      ++seen;
      each(e);
    }
    if (seen != count) decline();
  }

  // As validate_contacts.
  void contact(simdjson::dom::element e, Contact& c) {
    unsigned seen = 0;
    for (simdjson::dom::key_value_pair kv : get_object(e)) {
      const std::size_t k = key_index(kv.key, kContactKeys);
      if ((seen >> k) & 1u) decline();
      seen |= 1u << k;
      switch (k) {
        case 0:
          c.id = id_string(kv.value);
          break;
        case 1:
          c.email = nullable_string(kv.value);
          break;
        case 2:
          c.phone = nullable_string(kv.value);
          break;
        case 3:
          c.timezone = timezone(get_string(kv.value));
          break;
        case 4:
          properties_object(kv.value, c.properties);
          break;
        default:
          subscriptions(kv.value, c);
          break;
      }
    }
    if ((seen & 1u) == 0) decline();  // no id
  }

  // As read_timezone.
  std::string timezone(std::string_view name) {
    if (!last_zone_ || name != *last_zone_) {
      if (name.empty() || (zones_ == nullptr && name != "UTC") ||
          cache_->find(name) == nullptr) {
        decline();
      }
      last_zone_ = std::string(name);
    }
    return *last_zone_;
  }

  // As validate_subscriptions.
  void subscriptions(simdjson::dom::element e, Contact& c) {
    for (simdjson::dom::key_value_pair kv : get_object(e)) {
      const std::size_t k = key_index(kv.key, load_detail::kChannelNames);
      bool b = false;
      if (kv.value.get_bool().get(b) != simdjson::SUCCESS) decline();
      if (!c.subscriptions.emplace(std::string(load_detail::kChannelNames[k]), b).second) {
        decline();  // a duplicate key
      }
    }
  }

  // As validate_events.
  void event(simdjson::dom::element e, std::uint32_t index, Event& ev) {
    ev.file_index = index;
    unsigned seen = 0;
    simdjson::dom::element props;
    for (simdjson::dom::key_value_pair kv : get_object(e)) {
      const std::size_t k = key_index(kv.key, kEventKeys);
      if ((seen >> k) & 1u) decline();
      seen |= 1u << k;
      switch (k) {
        case 0: {
          std::optional<time::Instant> t = time::parse_instant(get_string(kv.value));
          if (!t) decline();
          ev.at = *t;
          break;
        }
        case 1:
          ev.contact = id_string(kv.value);
          break;
        case 2:
          ev.type = id_string(kv.value);
          break;
        case 3:
          props = kv.value;
          break;
        default:
          ev.id = id_string(kv.value);
          break;
      }
    }
    if ((seen & 7u) != 7u) decline();  // at, contact and type are required
    if ((seen >> 3) & 1u) {
      ev.properties = event_properties(props, members_);
      special_event(ev.type, ev.properties);
    }
  }

  // As validate_special_event (duplicate keys already declined by properties_object).
  static void special_event(std::string_view type, const Properties& props) {
    if (type == "identify") {
      for (const char* k : {"email", "phone"}) {
        const std::optional<PropertyValue> v = props.find(k);
        if (v && !v->is_null() && !v->is_string()) decline();
      }
    } else if (type == "subscribe" || type == "unsubscribe") {
      const std::optional<PropertyValue> v = props.find("channel");
      if (v && (!v->is_string() || !load_detail::channel_from_name(v->string()))) {
        decline();
      }
    }
  }

  const Scanner& scan_;
  std::string_view text_;
  const time::ZoneSource* zones_;
  time::ZoneCache* cache_;
  std::optional<std::string> last_zone_;  // the last time zone name found known
  simdjson::dom::parser parser_;
  std::vector<std::pair<std::string, Json>> members_;  // event_properties() scratch
  std::vector<char> buffer_;
};

// ---- the top level -------------------------------------------------------------------------

constexpr std::string_view kTopKeys[] = {"format",   "name",      "description",
                                         "settings", "templates", "workflows",
                                         "contacts", "events",    "expect"};
constexpr std::size_t kContacts = 6;
constexpr std::size_t kEvents = 7;

template <typename T>
void shrink_if_oversized(std::optional<std::vector<T>>& v) {
  if (v && v->capacity() > v->size() + v->size() / 4) v->shrink_to_fit();
}

LoadResult fast_load(std::string_view text, const time::ZoneSource* zones) {
  const Scanner scan(text);
  std::size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // nlohmann skips a leading BOM
  i = scan.skip_ws(i);
  if (scan.peek(i) != '{') decline();
  i = scan.skip_ws(i + 1);
  if (scan.peek(i) == '}') decline();  // {}: required keys missing

  Json doc = Json::object();  // the small sections, for the ordinary validators
  PrebuiltData pre;
  auto cache = std::make_shared<time::ZoneCache>(zones);
  {
    DataReader reader(scan, text, zones, cache.get());
    unsigned seen = 0;
    for (;;) {
      if (scan.peek(i) != '"') decline();
      const std::size_t key_end = scan.string_end(i);
      // An escaped key (a backslash) matches no name here, and declines.
      const std::size_t k = key_index(text.substr(i + 1, key_end - i - 2), kTopKeys);
      if ((seen >> k) & 1u) decline();  // a duplicate key
      seen |= 1u << k;
      i = scan.skip_ws(key_end);
      if (scan.peek(i) != ':') decline();
      i = scan.skip_ws(i + 1);
      if (k == kContacts) {
        i = reader.contacts(i, pre.contacts.emplace());
      } else if (k == kEvents) {
        i = reader.events(i, pre.events.emplace());
      } else {
        const std::size_t end = scan.value_end(i, 2);
        Json value;
        load_detail::Ctx parse_ctx;
        if (!load_detail::parse_json(text.substr(i, end - i), value, parse_ctx) ||
            parse_ctx.error_count != 0) {
          decline();
        }
        doc.emplace(std::string(kTopKeys[k]), std::move(value));
        i = end;
      }
      i = scan.skip_ws(i);
      const int ch = scan.peek(i);
      if (ch == '}') break;
      if (ch != ',') decline();
      i = scan.skip_ws(i + 1);
    }
  }  // simdjson's parser and buffer are freed here
  if (scan.skip_ws(i + 1) != text.size()) decline();  // trailing garbage

  // The capacity estimates can be far too high (contacts before a large events array).
  shrink_if_oversized(pre.contacts);
  shrink_if_oversized(pre.events);
  LoadResult r = load_detail::validate_owned_document(doc, zones, std::move(cache), &pre);
  if (!r.ok()) decline();  // errors in the small sections: the slow path reports them
  return r;
}

}  // namespace

std::optional<LoadResult> load_scenario_fast(std::string_view text,
                                             const time::ZoneSource* zones) {
  try {
    return fast_load(text, zones);
  } catch (...) {
    // Decline, or anything unexpected (out of memory included): the slow path decides.
    return std::nullopt;
  }
}

}  // namespace flowcast

#else  // no simdjson: the WebAssembly build

namespace flowcast {

bool fast_load_available() { return false; }

std::optional<LoadResult> load_scenario_fast(std::string_view, const time::ZoneSource*) {
  return std::nullopt;
}

}  // namespace flowcast

#endif

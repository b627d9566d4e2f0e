#include "core/model/properties.h"

#include <cstring>
#include <new>
#include <utility>

namespace flowcast {

// Block layout: Header, then `count` Slots, then the text: key characters and string values,
// unterminated, in slot order.
struct Properties::Header {
  std::uint32_t count = 0;       // slots constructed so far (all of them once built)
  std::uint32_t text_bytes = 0;
};

struct Properties::Slot {
  // A Json for values other than strings; for strings, (offset, size) in the text.
  alignas(Json) std::byte value[sizeof(Json)];
  std::uint32_t key_offset = 0;
  std::uint32_t key_size : 31 = 0;
  std::uint32_t is_string : 1 = 0;

  Json& json() { return *std::launder(reinterpret_cast<Json*>(value)); }
  const Json& json() const { return *std::launder(reinterpret_cast<const Json*>(value)); }
  std::pair<std::uint32_t, std::uint32_t> string_at() const {
    std::pair<std::uint32_t, std::uint32_t> at;
    std::memcpy(&at.first, value, 4);
    std::memcpy(&at.second, value + 4, 4);
    return at;
  }
};

namespace {

constexpr std::size_t kSlotsOffset = 8;  // sizeof(Header), rounded up to Json's alignment
static_assert(alignof(Json) <= 8);

}  // namespace

bool PropertyValue::operator==(const Json& j) const {
  if (is_string_) return j.is_string() && j.get_ref<const std::string&>() == str_;
  return *json_ == j;
}

template <typename ForEach>
void Properties::build(std::size_t count, const ForEach& for_each) {
  if (count == 0) return;
  std::size_t text_bytes = 0;
  for_each([&](std::string_view k, const Json& v) {
    text_bytes += k.size();
    if (v.is_string()) text_bytes += v.get_ref<const std::string&>().size();
  });
  block_ = static_cast<std::byte*>(::operator new(kSlotsOffset + count * sizeof(Slot) + text_bytes));
  // Count 0 until the slots exist: a throw while filling them releases only what was built.
  auto* header = new (block_) Header{0, static_cast<std::uint32_t>(text_bytes)};
  auto* slot = reinterpret_cast<Slot*>(block_ + kSlotsOffset);
  char* text = reinterpret_cast<char*>(block_ + kSlotsOffset + count * sizeof(Slot));
  std::uint32_t offset = 0;
  auto append = [&](std::string_view s) {
    std::memcpy(text + offset, s.data(), s.size());
    offset += static_cast<std::uint32_t>(s.size());
  };
  try {
    for_each([&](std::string_view k, const Json& v) {
      Slot* s = new (slot + header->count) Slot;
      s->key_offset = offset;
      s->key_size = static_cast<std::uint32_t>(k.size()) & 0x7fffffffu;
      append(k);
      if (v.is_string()) {
        const std::string& str = v.get_ref<const std::string&>();
        const std::uint32_t at[2] = {offset, static_cast<std::uint32_t>(str.size())};
        std::memcpy(s->value, at, sizeof at);
        s->is_string = 1;
        append(str);
      } else {
        new (s->value) Json(v);
      }
      ++header->count;
    });
  } catch (...) {
    release();
    throw;
  }
}

Properties::Properties(const Json& object) {
  if (!object.is_object()) return;
  build(object.size(), [&](const auto& fn) {
    // nlohmann objects iterate in key order: the slots come out sorted.
    for (auto it = object.begin(); it != object.end(); ++it) fn(it.key(), *it);
  });
}

Properties Properties::from_sorted(std::span<const std::pair<std::string, Json>> members) {
  Properties p;
  p.build(members.size(), [&](const auto& fn) {
    for (const auto& [k, v] : members) fn(k, v);
  });
  return p;
}

Properties::Properties(const Properties& o) {
  build(o.size(), [&](const auto& fn) {
    for (Member m : o) {
      if (m.value.is_string()) {
        fn(m.key, Json(std::string(m.value.string())));
      } else {
        fn(m.key, m.value.json());
      }
    }
  });
}

Properties& Properties::operator=(const Properties& o) {
  if (this != &o) {
    Properties copy(o);
    *this = std::move(copy);
  }
  return *this;
}

Properties& Properties::operator=(Properties&& o) noexcept {
  if (this != &o) {
    release();
    block_ = std::exchange(o.block_, nullptr);
  }
  return *this;
}

Properties::~Properties() { release(); }

void Properties::release() noexcept {
  if (block_ == nullptr) return;
  const auto* h = reinterpret_cast<const Header*>(block_);
  auto* slot = reinterpret_cast<Slot*>(block_ + kSlotsOffset);
  for (std::uint32_t i = 0; i < h->count; ++i) {
    if (!slot[i].is_string) slot[i].json().~Json();
  }
  ::operator delete(block_);
  block_ = nullptr;
}

std::size_t Properties::size() const {
  return block_ == nullptr ? 0 : reinterpret_cast<const Header*>(block_)->count;
}

const Properties::Slot* Properties::slots() const {
  return reinterpret_cast<const Slot*>(block_ + kSlotsOffset);
}

const char* Properties::text() const {
  return reinterpret_cast<const char*>(block_ + kSlotsOffset + size() * sizeof(Slot));
}

std::string_view Properties::key(const Slot& s) const {
  return {text() + s.key_offset, s.key_size};
}

PropertyValue Properties::value(const Slot& s) const {
  if (!s.is_string) return PropertyValue(s.json());
  const auto [offset, length] = s.string_at();
  return PropertyValue(std::string_view(text() + offset, length));
}

Properties::Member Properties::Iterator::operator*() const {
  const Slot& s = p_->slots()[i_];
  return {p_->key(s), p_->value(s)};
}

std::optional<PropertyValue> Properties::find(std::string_view k) const {
  // Events have a handful of properties: a linear scan beats a binary search.
  const std::size_t n = size();
  if (n == 0) return std::nullopt;
  const Slot* s = slots();
  const char* t = text();
  for (std::size_t i = 0; i < n; ++i) {
    if (s[i].key_size == k.size() && std::memcmp(t + s[i].key_offset, k.data(), k.size()) == 0) {
      return value(s[i]);
    }
  }
  return std::nullopt;
}

Json Properties::to_json() const {
  Json out = Json::object();
  for (Member m : *this) out.emplace(std::string(m.key), m.value.to_json());
  return out;
}

bool Properties::operator==(const Properties& o) const {
  if (size() != o.size()) return false;
  for (auto a = begin(), b = o.begin(); a != end(); ++a, ++b) {
    const Member x = *a;
    const Member y = *b;
    if (x.key != y.key || x.value.is_string() != y.value.is_string()) return false;
    if (x.value.is_string() ? x.value.string() != y.value.string()
                            : x.value.json() != y.value.json()) {
      return false;
    }
  }
  return true;
}

bool Properties::operator==(const Json& o) const {
  if (!o.is_object() || o.size() != size()) return false;
  auto b = o.begin();
  for (auto a = begin(); a != end(); ++a, ++b) {
    const Member x = *a;
    if (x.key != b.key() || !(x.value == *b)) return false;
  }
  return true;
}

std::size_t Properties::allocated_bytes() const {
  if (block_ == nullptr) return 0;
  const auto* h = reinterpret_cast<const Header*>(block_);
  return kSlotsOffset + h->count * sizeof(Slot) + h->text_bytes;
}

}  // namespace flowcast

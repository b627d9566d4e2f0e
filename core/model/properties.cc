#include "core/model/properties.h"

#include <cstring>
#include <new>
#include <utility>

namespace flowcast {

// Block layout: Header, then `count` Slots, then the key characters (not terminated).
struct Properties::Header {
  std::uint32_t count = 0;
  std::uint32_t key_bytes = 0;
};

struct Properties::Slot {
  Json value;
  std::uint32_t key_offset = 0;  // from the start of the key characters
  std::uint32_t key_size = 0;
};

namespace {

constexpr std::size_t kSlotsOffset = 8;  // sizeof(Header), rounded up to Json's alignment
static_assert(alignof(Json) <= 8);

std::size_t block_size(std::uint32_t count, std::uint32_t key_bytes, std::size_t slot_size) {
  return kSlotsOffset + count * slot_size + key_bytes;
}

}  // namespace

void Properties::allocate(std::uint32_t count, std::size_t key_bytes) {
  block_ = static_cast<std::byte*>(
      ::operator new(block_size(count, static_cast<std::uint32_t>(key_bytes), sizeof(Slot))));
  // Count 0 until the slots exist: a throw while filling them releases only what was built.
  new (block_) Header{0, static_cast<std::uint32_t>(key_bytes)};
}

void Properties::emplace(std::uint32_t& key_offset, std::string_view k, Json&& value) {
  auto* h = reinterpret_cast<Header*>(block_);
  new (reinterpret_cast<Slot*>(block_ + kSlotsOffset) + h->count)
      Slot{std::move(value), key_offset, static_cast<std::uint32_t>(k.size())};
  ++h->count;
  key_offset += static_cast<std::uint32_t>(k.size());
}

template <typename J>
void Properties::build(J&& object) {
  if (!object.is_object() || object.empty()) return;
  std::size_t key_bytes = 0;
  for (auto it = object.begin(); it != object.end(); ++it) key_bytes += it.key().size();
  const auto count = static_cast<std::uint32_t>(object.size());
  allocate(count, key_bytes);
  char* keys = reinterpret_cast<char*>(block_ + kSlotsOffset + count * sizeof(Slot));
  std::uint32_t offset = 0;
  // nlohmann objects iterate in key order: the slots come out sorted.
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string& k = it.key();
    std::memcpy(keys + offset, k.data(), k.size());
    if constexpr (std::is_rvalue_reference_v<J&&>) {
      emplace(offset, k, std::move(*it));
    } else {
      emplace(offset, k, Json(*it));
    }
  }
}

Properties Properties::from_sorted(std::span<std::pair<std::string, Json>> members) {
  Properties p;
  if (members.empty()) return p;
  std::size_t key_bytes = 0;
  for (const auto& m : members) key_bytes += m.first.size();
  const auto count = static_cast<std::uint32_t>(members.size());
  p.allocate(count, key_bytes);
  char* keys = reinterpret_cast<char*>(p.block_ + kSlotsOffset + count * sizeof(Slot));
  std::uint32_t offset = 0;
  for (auto& [k, v] : members) {
    std::memcpy(keys + offset, k.data(), k.size());
    p.emplace(offset, k, std::move(v));
  }
  return p;
}

// A throw while building (out of memory) releases the slots built so far.
Properties::Properties(const Json& object) {
  try {
    build(object);
  } catch (...) {
    release();
    throw;
  }
}

Properties::Properties(Json&& object) {
  try {
    build(std::move(object));
  } catch (...) {
    release();
    throw;
  }
}

Properties::Properties(const Properties& o) {
  if (o.block_ == nullptr) return;
  const auto* h = reinterpret_cast<const Header*>(o.block_);
  try {
    allocate(h->count, h->key_bytes);
    std::memcpy(block_ + kSlotsOffset + h->count * sizeof(Slot),
                o.block_ + kSlotsOffset + h->count * sizeof(Slot), h->key_bytes);
    std::uint32_t offset = 0;
    for (Member m : o) emplace(offset, m.key, Json(m.value));
  } catch (...) {
    release();
    throw;
  }
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
  for (std::uint32_t i = 0; i < h->count; ++i) slot[i].~Slot();
  ::operator delete(block_);
  block_ = nullptr;
}

std::size_t Properties::size() const {
  return block_ == nullptr ? 0 : reinterpret_cast<const Header*>(block_)->count;
}

const Properties::Slot* Properties::slots() const {
  return reinterpret_cast<const Slot*>(block_ + kSlotsOffset);
}

std::string_view Properties::key(const Slot& s) const {
  const char* keys = reinterpret_cast<const char*>(block_ + kSlotsOffset + size() * sizeof(Slot));
  return {keys + s.key_offset, s.key_size};
}

Properties::Member Properties::Iterator::operator*() const {
  const Slot& s = p_->slots()[i_];
  return {p_->key(s), s.value};
}

const Json* Properties::find(std::string_view k) const {
  // Events have a handful of properties: a linear scan beats a binary search.
  const std::size_t n = size();
  if (n == 0) return nullptr;
  const Slot* s = slots();
  for (std::size_t i = 0; i < n; ++i) {
    if (s[i].key_size == k.size() && key(s[i]) == k) return &s[i].value;
  }
  return nullptr;
}

Json Properties::to_json() const {
  Json out = Json::object();
  for (Member m : *this) out.emplace(std::string(m.key), m.value);
  return out;
}

bool Properties::operator==(const Properties& o) const {
  if (size() != o.size()) return false;
  for (auto a = begin(), b = o.begin(); a != end(); ++a, ++b) {
    Member x = *a;
    Member y = *b;
    if (x.key != y.key || x.value != y.value) return false;
  }
  return true;
}

bool Properties::operator==(const Json& o) const {
  if (!o.is_object() || o.size() != size()) return false;
  auto b = o.begin();
  for (auto a = begin(); a != end(); ++a, ++b) {
    Member x = *a;
    if (x.key != b.key() || x.value != *b) return false;
  }
  return true;
}

std::size_t Properties::allocated_bytes() const {
  if (block_ == nullptr) return 0;
  const auto* h = reinterpret_cast<const Header*>(block_);
  return block_size(h->count, h->key_bytes, sizeof(Slot));
}

}  // namespace flowcast

// IdIndex: contact id -> contact index, looked up once per event.
//
// Open addressing with linear probing over one flat array of 64-bit slots (a 32-bit hash tag
// and the index), so a lookup touches one cache line of the table and then the contact itself,
// which the engine reads next anyway. The ids stay in the caller's contacts; `id_of(index)` reads
// them back. Only for lookups: never iterated, so its order can never reach an output.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace flowcast {

class IdIndex {
 public:
  // `IdOf` is callable as std::string_view(std::uint32_t index).
  template <typename IdOf>
  std::optional<std::uint32_t> find(std::string_view id, const IdOf& id_of) const {
    if (slots_.empty()) return std::nullopt;
    const std::uint64_t h = hash(id);
    for (std::size_t i = h & mask(); slots_[i] != 0; i = (i + 1) & mask()) {
      if (tag(slots_[i]) == tag_of(h) && id_of(index(slots_[i])) == id) return index(slots_[i]);
    }
    return std::nullopt;
  }

  // Adds `id` as `next` unless it is there. Returns its index and whether it was added.
  template <typename IdOf>
  std::pair<std::uint32_t, bool> insert(std::string_view id, std::uint32_t next,
                                        const IdOf& id_of) {
    if ((count_ + 1) * 4 > slots_.size() * 3) grow(id_of);  // load factor <= 3/4
    const std::uint64_t h = hash(id);
    std::size_t i = h & mask();
    for (; slots_[i] != 0; i = (i + 1) & mask()) {
      if (tag(slots_[i]) == tag_of(h) && id_of(index(slots_[i])) == id) {
        return {index(slots_[i]), false};
      }
    }
    slots_[i] = slot(h, next);
    ++count_;
    return {next, true};
  }

 private:
  static std::uint64_t hash(std::string_view id) {
    // 64-bit FNV-1a, then a final mix so that the low bits (the probe start) depend on all bytes.
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : id) h = (h ^ c) * 1099511628211ull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 32);
  }
  static std::uint32_t tag_of(std::uint64_t h) { return static_cast<std::uint32_t>(h >> 32); }
  static std::uint64_t slot(std::uint64_t h, std::uint32_t idx) {
    return (std::uint64_t{tag_of(h)} << 32) | (std::uint64_t{idx} + 1);
  }
  static std::uint32_t tag(std::uint64_t s) { return static_cast<std::uint32_t>(s >> 32); }
  static std::uint32_t index(std::uint64_t s) {
    return static_cast<std::uint32_t>((s & 0xffffffffull) - 1);
  }
  std::size_t mask() const { return slots_.size() - 1; }

  template <typename IdOf>
  void grow(const IdOf& id_of) {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, 0);
    for (std::uint64_t s : old) {
      if (s == 0) continue;
      const std::uint64_t h = hash(id_of(index(s)));
      std::size_t i = h & mask();
      while (slots_[i] != 0) i = (i + 1) & mask();
      slots_[i] = slot(h, index(s));
    }
  }

  std::vector<std::uint64_t> slots_;  // 0: empty
  std::size_t count_ = 0;
};

}  // namespace flowcast

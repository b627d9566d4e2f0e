// Properties: an event's properties, a JSON object that does not change once built, kept in one
// allocation.
//
// A scenario holds millions of events. As a nlohmann object (a std::map) an event's properties
// cost a 64-byte map header and a 96-byte tree node per key; here they cost one block holding
// a 24-byte slot per key (the value and where its key is) followed by the key characters. Values
// stay nlohmann::json, so expressions and templates read them as before; keys are in the same
// order as in a nlohmann object (sorted by bytes), so iteration and to_json() agree with it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace flowcast {

using Json = nlohmann::json;

class Properties {
 public:
  struct Member {
    std::string_view key;
    const Json& value;
  };

  class Iterator {
   public:
    Member operator*() const;
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const Iterator& o) const { return i_ == o.i_; }

   private:
    friend class Properties;
    Iterator(const Properties* p, std::uint32_t i) : p_(p), i_(i) {}
    const Properties* p_;
    std::uint32_t i_;
  };

  Properties() = default;  // {}
  // REQUIRES: object.is_object(). Implicit: an event is built from a JSON object.
  Properties(const Json& object);  // NOLINT(google-explicit-constructor)
  Properties(Json&& object);       // NOLINT(google-explicit-constructor): moves the values out
  // REQUIRES: `members` sorted by key (bytes), keys unique. Moves the values out.
  static Properties from_sorted(std::span<std::pair<std::string, Json>> members);
  Properties(const Properties& o);
  Properties(Properties&& o) noexcept : block_(o.block_) { o.block_ = nullptr; }
  Properties& operator=(const Properties& o);
  Properties& operator=(Properties&& o) noexcept;
  ~Properties();

  std::size_t size() const;
  bool empty() const { return size() == 0; }
  // The value of `key`, or null when there is none.
  const Json* find(std::string_view key) const;
  bool contains(std::string_view key) const { return find(key) != nullptr; }
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, static_cast<std::uint32_t>(size())}; }

  Json to_json() const;
  bool operator==(const Properties& o) const;
  bool operator==(const Json& o) const;

  // Bytes held, for memory accounting in benchmarks.
  std::size_t allocated_bytes() const;

 private:
  struct Header;
  struct Slot;

  template <typename J>
  void build(J&& object);
  // Allocates the block for `count` members; the caller constructs the slots in key order.
  void allocate(std::uint32_t count, std::size_t key_bytes);
  void emplace(std::uint32_t& key_offset, std::string_view key, Json&& value);
  void release() noexcept;
  const Slot* slots() const;
  std::string_view key(const Slot& s) const;

  std::byte* block_ = nullptr;  // null: no members
};

}  // namespace flowcast

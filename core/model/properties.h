// Properties: an event's properties, a JSON object that does not change once built, kept in one
// allocation.
//
// A scenario holds millions of events. As a nlohmann object (a std::map) an event's properties
// cost a 64-byte map header, a 96-byte tree node per key and a 48-byte heap string per string
// value. Here they cost one block: a 24-byte slot per key, then the characters of the keys and
// of the string values. Strings are read as string_views (PropertyValue); other values stay
// nlohmann::json. Keys are in the same order as in a nlohmann object (sorted by bytes), so
// iteration and to_json() agree with it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace flowcast {

using Json = nlohmann::json;

// One property's value, borrowed from its Properties: a string, or any other JSON value.
class PropertyValue {
 public:
  explicit PropertyValue(std::string_view s) : str_(s), is_string_(true) {}
  explicit PropertyValue(const Json& j) : json_(&j) {}

  bool is_string() const { return is_string_; }
  // REQUIRES: is_string().
  std::string_view string() const { return str_; }
  // REQUIRES: !is_string().
  const Json& json() const { return *json_; }
  bool is_null() const { return !is_string_ && json_->is_null(); }
  Json to_json() const { return is_string_ ? Json(std::string(str_)) : *json_; }
  bool operator==(const Json& j) const;

 private:
  const Json* json_ = nullptr;
  std::string_view str_;
  bool is_string_ = false;
};

class Properties {
 public:
  struct Member {
    std::string_view key;
    PropertyValue value;
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
  // Implicit: an event is built from a JSON object. A non-object gives {}.
  Properties(const Json& object);  // NOLINT(google-explicit-constructor)
  // REQUIRES: `members` sorted by key (bytes), keys unique.
  static Properties from_sorted(std::span<const std::pair<std::string, Json>> members);
  Properties(const Properties& o);
  Properties(Properties&& o) noexcept : block_(o.block_) { o.block_ = nullptr; }
  Properties& operator=(const Properties& o);
  Properties& operator=(Properties&& o) noexcept;
  ~Properties();

  std::size_t size() const;
  bool empty() const { return size() == 0; }
  // The value of `key`, if there is one.
  std::optional<PropertyValue> find(std::string_view key) const;
  bool contains(std::string_view key) const { return find(key).has_value(); }
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
  // Calls for_each(fn) to visit (key, value) pairs in key order, twice.
  template <typename ForEach>
  void build(std::size_t count, const ForEach& for_each);
  void release() noexcept;
  const Slot* slots() const;
  const char* text() const;
  PropertyValue value(const Slot& s) const;
  std::string_view key(const Slot& s) const;

  std::byte* block_ = nullptr;  // null: no members
};

}  // namespace flowcast

// Ref: borrowing from JSON and constants, list access, equality, and conversion to Value.
#include "core/expr/ref.h"

#include <utility>

namespace flowcast::expr {

Ref Ref::boolean(bool v) {
  Ref r;
  r.kind = Kind::boolean;
  r.b = v;
  return r;
}

Ref Ref::number(double v) {
  Ref r;
  r.kind = Kind::number;
  r.num = v;
  return r;
}

Ref Ref::instant(std::int64_t t) {
  Ref r;
  r.kind = Kind::instant;
  r.seconds = t;
  return r;
}

Ref Ref::duration(std::int64_t d) {
  Ref r;
  r.kind = Kind::duration;
  r.seconds = d;
  return r;
}

Ref Ref::string_of(std::string_view s) {
  Ref r;
  r.kind = Kind::string;
  r.str = s;
  return r;
}

Ref Ref::list_of(const std::vector<Ref>& items) {
  Ref r;
  r.kind = Kind::list;
  r.rlist = &items;
  return r;
}

Ref Ref::of(const Json& j) {
  switch (j.type()) {
    case Json::value_t::boolean:
      return boolean(*j.get_ptr<const bool*>());
    case Json::value_t::number_integer:
      return number(static_cast<double>(*j.get_ptr<const std::int64_t*>()));
    case Json::value_t::number_unsigned:
      return number(static_cast<double>(*j.get_ptr<const std::uint64_t*>()));
    case Json::value_t::number_float:
      return number(*j.get_ptr<const double*>());
    case Json::value_t::string:
      return string_of(*j.get_ptr<const std::string*>());
    case Json::value_t::array: {
      Ref r;
      r.kind = Kind::list;
      r.json = &j;
      return r;
    }
    case Json::value_t::object: {
      Ref r;
      r.kind = Kind::object;
      r.json = &j;
      return r;
    }
    case Json::value_t::null:
    case Json::value_t::binary:
    case Json::value_t::discarded:
      break;
  }
  return null();
}

Ref Ref::of(const Value& v) {
  Ref r;
  r.kind = v.kind;
  switch (v.kind) {
    case Kind::null:
      break;
    case Kind::boolean:
      r.b = v.b;
      break;
    case Kind::number:
      r.num = v.num;
      break;
    case Kind::instant:
    case Kind::duration:
      r.seconds = v.seconds;
      break;
    case Kind::string:
      r.str = v.str;
      break;
    case Kind::list:
      r.vlist = &v.list;
      break;
    case Kind::object:
      r.json = &v.object;
      break;
  }
  return r;
}

std::size_t Ref::size() const {
  if (json != nullptr) return json->size();
  if (vlist != nullptr) return vlist->size();
  return rlist != nullptr ? rlist->size() : 0;
}

Ref Ref::at(std::size_t i) const {
  if (json != nullptr) return of((*json)[i]);
  if (vlist != nullptr) return of((*vlist)[i]);
  return (*rlist)[i];
}

Value Ref::to_value() const {
  switch (kind) {
    case Kind::null:
      return Value::null();
    case Kind::boolean:
      return Value::boolean(b);
    case Kind::number:
      return Value::number(num);
    case Kind::instant:
      return Value::instant(seconds);
    case Kind::duration:
      return Value::duration(seconds);
    case Kind::string:
      return Value::string(std::string(string()));
    case Kind::list: {
      if (json != nullptr) return Value::from_json(*json);
      if (vlist != nullptr) {
        Value v;
        v.kind = Kind::list;
        v.list = *vlist;
        return v;
      }
      Value v;
      v.kind = Kind::list;
      const std::size_t n = size();
      v.list.reserve(n);
      for (std::size_t i = 0; i < n; ++i) v.list.push_back(at(i).to_value());
      return v;
    }
    case Kind::object: {
      Value v;
      v.kind = Kind::object;
      v.object = *json;
      return v;
    }
  }
  return Value::null();
}

bool equal(const Ref& a, const Ref& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Ref::Kind::null:
      return true;
    case Ref::Kind::boolean:
      return a.b == b.b;
    case Ref::Kind::number:
      return a.num == b.num;
    case Ref::Kind::string:
      return a.string() == b.string();
    case Ref::Kind::instant:
    case Ref::Kind::duration:
      return a.seconds == b.seconds;
    case Ref::Kind::list: {
      const std::size_t n = a.size();
      if (n != b.size()) return false;
      for (std::size_t i = 0; i < n; ++i) {
        if (!equal(a.at(i), b.at(i))) return false;
      }
      return true;
    }
    case Ref::Kind::object:
      return *a.json == *b.json;
  }
  return false;
}

}  // namespace flowcast::expr

// JSON text for single values, byte for byte as nlohmann's dump(-1, ' ', false, replace) writes
// them, without the serializer and string copies that dump() costs per call. The report writes
// several strings per record; templates and keys write numbers and strings per message.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace flowcast {

// A JSON string literal with escapes; ill-formed UTF-8 is replaced, never thrown on.
void append_json_string(std::string& out, std::string_view s);

// REQUIRES: v.is_number(). Integers as decimal digits, floats as nlohmann's shortest
// round-trip form ("59.9", "3.0", "1e+20"); a non-finite float as null.
void append_json_number(std::string& out, const nlohmann::json& v);

// Any JSON value as compact text: scalars written directly, lists and objects through dump().
void append_json(std::string& out, const nlohmann::json& v);

}  // namespace flowcast

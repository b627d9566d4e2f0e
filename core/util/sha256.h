// SHA-256 (FIPS 180-4), used for deterministic split assignment (spec exact rule 22).
// The live server uses the same function, so preview and production pick the same path.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace flowcast::util {

std::array<std::uint8_t, 32> sha256(std::string_view data);

// The first 8 bytes of sha256(data), big-endian.
std::uint64_t sha256_prefix64(std::string_view data);

}  // namespace flowcast::util

// Small cryptographic helpers for the live server (OpenSSL underneath): HMAC-SHA256 for webhook
// signatures and unsubscribe links, base64, constant-time comparison and random secrets.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace flowcast::crypto {

// Raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string hmac_sha256(std::string_view key, std::string_view data);

// Raw 32-byte SHA-256.
std::string sha256(std::string_view data);

std::string base64(std::string_view raw);
std::string base64url(std::string_view raw);  // no padding
// Decodes standard or URL-safe base64, padded or not. nullopt on any invalid character.
std::optional<std::string> base64_decode(std::string_view text);
std::string hex(std::string_view raw);

// True iff a == b, in time that depends only on the lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

// `n` bytes from the OS random generator, hex-encoded (2n characters).
std::string random_hex(std::size_t n);

}  // namespace flowcast::crypto

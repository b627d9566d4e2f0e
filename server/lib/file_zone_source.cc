// Reads zone files from disk for the native program; core/ itself never touches the file system.
#include "server/lib/file_zone_source.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

namespace flowcast {
namespace {

// Real TZif files are a few kilobytes; anything far larger is not one.
constexpr std::uintmax_t kMaxZoneFileBytes = 1 << 20;

bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '+' || c == '-' || c == '/';
}

}  // namespace

FileZoneSource::FileZoneSource(std::string root) : root_(std::move(root)) {}

bool FileZoneSource::is_safe_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.back() == '/') return false;
  if (name.find("..") != std::string_view::npos || name.find("//") != std::string_view::npos) {
    return false;
  }
  for (char c : name) {
    if (!is_name_char(c)) return false;  // also refuses '\\', '.', NUL and spaces
  }
  return true;
}

std::optional<std::string> FileZoneSource::tzif(std::string_view name) const {
  if (!is_safe_name(name)) return std::nullopt;
  const std::filesystem::path path = std::filesystem::path(root_) / std::string(name);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec) || ec) return std::nullopt;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxZoneFileBytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad() || bytes.compare(0, 4, "TZif") != 0) return std::nullopt;
  return bytes;
}

}  // namespace flowcast

// FileZoneSource with a cache, for the loader fuzz targets: fuzzed files name the same few zones
// over and over.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "server/lib/file_zone_source.h"

namespace flowcast::fuzz {

class CachedZoneSource : public time::ZoneSource {
 public:
  std::optional<std::string> tzif(std::string_view name) const override {
    auto it = cache_.find(name);
    if (it != cache_.end()) return it->second;
    std::optional<std::string> bytes = files_.tzif(name);
    if (cache_.size() < 4096) cache_.emplace(std::string(name), bytes);
    return bytes;
  }

 private:
  FileZoneSource files_;
  mutable std::map<std::string, std::optional<std::string>, std::less<>> cache_;
};

}  // namespace flowcast::fuzz

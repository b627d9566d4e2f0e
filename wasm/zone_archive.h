// The wasm build's time zone source: TZif bytes from the zones.bin archive that the build packs
// from /usr/share/zoneinfo (wasm/tools/pack_zones.py) and ships in the bundle. The bytes are the
// very files the native FileZoneSource reads, so zones resolve and convert identically.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/time/zone.h"

namespace flowcast::wasm {

class ArchiveZoneSource : public time::ZoneSource {
 public:
  // Replaces the contents with the archive `bytes`. On a malformed archive keeps the previous
  // contents, sets *error and returns false.
  bool load(std::string bytes, std::string* error);

  std::optional<std::string> tzif(std::string_view name) const override;

  std::size_t size() const { return index_.size(); }

 private:
  std::string data_;  // the whole archive
  // name -> (offset into data_, size)
  std::map<std::string, std::pair<std::uint32_t, std::uint32_t>, std::less<>> index_;
};

// The module-wide source every scenario loaded by the bindings and the editor resolves against.
// Before load() it knows no zones (only "UTC", which ZoneCache always knows, works).
ArchiveZoneSource& zone_source();

}  // namespace flowcast::wasm

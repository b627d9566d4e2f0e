// A ZoneSource that reads TZif files from a zoneinfo directory (native builds only).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time/zone.h"

namespace flowcast {

class FileZoneSource : public time::ZoneSource {
 public:
  explicit FileZoneSource(std::string root = "/usr/share/zoneinfo");

  // Returns the bytes of root/name if name is a safe IANA-style name and the file is TZif data.
  std::optional<std::string> tzif(std::string_view name) const override;

  // True for names made of non-empty components of [A-Za-z0-9_+-] joined by '/': nothing that
  // could climb out of the root, name an absolute path or a hidden file.
  static bool is_safe_name(std::string_view name);

 private:
  std::string root_;
};

}  // namespace flowcast

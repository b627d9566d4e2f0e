#include "wasm/zone_archive.h"

#include <vector>

namespace flowcast::wasm {
namespace {

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  bool u16(std::uint32_t* v) { return uint(2, v); }
  bool u32(std::uint32_t* v) { return uint(4, v); }
  bool bytes(std::size_t n, std::string_view* v) {
    if (s_.size() - pos_ < n) return false;
    *v = s_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  std::size_t pos() const { return pos_; }

 private:
  bool uint(std::size_t n, std::uint32_t* v) {
    if (s_.size() - pos_ < n) return false;
    *v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      *v |= static_cast<std::uint32_t>(static_cast<unsigned char>(s_[pos_ + i])) << (8 * i);
    }
    pos_ += n;
    return true;
  }
  std::string_view s_;
  std::size_t pos_ = 0;
};

constexpr std::string_view kMagic = "FCZONES1";

}  // namespace

bool ArchiveZoneSource::load(std::string bytes, std::string* error) {
  auto fail = [&](const char* what) {
    if (error) *error = std::string("zone archive: ") + what;
    return false;
  };
  Reader r(bytes);
  std::string_view magic;
  if (!r.bytes(kMagic.size(), &magic) || magic != kMagic) return fail("bad magic");
  std::uint32_t n_names = 0, n_blobs = 0;
  if (!r.u32(&n_names) || !r.u32(&n_blobs)) return fail("truncated header");
  std::vector<std::pair<std::uint32_t, std::uint32_t>> blobs;
  for (std::uint32_t i = 0; i < n_blobs; ++i) {
    std::uint32_t off = 0, size = 0;
    if (!r.u32(&off) || !r.u32(&size)) return fail("truncated blob table");
    blobs.emplace_back(off, size);
  }
  std::vector<std::pair<std::string_view, std::uint32_t>> names;
  for (std::uint32_t i = 0; i < n_names; ++i) {
    std::uint32_t len = 0, blob = 0;
    std::string_view name;
    if (!r.u16(&len) || !r.bytes(len, &name) || !r.u32(&blob)) return fail("truncated name table");
    if (blob >= n_blobs) return fail("name refers to a missing blob");
    names.emplace_back(name, blob);
  }
  const std::size_t data_start = r.pos();
  for (auto& [off, size] : blobs) {
    if (off > bytes.size() - data_start || size > bytes.size() - data_start - off) {
      return fail("blob out of range");
    }
    off += static_cast<std::uint32_t>(data_start);
  }
  decltype(index_) index;
  for (const auto& [name, blob] : names) index.emplace(std::string(name), blobs[blob]);
  data_ = std::move(bytes);
  index_ = std::move(index);
  return true;
}

std::optional<std::string> ArchiveZoneSource::tzif(std::string_view name) const {
  auto it = index_.find(name);
  if (it == index_.end()) return std::nullopt;
  return data_.substr(it->second.first, it->second.second);
}

ArchiveZoneSource& zone_source() {
  static ArchiveZoneSource source;
  return source;
}

}  // namespace flowcast::wasm

// Partition hashing and fair shares.
#include "server/lib/partitions.h"

namespace flowcast {

int partition_of(const std::string& contact) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : contact) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return static_cast<int>(h % kPartitions);
}

std::vector<int> partition_list(const PartitionSet& set) {
  std::vector<int> out;
  for (int i = 0; i < kPartitions; ++i) {
    if (set.test(static_cast<std::size_t>(i))) out.push_back(i);
  }
  return out;
}

int fair_share(int servers) { return (kPartitions + servers - 1) / servers; }

}  // namespace flowcast

// Contacts are hashed into a fixed number of partitions; in a cluster (several servers on one
// PostgreSQL database) each server owns a share of them and runs the engines, and so the
// timers, of its partitions' contacts only. A server alone on its database owns them all.
//
// The hash is FNV-1a (64-bit) over the contact id's bytes: stable across builds, platforms and
// versions, unlike std::hash. kPartitions never changes for a database (it decides where every
// stored event belongs).
#pragma once

#include <bitset>
#include <cstdint>
#include <string>
#include <vector>

namespace flowcast {

inline constexpr int kPartitions = 64;
using PartitionSet = std::bitset<kPartitions>;

// The partition of a contact: 0 <= result < kPartitions.
int partition_of(const std::string& contact);

// The partitions in a set, in increasing order.
std::vector<int> partition_list(const PartitionSet& set);

// How many partitions each of `servers` live servers should own (the fair share, rounded up,
// so that every partition has an owner). REQUIRES: servers >= 1.
int fair_share(int servers);

}  // namespace flowcast

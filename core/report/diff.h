// Comparing two replays of the same contacts and events: which contacts gain, lose or move
// which messages, and totals per template. Used by `flowcast diff` and the editor's Diff panel.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/engine/replay.h"
#include "core/model/scenario.h"

namespace flowcast {

struct MessageChange {
  enum class Kind : std::uint8_t { added, removed, moved } kind = Kind::added;
  std::string contact;
  std::string template_id;
  std::optional<time::Instant> before;  // removed, moved
  std::optional<time::Instant> after;   // added, moved
};

struct TemplateTotals {
  std::int64_t before = 0;
  std::int64_t after = 0;
};

struct ReportDiff {
  std::vector<MessageChange> changes;             // by contact (first appearance), then time
  std::map<std::string, TemplateTotals> totals;   // sent messages per template id
  bool identical_messages() const { return changes.empty(); }
};

// Compares the `sent` messages of two replays. Within one (contact, template), messages at the
// same instant are unchanged; the rest are paired in time order as moved, and what is left over
// is added or removed.
ReportDiff diff_replays(const Scenario& before_sc, const ReplayResult& before,
                        const Scenario& after_sc, const ReplayResult& after);

std::string diff_text(const ReportDiff& diff);

}  // namespace flowcast

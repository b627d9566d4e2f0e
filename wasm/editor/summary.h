// What the panels show about a replay, computed once per replay: totals per template (sent,
// skipped by reason, deferred by quiet hours), per contact (message and event indexes for the
// preview's swimlanes), per step (sent/skipped for the graph), and a digest of the messages.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/engine/replay.h"
#include "core/model/scenario.h"

namespace flowcast::editor {

struct TemplateSummary {
  std::string id;
  const char* channel = "";
  std::int64_t sent = 0, skipped = 0, deferred = 0;
  std::map<std::string, std::int64_t> skipped_by_reason;  // no_address, unsubscribed, ...
};

struct ContactSummary {
  std::int64_t sent = 0, skipped = 0, deferred = 0;
  std::vector<std::uint32_t> messages;  // indexes into output.messages, in time order
  std::vector<std::uint32_t> events;    // indexes into scenario.events, in replay order
};

struct StepSummary {
  std::int64_t entered = 0, sent = 0, skipped = 0;
};

struct Summary {
  std::int64_t sent = 0, skipped = 0, deferred = 0;
  std::vector<TemplateSummary> templates;          // the scenario's order (sorted by id)
  std::vector<ContactSummary> contacts;            // by contact index (ReplayResult::contact_ids)
  std::vector<std::vector<StepSummary>> steps;     // [workflow][step]
  std::map<std::string, std::uint32_t> contact_index;  // id -> index
  // FNV-1a over every message's (at, contact, template, status): changes when the preview does.
  std::uint64_t digest = 0;
};

Summary summarize(const Scenario& sc, const ReplayResult& r);

}  // namespace flowcast::editor

#include "wasm/editor/summary.h"

namespace flowcast::editor {
namespace {

void mix(std::uint64_t& h, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) {
    h ^= (v >> (8 * i)) & 0xff;
    h *= 0x100000001b3ull;
  }
}

}  // namespace

Summary summarize(const Scenario& sc, const ReplayResult& r) {
  Summary s;
  s.digest = 0xcbf29ce484222325ull;
  for (const Template& t : sc.templates) {
    TemplateSummary ts;
    ts.id = t.id;
    ts.channel = channel_name(t.channel);
    s.templates.push_back(std::move(ts));
  }
  s.contacts.resize(r.contact_ids.size());
  for (std::uint32_t i = 0; i < r.contact_ids.size(); ++i) s.contact_index.emplace(r.contact_ids[i], i);
  s.steps.resize(sc.workflows.size());
  for (std::size_t w = 0; w < sc.workflows.size(); ++w) {
    s.steps[w].resize(sc.workflows[w].steps.size());
    if (w < r.output.stats.size()) {
      const auto& arrivals = r.output.stats[w].steps;
      for (std::size_t k = 0; k < arrivals.size() && k < s.steps[w].size(); ++k) {
        s.steps[w][k].entered = arrivals[k];
      }
    }
  }
  const auto& msgs = r.output.messages;
  for (std::uint32_t i = 0; i < msgs.size(); ++i) {
    const MessageRecord& m = msgs[i];
    const bool sent = m.status == MessageStatus::sent;
    const bool deferred = m.deferred_from.has_value();
    (sent ? s.sent : s.skipped) += 1;
    if (deferred) ++s.deferred;
    if (m.template_index < s.templates.size()) {
      TemplateSummary& t = s.templates[m.template_index];
      (sent ? t.sent : t.skipped) += 1;
      if (!sent) t.skipped_by_reason[m.reason] += 1;
      if (deferred) ++t.deferred;
    }
    if (m.contact < s.contacts.size()) {
      ContactSummary& c = s.contacts[m.contact];
      (sent ? c.sent : c.skipped) += 1;
      if (deferred) ++c.deferred;
      c.messages.push_back(i);
    }
    if (m.workflow < s.steps.size() && m.step < s.steps[m.workflow].size()) {
      StepSummary& st = s.steps[m.workflow][m.step];
      (sent ? st.sent : st.skipped) += 1;
    }
    mix(s.digest, static_cast<std::uint64_t>(m.at));
    mix(s.digest, (static_cast<std::uint64_t>(m.contact) << 32) | m.template_index);
    mix(s.digest, sent ? 1 : 2);
  }
  for (const Event* e : replay_order(sc)) {
    auto it = s.contact_index.find(e->contact);
    if (it == s.contact_index.end()) continue;
    s.contacts[it->second].events.push_back(static_cast<std::uint32_t>(e - sc.events.data()));
  }
  return s;
}

}  // namespace flowcast::editor

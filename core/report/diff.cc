// Message diff between two replays.
#include "core/report/diff.h"

#include <algorithm>

namespace flowcast {
namespace {

using Times = std::map<std::pair<std::string, std::string>, std::vector<time::Instant>>;

// (contact, template) -> sent instants, plus the contacts in order of first appearance.
Times sent_times(const Scenario& sc, const ReplayResult& r, std::vector<std::string>* order,
                 std::map<std::string, TemplateTotals>* totals, bool is_before) {
  Times t;
  for (const auto& m : r.output.messages) {
    if (m.status != MessageStatus::sent) continue;
    const std::string& contact = r.contact_ids[m.contact];
    const std::string& tmpl = sc.templates[m.template_index].id;
    auto& v = t[{contact, tmpl}];
    if (v.empty() && std::find(order->begin(), order->end(), contact) == order->end()) {
      order->push_back(contact);
    }
    v.push_back(m.at);
    auto& tot = (*totals)[tmpl];
    (is_before ? tot.before : tot.after) += 1;
  }
  return t;
}

}  // namespace

ReportDiff diff_replays(const Scenario& before_sc, const ReplayResult& before,
                        const Scenario& after_sc, const ReplayResult& after) {
  ReportDiff d;
  std::vector<std::string> order;
  Times b = sent_times(before_sc, before, &order, &d.totals, true);
  Times a = sent_times(after_sc, after, &order, &d.totals, false);
  std::map<std::string, std::size_t> rank;
  for (std::size_t i = 0; i < order.size(); ++i) rank.emplace(order[i], i);
  std::map<std::pair<std::string, std::string>, bool> keys;
  for (const auto& [k, v] : b) keys[k] = true;
  for (const auto& [k, v] : a) keys[k] = true;
  for (const auto& [k, unused] : keys) {
    std::vector<time::Instant> bt = b.count(k) ? b[k] : std::vector<time::Instant>{};
    std::vector<time::Instant> at = a.count(k) ? a[k] : std::vector<time::Instant>{};
    std::sort(bt.begin(), bt.end());
    std::sort(at.begin(), at.end());
    std::vector<time::Instant> only_b, only_a;
    std::set_difference(bt.begin(), bt.end(), at.begin(), at.end(), std::back_inserter(only_b));
    std::set_difference(at.begin(), at.end(), bt.begin(), bt.end(), std::back_inserter(only_a));
    std::size_t paired = std::min(only_b.size(), only_a.size());
    for (std::size_t i = 0; i < paired; ++i) {
      d.changes.push_back({MessageChange::Kind::moved, k.first, k.second, only_b[i], only_a[i]});
    }
    for (std::size_t i = paired; i < only_b.size(); ++i) {
      d.changes.push_back({MessageChange::Kind::removed, k.first, k.second, only_b[i], {}});
    }
    for (std::size_t i = paired; i < only_a.size(); ++i) {
      d.changes.push_back({MessageChange::Kind::added, k.first, k.second, {}, only_a[i]});
    }
  }
  std::stable_sort(d.changes.begin(), d.changes.end(),
                   [&](const MessageChange& x, const MessageChange& y) {
                     std::size_t rx = rank[x.contact], ry = rank[y.contact];
                     if (rx != ry) return rx < ry;
                     time::Instant tx = x.after ? *x.after : *x.before;
                     time::Instant ty = y.after ? *y.after : *y.before;
                     return tx < ty;
                   });
  return d;
}

std::string diff_text(const ReportDiff& d) {
  std::string out;
  std::string current;
  for (const auto& c : d.changes) {
    if (c.contact != current) {
      current = c.contact;
      out += current + ":\n";
    }
    switch (c.kind) {
      case MessageChange::Kind::added:
        out += "  + " + c.template_id + " at " + time::format_instant(*c.after) + "\n";
        break;
      case MessageChange::Kind::removed:
        out += "  - " + c.template_id + " at " + time::format_instant(*c.before) + "\n";
        break;
      case MessageChange::Kind::moved:
        out += "  ~ " + c.template_id + " moved " + time::format_instant(*c.before) + " -> " +
               time::format_instant(*c.after) + "\n";
        break;
    }
  }
  if (d.changes.empty()) out += "no message changes\n";
  out += "\ntotals (sent)      before    after   change\n";
  for (const auto& [tmpl, t] : d.totals) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "  %-16s %7lld  %7lld  %+7lld\n", tmpl.c_str(),
                  static_cast<long long>(t.before), static_cast<long long>(t.after),
                  static_cast<long long>(t.after - t.before));
    out += buf;
  }
  return out;
}

}  // namespace flowcast

// Expectations: a template form over messages and a workflow form over enrollments.
//
// Template form: messages of (contact, template) filtered by `status` (default "sent"; the value
// "deferred" means a message that was held by quiet hours), `reason` and `at`; with `count` the
// number must match exactly, otherwise at least one must exist. The workflow form does the same
// over the contact's enrollments in the workflow, filtered by `reason`.
#include "core/report/expectations.h"

#include <map>
#include <optional>
#include <string_view>

namespace flowcast {
namespace {


std::string describe_message(const Scenario& sc, const MessageRecord& m) {
  std::string s = std::string(message_status_name(m.status)) + " at " + time::format_instant(m.at);
  if (m.status == MessageStatus::skipped) s += " (" + m.reason + ")";
  if (m.deferred_from) s += " deferred from " + time::format_instant(*m.deferred_from);
  s += " by " + sc.workflows[m.workflow].id + "/" + sc.workflows[m.workflow].steps[m.step].id;
  return s;
}

std::string describe_enrollment(const EnrollmentRecord& e) {
  std::string s = "enrolled at " + time::format_instant(e.enrolled_at) + ", " +
                  end_reason_name(e.reason);
  if (e.ended_at) s += " at " + time::format_instant(*e.ended_at);
  if (e.reason == EndReason::horizon) {
    s += e.next_at ? ", next step due " + time::format_instant(*e.next_at)
                   : std::string(", waiting with no timeout");
  }
  if (!e.key.is_null()) s += ", key " + e.key.dump();
  return s;
}

std::string join_or_none(const std::vector<std::string>& items, const std::string& none) {
  if (items.empty()) return none;
  std::string s;
  for (std::size_t i = 0; i < items.size(); ++i) s += (i ? "; " : "") + items[i];
  return s;
}

bool check_template(const Scenario& sc, const ReplayResult& r, const Expectation& e,
                    std::optional<std::uint32_t> ci, std::string* actual) {
  // A `reason` only exists on skipped messages, so it implies status "skipped".
  std::string want_status = e.status.value_or(e.reason ? "skipped" : "sent");
  std::int64_t matches = 0;
  std::vector<std::string> got;
  std::int32_t tmpl = sc.find_template(*e.template_id);
  for (const MessageRecord& m : r.output.messages) {
    if (!ci || m.contact != *ci || static_cast<std::int32_t>(m.template_index) != tmpl) continue;
    got.push_back(describe_message(sc, m));
    bool status_ok = want_status == "deferred" ? m.deferred_from.has_value()
                                               : want_status == message_status_name(m.status);
    if (!status_ok) continue;
    if (e.reason && m.reason != *e.reason) continue;
    if (e.at && m.at != *e.at) continue;
    ++matches;
  }
  *actual = join_or_none(got, "no message of template " + *e.template_id);
  return e.count ? matches == *e.count : matches > 0;
}

bool check_workflow(const Scenario& sc, const ReplayResult& r, const Expectation& e,
                    std::optional<std::uint32_t> ci, std::string* actual) {
  std::int32_t wf = sc.find_workflow(*e.workflow);
  std::int64_t matches = 0;
  std::vector<std::string> got;
  for (const EnrollmentRecord& en : r.output.enrollments) {
    if (!ci || en.contact != *ci || static_cast<std::int32_t>(en.workflow) != wf) continue;
    got.push_back(describe_enrollment(en));
    if (e.reason && *e.reason != end_reason_name(en.reason)) continue;
    if (e.at && en.enrolled_at != *e.at) continue;
    ++matches;
  }
  *actual = join_or_none(got, "never enrolled in " + *e.workflow);
  return e.count ? matches == *e.count : matches > 0;
}

}  // namespace

std::vector<ExpectationFailure> check_expectations(const Scenario& sc, const ReplayResult& r) {
  std::vector<ExpectationFailure> failures;
  std::map<std::string_view, std::uint32_t> contacts;
  for (std::uint32_t i = 0; i < r.contact_ids.size(); ++i) contacts.emplace(r.contact_ids[i], i);
  auto contact_index = [&](const std::string& id) -> std::optional<std::uint32_t> {
    auto it = contacts.find(id);
    if (it == contacts.end()) return std::nullopt;
    return it->second;
  };
  for (std::size_t i = 0; i < sc.expect.size(); ++i) {
    const Expectation& e = sc.expect[i];
    auto ci = contact_index(e.contact);
    std::string actual;
    bool ok = e.template_id ? check_template(sc, r, e, ci, &actual)
                            : check_workflow(sc, r, e, ci, &actual);
    if (!ci) actual = "contact " + e.contact + " never appeared";
    if (!ok) {
      failures.push_back({i, e.source.dump(-1, ' ', false, Json::error_handler_t::replace),
                          std::move(actual)});
    }
  }
  return failures;
}

}  // namespace flowcast

// The explain story: trace entries in plain words, then a verdict for one template.
#include "core/report/explain.h"

#include "core/report/report_text.h"

namespace flowcast {
namespace {

std::string where(const Scenario& sc, const TraceEntry& t) {
  if (!t.workflow) return "";
  const Workflow& wf = sc.workflows[*t.workflow];
  std::string s = wf.id;
  if (t.step) s += "/" + wf.steps[*t.step].id;
  return s + ": ";
}

std::string line(const Scenario& sc, const ReplayResult& r, const TraceEntry& t) {
  const std::string& zone = r.contact_zones[t.contact];
  auto local = [&](time::Instant i) { return format_local(sc, zone, i); };
  std::string what;
  using K = TraceEntry::Kind;
  switch (t.kind) {
    case K::event: what = "event " + t.detail; break;
    case K::ignored_event: what = "ignored " + t.detail; break;
    case K::trigger_false: what = "not enrolled: " + t.detail; break;
    case K::already_enrolled: what = "not enrolled again: an enrollment is still active"; break;
    case K::reenroll_blocked: what = "not enrolled again: " + t.detail; break;
    case K::enrolled: what = "enrolled " + t.detail; break;
    case K::step: what = t.detail; break;
    case K::waiting:
      what = t.until ? "waits until " + local(*t.until) : "waits " + t.detail + " (no timeout)";
      if (t.until && !t.detail.empty()) what = "waits " + t.detail + " until " + local(*t.until);
      break;
    case K::sent: what = "sent " + sc.templates[*t.template_index].id; break;
    case K::skipped:
      what = "skipped " + sc.templates[*t.template_index].id + " because " +
             (t.detail == "no_address"     ? std::string("the contact has no address for it")
              : t.detail == "unsubscribed" ? std::string("the contact unsubscribed")
              : t.detail == "frequency_cap"
                  ? std::string("the frequency cap was reached")
                  : t.detail);
      break;
    case K::deferred:
      what = "deferred " + sc.templates[*t.template_index].id + ": quiet hours until " +
             local(*t.until);
      break;
    case K::branch: what = t.detail.rfind("split", 0) == 0 ? t.detail : "branch " + t.detail; break;
    case K::ended: what = "ended: " + t.detail; break;
    case K::horizon:
      what = "still running at the end of the replay" +
             (t.until ? ", next step due " + local(*t.until) : std::string());
      break;
  }
  return local(t.at) + "  " + where(sc, t) + what + "\n";
}

// Why the contact did or did not get template T, in a few sentences.
std::string verdict(const Scenario& sc, const ReplayResult& r, std::uint32_t contact,
                    const std::string& tmpl) {
  std::int32_t ti = sc.find_template(tmpl);
  std::string out = "\n" + tmpl + ": ";
  int sent = 0, skipped = 0;
  std::string details;
  for (const auto& m : r.output.messages) {
    if (m.contact != contact || static_cast<std::int32_t>(m.template_index) != ti) continue;
    (m.status == MessageStatus::sent ? sent : skipped)++;
    details += "  " + std::string(message_status_name(m.status)) + " at " +
               format_local(sc, r.contact_zones[contact], m.at) +
               (m.status == MessageStatus::skipped ? " (" + m.reason + ")" : std::string()) +
               " by " + sc.workflows[m.workflow].id + "/" + sc.workflows[m.workflow].steps[m.step].id +
               "\n";
  }
  if (sent || skipped) {
    return out + std::to_string(sent) + " sent, " + std::to_string(skipped) + " skipped\n" +
           details;
  }
  out += "never sent.\n";
  // Which workflows could have sent it, and what stopped each.
  for (std::uint32_t w = 0; w < sc.workflows.size(); ++w) {
    const Workflow& wf = sc.workflows[w];
    std::optional<std::uint32_t> send_step;
    for (std::uint32_t s = 0; s < wf.steps.size(); ++s) {
      if (wf.steps[s].type == StepType::send && wf.steps[s].template_index == ti) send_step = s;
    }
    if (!send_step) continue;
    out += "  " + wf.id + " sends it at step " + wf.steps[*send_step].id + ": ";
    if (!wf.enabled) {
      out += "the workflow is disabled.\n";
      continue;
    }
    int enrolled = 0;
    std::string ends;
    for (std::size_t e = 0; e < r.output.enrollments.size(); ++e) {
      const auto& en = r.output.enrollments[e];
      if (en.contact != contact || en.workflow != w) continue;
      ++enrolled;
      ends += std::string(ends.empty() ? "" : "; ") + "enrolled " +
              format_local(sc, r.contact_zones[contact], en.enrolled_at) + ", " +
              end_reason_name(en.reason) +
              (en.ended_at ? " at " + format_local(sc, r.contact_zones[contact], *en.ended_at)
                           : std::string()) +
              (en.reason == EndReason::horizon && en.next_at
                   ? " (next step due " + format_local(sc, r.contact_zones[contact], *en.next_at) +
                         ")"
                   : std::string());
    }
    if (!enrolled) {
      std::string why;
      for (const auto& t : r.output.trace) {
        if (t.contact == contact && t.workflow == w &&
            (t.kind == TraceEntry::Kind::trigger_false ||
             t.kind == TraceEntry::Kind::reenroll_blocked)) {
          why = t.detail;
        }
      }
      out += "the contact was never enrolled" +
             (why.empty() ? std::string(" (the trigger never fired for them)") : " (" + why + ")") +
             ".\n";
    } else {
      out += "enrolled " + std::to_string(enrolled) + " time(s) but never reached it: " + ends +
             ".\n";
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> explain_contact(const Scenario& sc, const ReplayResult& r,
                                           const std::string& contact,
                                           const std::optional<std::string>& tmpl) {
  std::optional<std::uint32_t> ci;
  for (std::uint32_t i = 0; i < r.contact_ids.size(); ++i) {
    if (r.contact_ids[i] == contact) ci = i;
  }
  if (!ci) return std::nullopt;
  std::string out = contact + " (times in " + r.contact_zones[*ci] + ")\n";
  const std::optional<std::int32_t> ti =
      tmpl ? std::optional<std::int32_t>(sc.find_template(*tmpl)) : std::nullopt;
  for (const TraceEntry& t : r.output.trace) {
    if (t.contact != *ci) continue;
    out += line(sc, r, t);
  }
  if (ti) out += verdict(sc, r, *ci, *tmpl);
  return out;
}

}  // namespace flowcast

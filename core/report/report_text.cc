// Table and CSV renderings of messages.
#include "core/report/report_text.h"

#include <algorithm>
#include <cstdio>

namespace flowcast {
namespace {

std::string pad(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string format_local(const Scenario& sc, const std::string& zone, time::Instant t) {
  std::shared_ptr<const time::Zone> z = sc.zones ? sc.zones->find(zone) : nullptr;
  if (!z) z = time::Zone::utc();
  int offset = z->offset_at(t);
  time::CivilTime local = z->to_local(t);
  char buf[64];
  int off_min = (offset < 0 ? -offset : offset) / 60;
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d %c%02d:%02d", local.date.year,
                local.date.month, local.date.day, local.seconds_of_day / 3600,
                local.seconds_of_day / 60 % 60, offset < 0 ? '-' : '+', off_min / 60,
                off_min % 60);
  return buf;
}

std::string report_table(const Scenario& sc, const ReplayResult& r) {
  const auto& msgs = r.output.messages;
  std::size_t wc = 7, wt = 8;
  for (const auto& m : msgs) {
    wc = std::max(wc, r.contact_ids[m.contact].size());
    wt = std::max(wt, sc.templates[m.template_index].id.size());
  }
  std::string out = pad("time (contact's zone)", 24) + "  " + pad("contact", wc) + "  " +
                    pad("template", wt) + "  status\n";
  for (const auto& m : msgs) {
    std::string status = message_status_name(m.status);
    if (m.status == MessageStatus::skipped) status += " (" + m.reason + ")";
    if (m.deferred_from) {
      status += ", deferred from " +
                format_local(sc, r.contact_zones[m.contact], *m.deferred_from).substr(11, 5);
    }
    out += pad(format_local(sc, r.contact_zones[m.contact], m.at), 24) + "  " +
           pad(r.contact_ids[m.contact], wc) + "  " + pad(sc.templates[m.template_index].id, wt) +
           "  " + status + "\n";
  }
  std::size_t sent = 0;
  for (const auto& m : msgs) sent += m.status == MessageStatus::sent;
  out += std::to_string(msgs.size()) + " messages: " + std::to_string(sent) + " sent, " +
         std::to_string(msgs.size() - sent) + " skipped\n";
  return out;
}

std::string report_csv(const Scenario& sc, const ReplayResult& r) {
  std::string out =
      "at,local_time,contact,workflow,step,template,channel,status,reason,deferred_from,subject\r\n";
  for (const auto& m : r.output.messages) {
    const Workflow& wf = sc.workflows[m.workflow];
    out += time::format_instant(m.at) + "," +
           csv_field(format_local(sc, r.contact_zones[m.contact], m.at)) + "," +
           csv_field(r.contact_ids[m.contact]) + "," + csv_field(wf.id) + "," +
           csv_field(wf.steps[m.step].id) + "," + csv_field(sc.templates[m.template_index].id) +
           "," + channel_name(m.channel) + "," + message_status_name(m.status) + "," +
           csv_field(m.reason) + "," +
           (m.deferred_from ? time::format_instant(*m.deferred_from) : std::string()) + "," +
           csv_field(m.subject.value_or("")) + "\r\n";
  }
  return out;
}

}  // namespace flowcast

// Report writer: turns an EngineOutput into the byte-stable report JSON.
#include "core/report/report.h"

namespace flowcast {
namespace {

void append_instant(std::string& out, time::Instant t) {
  out += '"';
  out += time::format_instant(t);
  out += '"';
}

void append_optional_instant(std::string& out, const std::optional<time::Instant>& t) {
  if (t) append_instant(out, *t);
  else out += "null";
}

void key(std::string& out, const char* k, bool first = false) {
  if (!first) out += ", ";
  out += '"';
  out += k;
  out += "\": ";
}

void string_field(std::string& out, const char* k, std::string_view v, bool first = false) {
  key(out, k, first);
  append_json_string(out, v);
}

// Hands the text written so far to the sink once it holds this much, so that a report of
// millions of records never sits in memory whole.
constexpr std::size_t kChunk = 1 << 20;

template <typename T, typename F>
void append_list(std::string& out, const ReportSink& sink, const char* name, const T& items,
                 F write, bool last = false) {
  out += "  \"";
  out += name;
  out += "\": [";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += i == 0 ? "\n    " : ",\n    ";
    write(items[i]);
    if (out.size() >= kChunk) {
      sink(out);
      out.clear();
    }
  }
  out += items.empty() ? "]" : "\n  ]";
  out += last ? "\n" : ",\n";
}

}  // namespace

std::string report_json(const Scenario& sc, const ReplayResult& r) {
  std::string whole;
  whole.reserve(256 + r.output.messages.size() * 200 + r.output.enrollments.size() * 160);
  write_report_json(sc, r, [&](std::string_view chunk) { whole += chunk; });
  return whole;
}

void write_report_json(const Scenario& sc, const ReplayResult& r, const ReportSink& sink) {
  const EngineOutput& o = r.output;
  std::string out;
  out.reserve(kChunk + 64 * 1024);
  auto contact = [&](std::uint32_t i) -> const std::string& { return r.contact_ids[i]; };
  auto workflow = [&](std::uint32_t w) -> const std::string& { return sc.workflows[w].id; };
  auto step = [&](std::uint32_t w, std::uint32_t s) -> const std::string& {
    return sc.workflows[w].steps[s].id;
  };

  out += "{\n  \"format\": \"flowcast.report/1\",\n";
  append_list(out, sink, "messages", o.messages, [&](const MessageRecord& m) {
    out += '{';
    key(out, "at", true);
    append_instant(out, m.at);
    string_field(out, "contact", contact(m.contact));
    string_field(out, "workflow", workflow(m.workflow));
    string_field(out, "step", step(m.workflow, m.step));
    string_field(out, "template", sc.templates[m.template_index].id);
    string_field(out, "channel", channel_name(m.channel));
    string_field(out, "status", message_status_name(m.status));
    if (m.status == MessageStatus::skipped) string_field(out, "reason", m.reason);
    if (m.deferred_from) {
      key(out, "deferred_from");
      append_instant(out, *m.deferred_from);
    }
    if (m.subject) string_field(out, "subject", *m.subject);
    out += '}';
  });
  append_list(out, sink, "actions", o.actions, [&](const ActionRecord& a) {
    out += '{';
    key(out, "at", true);
    append_instant(out, a.at);
    string_field(out, "contact", contact(a.contact));
    string_field(out, "workflow", workflow(a.workflow));
    string_field(out, "step", step(a.workflow, a.step));
    if (a.type == ActionType::task) {
      string_field(out, "type", "task");
      string_field(out, "title", a.title);
    } else {
      string_field(out, "type", "webhook");
      string_field(out, "url", a.url);
      string_field(out, "body", a.body);
    }
    out += '}';
  });
  append_list(out, sink, "enrollments", o.enrollments, [&](const EnrollmentRecord& e) {
    out += '{';
    string_field(out, "contact", contact(e.contact), true);
    string_field(out, "workflow", workflow(e.workflow));
    key(out, "key");
    out += e.key.dump(-1, ' ', false, Json::error_handler_t::replace);
    key(out, "enrolled_at");
    append_instant(out, e.enrolled_at);
    key(out, "ended_at");
    append_optional_instant(out, e.ended_at);
    string_field(out, "reason", end_reason_name(e.reason));
    if (e.reason == EndReason::horizon) {
      key(out, "next_at");
      append_optional_instant(out, e.next_at);
    }
    out += '}';
  });
  // stats: one line per workflow, in workflow order.
  out += "  \"stats\": {";
  for (std::size_t w = 0; w < sc.workflows.size(); ++w) {
    const WorkflowStats& s = o.stats[w];
    out += w == 0 ? "\n    " : ",\n    ";
    append_json_string(out, sc.workflows[w].id);
    out += ": {";
    auto num = [&](const char* k, std::int64_t v, bool first = false) {
      key(out, k, first);
      out += std::to_string(v);
    };
    num("enrolled", s.enrolled, true);
    num("completed", s.completed);
    num("goal", s.goal);
    num("exited", s.exited);
    num("sent", s.sent);
    num("skipped", s.skipped);
    key(out, "steps");
    out += '{';
    for (std::size_t i = 0; i < sc.workflows[w].steps.size(); ++i) {
      if (i) out += ", ";
      append_json_string(out, sc.workflows[w].steps[i].id);
      out += ": ";
      out += std::to_string(s.steps[i]);
    }
    out += "}}";
  }
  out += sc.workflows.empty() ? "},\n" : "\n  },\n";
  append_list(
      out, sink, "warnings", o.warnings,
      [&](const WarningRecord& w) {
        out += '{';
        key(out, "at", true);
        append_instant(out, w.at);
        string_field(out, "contact", contact(w.contact));
        string_field(out, "workflow", workflow(w.workflow));
        key(out, "step");
        if (w.step) append_json_string(out, step(w.workflow, *w.step));
        else out += "null";
        string_field(out, "where", w.where);
        string_field(out, "message", w.message);
        out += '}';
      },
      true);
  out += "}\n";
  sink(out);
}

}  // namespace flowcast

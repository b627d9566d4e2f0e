// `templates`: id -> {channel, kind, subject (email only), body}; Mustache texts compiled.
#include "core/load/internal.h"

namespace flowcast::load_detail {

namespace {

constexpr std::string_view kTemplateKeys[] = {"channel", "kind", "subject", "body"};
constexpr std::string_view kKindNames[] = {"marketing", "transactional"};

}  // namespace

void validate_templates(Ctx& c, const Json& j, const Path& p, std::vector<Template>& out) {
  if (!expect_object(c, j, p)) return;
  out.reserve(j.size());
  // A JSON object iterates in key order, so `out` comes out sorted by id.
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& id = it.key();
    Path tp = p / id;
    if (id.empty()) c.error(tp, "a template id must not be empty");
    Template t;
    t.id = id;  // kept even when invalid, so that references to it are not reported as well
    if (!expect_object(c, *it, tp)) {
      out.push_back(std::move(t));
      continue;
    }
    Obj o(c, *it, tp, kTemplateKeys);
    std::optional<Channel> channel;
    if (const Json* v = o.require("channel")) {
      channel = read_channel(c, *v, tp / "channel");
      if (channel) t.channel = *channel;
    }
    if (const Json* v = o.get("kind")) {
      if (auto k = read_enum(c, *v, tp / "kind", "kind", kKindNames)) {
        t.kind = *k == 0 ? TemplateKind::marketing : TemplateKind::transactional;
      }
    }
    if (const Json* v = o.get("subject")) {
      if (channel && *channel != Channel::email) {
        c.error(tp / "subject", "only email templates have a subject (this one is " +
                                    std::string(kChannelNames[static_cast<int>(*channel)]) + ")");
      } else {
        t.subject = read_mustache(c, *v, tp / "subject");
      }
    }
    if (const Json* v = o.get("body")) {
      if (auto b = read_mustache(c, *v, tp / "body")) t.body = std::move(*b);
    } else if (auto b = read_mustache(c, Json(""), tp / "body")) {
      t.body = std::move(*b);
    }
    out.push_back(std::move(t));
  }
}

}  // namespace flowcast::load_detail

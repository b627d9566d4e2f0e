// Mustache templates for subjects, bodies, task titles and webhook bodies (spec exact rule 12).
//
// Supported: variables {{x}}, unescaped {{{x}}} and {{& x}}, sections {{#x}}, inverted sections
// {{^x}}, comments {{! }}, the implicit iterator {{.}}, dotted names. Partials ({{> x}}) and
// delimiter changes ({{=<% %>=}}) are compile errors. Escaping follows kainjow/mustache
// (& < > " ' -> &amp; &lt; &gt; &quot; &apos;). Falsy: missing, null, false, empty list
// (0 and "" are truthy). Numbers render as JSON; lists and objects as compact JSON.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace flowcast::mustache {

struct Diagnostic {
  int column = 1;  // 1-based, code points from the start of the template text (line ignored)
  int line = 1;
  std::string message;
};

class Template;  // opaque, immutable

struct CompileResult {
  std::shared_ptr<const Template> tmpl;  // null iff errors is non-empty
  std::vector<Diagnostic> errors;
};

CompileResult compile(std::string_view text);

// Renders with `context` (a JSON object) as the root of the context stack. Never throws.
std::string render(const Template& t, const nlohmann::json& context);

// A root context whose members are found on demand, so that rendering reads the caller's own
// data instead of a JSON copy of it. It must behave exactly like the object whole() returns.
class Root {
 public:
  virtual ~Root() = default;
  // The value at `path` (never empty) below the root, or null when missing. The pointer stays
  // valid as long as the Root does.
  virtual const nlohmann::json* find(std::span<const std::string> path) const = 0;
  // The root as one object (the implicit iterator at top level, which is rare).
  virtual const nlohmann::json& whole() const = 0;
};

// Renders with `root` at the bottom of the context stack. Same output as render(t, root.whole()).
std::string render(const Template& t, const Root& root);

}  // namespace flowcast::mustache

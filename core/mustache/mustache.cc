// Mustache compiler and renderer (see mustache.h).
//
// compile() turns the text into a flat node list once; a section node records the index one past
// its last child, so rendering walks index ranges and recurses only as deep as the template nests
// (at most kMaxDepth). Lookup, truthiness, escaping and the standalone-line rule mirror
// kainjow/mustache so that templates behave as they do there wherever the value types coincide.
#include "core/mustache/mustache.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "core/util/json_text.h"

namespace flowcast::mustache {

namespace {

using json = nlohmann::json;

// Bounds both the compile-time section stack and the render-time context stack.
constexpr std::size_t kMaxDepth = 64;

}  // namespace

class Template {
 public:
  enum class Kind : std::uint8_t { text, newline, escaped, raw, section, inverted };

  struct Node {
    Kind kind;
    std::size_t a;  // text/newline: offset into source; variables and sections: index into names
    std::size_t b;  // text/newline: length; sections: index one past the section's last child
  };

  std::string source;
  std::vector<Node> nodes;
  // Dotted names split at '.'; the implicit iterator `.` is the empty path.
  std::vector<std::vector<std::string>> names;
};

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

class Compiler {
 public:
  explicit Compiler(std::string_view text) : text_(text) { t_->source = std::string(text); }

  CompileResult run() {
    std::size_t pos = 0;
    std::size_t text_start = 0;
    while (pos < text_.size()) {
      pos = text_.find_first_of("{\r\n", pos);
      if (pos == std::string_view::npos) break;
      if (text_[pos] == '{') {
        if (text_.compare(pos, 2, "{{") != 0) {
          ++pos;
          continue;
        }
        add_text(text_start, pos);
        if (!tag(pos)) return finish(/*stopped=*/true);
        text_start = pos;
        continue;
      }
      // Newlines are their own nodes: the standalone-line rule acts on them at render time.
      add_text(text_start, pos);
      const std::size_t len = text_.compare(pos, 2, "\r\n") == 0 ? 2 : 1;
      t_->nodes.push_back({Template::Kind::newline, pos, len});
      pos += len;
      text_start = pos;
    }
    add_text(text_start, text_.size());
    return finish(/*stopped=*/false);
  }

 private:
  struct Open {
    std::size_t node;
    std::size_t pos;
    std::string_view name;
  };
  struct Error {
    std::size_t pos;
    std::string message;
  };

  void add_text(std::size_t begin, std::size_t end) {
    if (end > begin) t_->nodes.push_back({Template::Kind::text, begin, end - begin});
  }

  void error(std::size_t pos, std::string message) { errors_.push_back({pos, std::move(message)}); }

  // Parses the tag starting at `pos` and moves `pos` past it. Returns false iff the tag is not
  // closed, after which nothing further can be parsed.
  bool tag(std::size_t& pos) {
    const std::size_t start = pos;
    std::size_t contents = start + 2;
    // As in kainjow: `{{{` opens an unescaped variable that must end with `}}}`.
    const bool triple = contents < text_.size() && text_[contents] == '{';
    if (triple) ++contents;
    const std::string_view close = triple ? "}}}" : "}}";
    const std::size_t end = text_.find(close, contents);
    if (end == std::string_view::npos) {
      error(start, "unclosed tag");
      return false;
    }
    pos = end + close.size();
    const std::string_view body = trim(text_.substr(contents, end - contents));

    if (!body.empty() && body.front() == '=') {
      error(start, "delimiter changes are not supported");
      return true;
    }
    Template::Kind kind = Template::Kind::escaped;
    std::string_view name = body;
    if (triple) {
      kind = Template::Kind::raw;
    } else if (!body.empty()) {
      bool sigil = true;
      switch (body.front()) {
        case '!':
          return true;  // comment
        case '>':
          error(start, "partials are not supported");
          return true;
        case '#':
          kind = Template::Kind::section;
          break;
        case '^':
          kind = Template::Kind::inverted;
          break;
        case '&':
          kind = Template::Kind::raw;
          break;
        case '/':
          close_section(start, trim(body.substr(1)));
          return true;
        default:
          sigil = false;
          break;
      }
      if (sigil) name = trim(body.substr(1));
    }
    const bool is_section = kind == Template::Kind::section || kind == Template::Kind::inverted;
    std::size_t name_index = 0;
    // A badly named section is still opened, so that its end tag does not add a second error.
    if (!add_name(start, name, name_index) && !is_section) return true;

    t_->nodes.push_back({kind, name_index, 0});
    if (is_section) {
      open_.push_back({t_->nodes.size() - 1, start, name});
      if (open_.size() == kMaxDepth + 1) {
        error(start, "sections are nested more than " + std::to_string(kMaxDepth) + " deep");
      }
    }
    return true;
  }

  bool add_name(std::size_t start, std::string_view name, std::size_t& index) {
    if (name.empty()) {
      error(start, "empty tag name");
      return false;
    }
    std::vector<std::string> path;
    if (name != ".") {
      for (std::size_t from = 0;;) {
        const std::size_t dot = std::min(name.find('.', from), name.size());
        if (dot == from) {
          error(start, "empty part in name \"" + std::string(name) + "\"");
          return false;
        }
        path.emplace_back(name.substr(from, dot - from));
        if (dot == name.size()) break;
        from = dot + 1;
      }
    }
    index = t_->names.size();
    t_->names.push_back(std::move(path));
    return true;
  }

  void close_section(std::size_t start, std::string_view name) {
    if (name.empty()) error(start, "empty tag name");
    if (open_.empty()) {
      if (!name.empty()) {
        error(start, "section end \"" + std::string(name) + "\" without an open section");
      }
      return;
    }
    if (!name.empty() && open_.back().name != name) {
      error(start, "section end \"" + std::string(name) + "\" does not match the open section \"" +
                       std::string(open_.back().name) + "\"");
    }
    t_->nodes[open_.back().node].b = t_->nodes.size();
    open_.pop_back();
  }

  CompileResult finish(bool stopped) {
    // After an unclosed tag the open sections are a consequence, not a separate mistake.
    if (!stopped) {
      for (const Open& o : open_) error(o.pos, "unclosed section \"" + std::string(o.name) + "\"");
    }
    CompileResult result;
    if (errors_.empty()) {
      result.tmpl = std::move(t_);
      return result;
    }
    std::stable_sort(errors_.begin(), errors_.end(),
                     [](const Error& x, const Error& y) { return x.pos < y.pos; });
    for (Error& e : errors_) result.errors.push_back(locate(e.pos, std::move(e.message)));
    return result;
  }

  Diagnostic locate(std::size_t pos, std::string message) const {
    Diagnostic d;
    d.message = std::move(message);
    for (std::size_t i = 0; i < pos; ++i) {
      const auto c = static_cast<unsigned char>(text_[i]);
      if ((c & 0xC0) != 0x80) ++d.column;  // UTF-8 continuation bytes are not code points
      if (c == '\n') ++d.line;
    }
    return d;
  }

  std::string_view text_;
  std::shared_ptr<Template> t_ = std::make_shared<Template>();
  std::vector<Open> open_;
  std::vector<Error> errors_;
};

bool truthy(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
    case json::value_t::discarded:
      return false;
    case json::value_t::boolean:
      return v.get<bool>();
    case json::value_t::array:
      return !v.empty();
    default:
      return true;
  }
}

void append_escaped(std::string& out, std::string_view s) {
  for (;;) {
    const std::size_t special = s.find_first_of("&<>\"'");
    out.append(s.substr(0, special));
    if (special == std::string_view::npos) return;
    switch (s[special]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += "&apos;"; break;
    }
    s.remove_prefix(special + 1);
  }
}

class Renderer {
 public:
  Renderer(const Template& t, const json& root) : t_(t) {
    stack_[0] = &root;
    out_.reserve(t.source.size() + t.source.size() / 2);
  }
  Renderer(const Template& t, const Root& root) : t_(t), root_(&root) {
    out_.reserve(t.source.size() + t.source.size() / 2);
  }

  std::string run() {
    walk(0, t_.nodes.size());
    end_line({});
    return std::move(out_);
  }

 private:
  void walk(std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end;) {
      const Template::Node& node = t_.nodes[i];
      switch (node.kind) {
        case Template::Kind::text:
          out_.append(t_.source, node.a, node.b);
          ++i;
          break;
        case Template::Kind::newline:
          end_line(std::string_view(t_.source).substr(node.a, node.b));
          ++i;
          break;
        case Template::Kind::escaped:
        case Template::Kind::raw:
          if (const json* v = lookup(t_.names[node.a])) {
            append_value(*v, node.kind == Template::Kind::escaped);
          }
          ++i;
          break;
        case Template::Kind::section:
        case Template::Kind::inverted: {
          const json* v = lookup(t_.names[node.a]);
          const bool on = v != nullptr && truthy(*v);
          if (on == (node.kind == Template::Kind::section)) section(i + 1, node.b, v);
          i = node.b;
          break;
        }
      }
    }
  }

  // As kainjow's render_section: a non-empty list pushes each element; any other present value
  // (including the falsy value of an inverted section) is pushed once; a missing one is not.
  // Every pass marks the line as holding a section tag, for the standalone-line rule.
  void section(std::size_t begin, std::size_t end, const json* v) {
    if (v != nullptr && v->is_array() && !v->empty()) {
      for (const json& item : *v) {
        section_on_line_ = true;
        push(&item);
        walk(begin, end);
        --depth_;
        section_on_line_ = true;
      }
      return;
    }
    section_on_line_ = true;
    if (v != nullptr) push(v);
    walk(begin, end);
    if (v != nullptr) --depth_;
    section_on_line_ = true;
  }

  void push(const json* v) {
    assert(depth_ < stack_.size());  // compile() caps nesting at kMaxDepth
    stack_[depth_++] = v;
  }

  // kainjow's context lookup: the whole dotted path is tried from each context, innermost first.
  const json* lookup(const std::vector<std::string>& path) const {
    if (path.empty()) return depth_ == 1 && root_ != nullptr ? &root_->whole() : stack_[depth_ - 1];
    for (std::size_t d = depth_; d-- > 0;) {
      if (d == 0 && root_ != nullptr) return root_->find(path);
      const json* v = stack_[d];
      for (const std::string& part : path) {
        if (!v->is_object()) {
          v = nullptr;
          break;
        }
        const auto it = v->find(part);
        if (it == v->end()) {
          v = nullptr;
          break;
        }
        v = &*it;
      }
      if (v != nullptr) return v;
    }
    return nullptr;
  }

  void append_value(const json& v, bool escape) {
    switch (v.type()) {
      case json::value_t::null:
      case json::value_t::discarded:
        return;
      case json::value_t::boolean:
        out_ += v.get<bool>() ? "true" : "false";
        return;
      case json::value_t::number_integer:
      case json::value_t::number_unsigned:
      case json::value_t::number_float:
        append_json_number(out_, v);  // digits, '.', 'e', '-', '+': nothing to escape
        return;
      case json::value_t::string:
        append_text(v.get_ref<const std::string&>(), escape);
        return;
      default:  // lists and objects; `replace` keeps bad UTF-8 from throwing
        append_text(v.dump(-1, ' ', false, json::error_handler_t::replace), escape);
        return;
    }
  }

  void append_text(std::string_view s, bool escape) {
    if (escape) {
      append_escaped(out_, s);
    } else {
      out_ += s;
    }
  }

  // kainjow's render_current_line: a line that held a section tag and rendered to nothing but
  // spaces and tabs is dropped together with its newline.
  void end_line(std::string_view newline) {
    const bool blank = out_.find_first_not_of(" \t", line_start_) == std::string::npos;
    if (section_on_line_ && blank) {
      out_.resize(line_start_);
    } else {
      out_.append(newline);
    }
    line_start_ = out_.size();
    section_on_line_ = false;
  }

  const Template& t_;
  std::string out_;
  std::size_t line_start_ = 0;
  bool section_on_line_ = false;
  std::array<const json*, kMaxDepth + 1> stack_{};  // [0] unused when root_ is set
  std::size_t depth_ = 1;
  const Root* root_ = nullptr;
};

}  // namespace

CompileResult compile(std::string_view text) { return Compiler(text).run(); }

std::string render(const Template& t, const nlohmann::json& context) {
  return Renderer(t, context).run();
}

std::string render(const Template& t, const Root& root) { return Renderer(t, root).run(); }

}  // namespace flowcast::mustache

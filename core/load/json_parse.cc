// JSON text -> DOM without exceptions: a SAX handler that builds the value, refuses nesting
// deeper than kMaxDepth (so nothing recursive ever sees a hostile document), reports duplicate
// keys, and turns a syntax error's byte offset into a line and column.
#include <algorithm>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "core/load/internal.h"

namespace flowcast::load_detail {

namespace {

// Line (1-based) and column (1-based, in code points) of byte `offset` in `text`.
void line_and_column(std::string_view text, std::size_t offset, int& line, int& column) {
  if (offset > text.size()) offset = text.size();
  std::size_t line_start = 0;
  long lines = 1;
  for (std::size_t i = text.find('\n'); i != std::string_view::npos && i < offset;
       i = text.find('\n', i + 1)) {
    ++lines;
    line_start = i + 1;
  }
  long col = 1;
  for (std::size_t i = line_start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;
  }
  line = static_cast<int>(std::min<long>(lines, 2147483647L));
  column = static_cast<int>(std::min<long>(col, 2147483647L));
}

// Byte offset of the bracket that opens nesting level kMaxDepth + 1. REQUIRES: the text is
// well-formed up to that point (the SAX parser got there).
std::size_t too_deep_offset(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (in_string) {
      if (ch == '\\') {
        ++i;
      } else if (ch == '"') {
        in_string = false;
      }
    } else if (ch == '"') {
      in_string = true;
    } else if (ch == '[' || ch == '{') {
      if (++depth > kMaxDepth) return i;
    } else if (ch == ']' || ch == '}') {
      --depth;
    }
  }
  return text.size();
}

// nlohmann's message without its "[json.exception...] parse error at line L, column C: " prefix
// (we compute the position ourselves) and with the echoed token shortened.
std::string clean_message(std::string what, const std::string& last_token) {
  if (what.rfind("[json.exception.", 0) == 0) {
    std::size_t close = what.find("] ");
    if (close != std::string::npos) what.erase(0, close + 2);
  }
  if (what.rfind("parse error", 0) == 0) {
    std::size_t colon = what.find(": ");
    if (colon != std::string::npos) what.erase(0, colon + 2);
  }
  const std::string echo = "; last read: '" + last_token + "'";
  std::size_t at = what.find(echo);
  if (at != std::string::npos) {
    constexpr std::size_t kMax = 40;
    std::string shown = last_token;
    if (shown.size() > kMax) {
      std::size_t cut = kMax - 3;
      while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;
      shown = shown.substr(0, cut) + "...";
    }
    what.replace(at, echo.size(), "; last read: '" + shown + "'");
  }
  return "invalid JSON: " + what;
}

class DomBuilder {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  DomBuilder(Json& root, Ctx& c) : root_(root), ctx_(c) {}

  bool null() { return put(Json(nullptr)); }
  bool boolean(bool v) { return put(Json(v)); }
  bool number_integer(number_integer_t v) { return put(Json(v)); }
  bool number_unsigned(number_unsigned_t v) { return put(Json(v)); }
  bool number_float(number_float_t v, const string_t&) { return put(Json(v)); }
  // The lexer clears its buffer before the next token, so the text can be moved out.
  bool string(string_t& v) { return put(Json(std::move(v))); }
  bool binary(binary_t& v) { return put(Json::binary(std::move(v))); }

  bool start_object(std::size_t) { return open(Json::object()); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(string_t& k) {
    Frame& f = stack_.back();
    auto& obj = f.value->get_ref<Json::object_t&>();
    auto [it, inserted] = obj.try_emplace(std::move(k));
    f.key = &it->first;
    if (!inserted) {
      report_duplicate();
      it->second = Json();  // the last value wins, as in nlohmann's own parser
    }
    f.slot = &it->second;
    return true;
  }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) {
    error_position_ = position;
    error_message_ = clean_message(ex.what(), last_token);
    return false;
  }

  bool too_deep() const { return too_deep_; }
  bool failed() const { return error_position_.has_value(); }
  std::size_t error_position() const { return *error_position_; }
  const std::string& error_message() const { return error_message_; }

 private:
  struct Frame {
    Json* value;
    const std::string* key = nullptr;  // object: the current member's key
    Json* slot = nullptr;              // object: where the current member's value goes
  };

  Json* place(Json&& v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Frame& f = stack_.back();
    if (f.value->is_array()) {
      auto& arr = f.value->get_ref<Json::array_t&>();
      arr.push_back(std::move(v));
      return &arr.back();
    }
    *f.slot = std::move(v);
    return f.slot;
  }

  bool put(Json&& v) {
    place(std::move(v));
    return true;
  }

  bool open(Json&& v) {
    if (stack_.size() >= kMaxDepth) {
      too_deep_ = true;
      return false;
    }
    stack_.push_back(Frame{place(std::move(v))});
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  // "/a/0/b: duplicate key 'b'" for the member being added to the innermost object.
  void report_duplicate() {
    std::vector<Path> chain;  // reserved up front: each element points at the previous one
    chain.reserve(stack_.size() + 1);
    chain.push_back(Path{});
    for (const Frame& f : stack_) {
      const Path& parent = chain.back();
      if (f.value->is_array()) {
        std::size_t n = f.value->size();
        chain.push_back(parent / (n == 0 ? std::size_t{0} : n - 1));
      } else {
        chain.push_back(parent / std::string_view(*f.key));
      }
    }
    ctx_.error(chain.back(), "duplicate key " + quote(*stack_.back().key));
  }

  Json& root_;
  Ctx& ctx_;
  std::vector<Frame> stack_;
  bool too_deep_ = false;
  std::optional<std::size_t> error_position_;
  std::string error_message_;
};

}  // namespace

bool parse_json(std::string_view text, Json& out, Ctx& c) {
  DomBuilder builder(out, c);
  bool ok = false;
  try {
    ok = Json::sax_parse(text.begin(), text.end(), &builder);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    LoadDiagnostic d;
    d.line = 1;
    d.column = 1;
    d.message = std::string("invalid JSON: ") + e.what();
    c.diags.push_back(std::move(d));
    ++c.error_count;
    out = Json();
    return false;
  }
  if (ok) return true;
  LoadDiagnostic d;
  int line = 1;
  int column = 1;
  if (builder.too_deep()) {
    line_and_column(text, too_deep_offset(text), line, column);
    d.message = "invalid JSON: nested deeper than " + std::to_string(kMaxDepth) + " levels";
  } else if (builder.failed()) {
    std::size_t pos = builder.error_position();
    line_and_column(text, pos == 0 ? 0 : pos - 1, line, column);
    d.message = builder.error_message();
  } else {
    d.message = "invalid JSON";
  }
  d.line = line;
  d.column = column;
  c.diags.push_back(std::move(d));
  ++c.error_count;
  out = Json();
  return false;
}

bool too_deep(const Json& j) {
  // Iterative walk: (value, depth) pairs.
  std::vector<std::pair<const Json*, std::size_t>> todo{{&j, 1}};
  while (!todo.empty()) {
    auto [v, depth] = todo.back();
    todo.pop_back();
    if (!v->is_structured()) continue;
    if (depth > kMaxDepth) return true;
    for (const Json& child : *v) {
      if (child.is_structured()) todo.emplace_back(&child, depth + 1);
    }
  }
  return false;
}

}  // namespace flowcast::load_detail

// compile(): a recursive-descent parser from tokens to the flat Program, resolving names and
// functions and folding literals as it goes.
//
// Syntax errors stop the parse (one precise message rather than a cascade); mistakes in names and
// function calls are recorded and the parse goes on, so that all of them are reported at once.
#include <algorithm>
#include <utility>

#include "core/expr/lexer.h"
#include "core/expr/program.h"

namespace flowcast::expr {

namespace {

// Deeper expressions are refused: they bound the parser's and the evaluator's recursion.
constexpr int kMaxDepth = 100;

// At most 40 bytes of `text`, cut on a code point boundary, with "..." when cut.
std::string shortened(std::string_view text) {
  constexpr std::size_t kShown = 40;
  if (text.size() <= kShown) return std::string(text);
  std::size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

std::string in_quotes(std::string_view text) { return "'" + shortened(text) + "'"; }

std::string describe(const Token& t) {
  if (t.kind == Tok::end) return "the end of the expression";
  if (t.kind == Tok::string) return shortened(t.text);
  return in_quotes(t.text);
}

// The keyword that `word` spells in another case ("AND" -> "and"), or empty.
std::string_view keyword_spelled(std::string_view word) {
  static constexpr std::string_view kKeywords[] = {"and",  "or",    "not",  "in", "contains",
                                                   "true", "false", "null", "now"};
  if (word.size() > 8) return {};
  std::string lower(word);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (std::string_view k : kKeywords) {
    if (k == lower) return k;
  }
  return {};
}

// "; did you mean 'and'?" when a name token is a keyword in the wrong case.
std::string keyword_hint(const Token& t) {
  if (t.kind != Tok::name) return "";
  std::string_view k = keyword_spelled(t.text);
  return k.empty() ? "" : "; did you mean '" + std::string(k) + "'?";
}

std::vector<std::string> split_path(std::string_view text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    std::size_t dot = text.find('.', start);
    parts.emplace_back(text.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

Op comparison_op(Tok t) {
  switch (t) {
    case Tok::eq:
      return Op::eq;
    case Tok::ne:
      return Op::ne;
    case Tok::lt:
      return Op::lt;
    case Tok::le:
      return Op::le;
    case Tok::gt:
      return Op::gt;
    case Tok::ge:
      return Op::ge;
    case Tok::kw_in:
      return Op::in;
    default:
      return Op::contains;
  }
}

class Parser {
 public:
  explicit Parser(const LexResult& lexed) : toks_(lexed.tokens) {
    for (const Diagnostic& d : lexed.errors) {
      first_lex_error_ = std::min(first_lex_error_, d.column);
    }
  }

  CompileResult run() {
    auto program = std::make_shared<Program>();
    prog_ = program.get();
    if (peek().kind == Tok::end) {
      syntax_error(1, "the expression is empty");
    } else {
      std::uint32_t root = parse_or();
      if (!failed_ && peek().kind != Tok::end) {
        const Token& t = peek();
        if (t.kind == Tok::rparen) {
          syntax_error(t.column, "this ')' has no matching '('");
        } else if (t.kind == Tok::rbracket) {
          syntax_error(t.column, "this ']' has no matching '['");
        } else {
          syntax_error(t.column, "expected an operator or the end of the expression, found " +
                                     describe(t) + keyword_hint(t));
        }
      }
      prog_->root = root;
    }
    CompileResult result;
    result.errors = std::move(errors_);
    if (result.errors.empty()) result.program = std::move(program);
    return result;
  }

 private:
  const Token& peek(std::size_t ahead = 0) const {
    return toks_[std::min(pos_ + ahead, toks_.size() - 1)];
  }
  const Token& next() {
    const Token& t = toks_[pos_];
    if (pos_ + 1 < toks_.size()) ++pos_;
    return t;
  }
  const Token* previous() const { return pos_ > 0 ? &toks_[pos_ - 1] : nullptr; }

  // A syntax error stops the parse. It is not reported when it is only a consequence of a
  // lexical error already reported.
  void syntax_error(int column, std::string message) {
    if (!failed_ && column < first_lex_error_ && peek().kind != Tok::error) {
      errors_.push_back(Diagnostic{column, std::move(message)});
    }
    failed_ = true;
  }
  // A mistake in a name or a call: reported, and parsing goes on.
  void semantic_error(int column, std::string message) {
    errors_.push_back(Diagnostic{column, std::move(message)});
  }

  std::string found_suffix() const {
    return peek().kind == Tok::end ? "" : ", found " + describe(peek());
  }

  // Adds a node whose children are `children`; refuses trees deeper than kMaxDepth.
  std::uint32_t add(Node n, std::initializer_list<std::uint32_t> children, int column) {
    int d = 0;
    for (std::uint32_t c : children) d = std::max(d, depth_[c]);
    return push(n, d + 1, column);
  }
  std::uint32_t add_items(Op op, const std::vector<std::uint32_t>& children, int column) {
    int d = 0;
    for (std::uint32_t c : children) d = std::max(d, depth_[c]);
    Node n{op, static_cast<std::uint32_t>(prog_->items.size()),
           static_cast<std::uint32_t>(children.size()), 0};
    prog_->items.insert(prog_->items.end(), children.begin(), children.end());
    return push(n, d + 1, column);
  }
  std::uint32_t push(Node n, int depth, int column) {
    if (depth > kMaxDepth) syntax_error(column, "the expression is nested too deeply");
    prog_->nodes.push_back(n);
    depth_.push_back(depth);
    return static_cast<std::uint32_t>(prog_->nodes.size() - 1);
  }
  std::uint32_t constant(Value v) {
    prog_->constants.push_back(std::move(v));
    return push(Node{Op::constant, static_cast<std::uint32_t>(prog_->constants.size() - 1), 0, 0},
                1, 1);
  }
  const Value* constant_of(std::uint32_t node) const {
    const Node& n = prog_->nodes[node];
    return n.op == Op::constant ? &prog_->constants[n.a] : nullptr;
  }

  bool enter(int column) {
    if (++nesting_ > kMaxDepth) {
      syntax_error(column, "the expression is nested too deeply");
      return false;
    }
    return true;
  }
  void leave() { --nesting_; }

  std::uint32_t parse_or() { return parse_logical(Tok::kw_or, Op::or_); }
  std::uint32_t parse_and() { return parse_logical(Tok::kw_and, Op::and_); }

  std::uint32_t parse_logical(Tok tok, Op op) {
    const int column = peek().column;
    std::uint32_t first = tok == Tok::kw_or ? parse_and() : parse_not();
    if (failed_ || peek().kind != tok) return first;
    std::vector<std::uint32_t> items{first};
    while (peek().kind == tok) {
      next();
      std::uint32_t r = tok == Tok::kw_or ? parse_and() : parse_not();
      if (failed_) return 0;
      items.push_back(r);
    }
    return add_items(op, items, column);
  }

  std::uint32_t parse_not() {
    if (peek().kind != Tok::kw_not) return parse_comparison();
    const Token& t = next();
    if (!enter(t.column)) return 0;
    std::uint32_t a = parse_not();
    leave();
    if (failed_) return 0;
    return add(Node{Op::not_, a, 0, 0}, {a}, t.column);
  }

  std::uint32_t parse_comparison() {
    std::uint32_t lhs = parse_additive();
    if (failed_) return 0;
    if (!is_comparison(peek().kind)) {
      if (peek().kind == Tok::kw_not && peek(1).kind == Tok::kw_in) {
        syntax_error(peek().column, "there is no 'not in': write 'not (a in b)'");
      }
      return lhs;
    }
    const Token& op = next();
    std::uint32_t rhs = parse_additive();
    if (failed_) return 0;
    if (is_comparison(peek().kind)) {
      syntax_error(peek().column,
                   "comparisons do not chain: write 'a < b and b < c' instead of "
                   "'a < b < c'");
      return 0;
    }
    return add(Node{comparison_op(op.kind), lhs, rhs, 0}, {lhs, rhs}, op.column);
  }

  std::uint32_t parse_additive() {
    std::uint32_t lhs = parse_multiplicative();
    while (!failed_ && (peek().kind == Tok::plus || peek().kind == Tok::minus)) {
      const Token& op = next();
      std::uint32_t rhs = parse_multiplicative();
      if (failed_) return 0;
      lhs = add(Node{op.kind == Tok::plus ? Op::add : Op::sub, lhs, rhs, 0}, {lhs, rhs}, op.column);
    }
    return lhs;
  }

  std::uint32_t parse_multiplicative() {
    std::uint32_t lhs = parse_unary();
    while (!failed_ && (peek().kind == Tok::star || peek().kind == Tok::slash)) {
      const Token& op = next();
      std::uint32_t rhs = parse_unary();
      if (failed_) return 0;
      lhs = add(Node{op.kind == Tok::star ? Op::mul : Op::div, lhs, rhs, 0}, {lhs, rhs}, op.column);
    }
    return lhs;
  }

  std::uint32_t parse_unary() {
    if (peek().kind != Tok::minus) return parse_primary();
    const Token& t = next();
    if (!enter(t.column)) return 0;
    std::uint32_t a = parse_unary();
    leave();
    if (failed_) return 0;
    if (const Value* v = constant_of(a)) {
      if (v->kind == Value::Kind::number) return constant(Value::number(-v->num));
      if (v->kind == Value::Kind::duration) return constant(Value::duration(-v->seconds));
    }
    return add(Node{Op::neg, a, 0, 0}, {a}, t.column);
  }

  std::uint32_t parse_primary() {
    const Token& t = peek();
    switch (t.kind) {
      case Tok::number:
        next();
        return constant(Value::number(t.num));
      case Tok::duration:
        next();
        return constant(Value::duration(t.seconds));
      case Tok::string:
        next();
        return constant(Value::string(t.str));
      case Tok::kw_true:
        next();
        return constant(Value::boolean(true));
      case Tok::kw_false:
        next();
        return constant(Value::boolean(false));
      case Tok::kw_null:
        next();
        return constant(Value::null());
      case Tok::error:
        // Already reported by the lexer: stands for an operand so that parsing goes on.
        next();
        return constant(Value::null());
      case Tok::lparen:
        return parse_parenthesized();
      case Tok::lbracket:
        return parse_list();
      case Tok::name:
        if (peek(1).kind == Tok::lparen) return parse_call();
        next();
        return resolve_name(t);
      default:
        break;
    }
    const Token* prev = previous();
    if (prev == nullptr) {
      syntax_error(t.column, "expected an operand" + found_suffix());
    } else {
      syntax_error(t.column, "expected an operand after " + describe(*prev) + found_suffix());
    }
    return 0;
  }

  std::uint32_t parse_parenthesized() {
    const Token& open = next();
    if (!enter(open.column)) return 0;
    std::uint32_t e = parse_or();
    leave();
    if (failed_) return 0;
    if (peek().kind != Tok::rparen) {
      syntax_error(peek().column, "expected ')' to close the '(' at column " +
                                      std::to_string(open.column) + found_suffix());
      return 0;
    }
    next();
    return e;
  }

  std::uint32_t parse_list() {
    const Token& open = next();
    if (!enter(open.column)) return 0;
    std::vector<std::uint32_t> items;
    if (peek().kind != Tok::rbracket) {
      for (;;) {
        std::uint32_t e = parse_or();
        if (failed_) return 0;
        items.push_back(e);
        if (peek().kind == Tok::comma) {
          next();
          continue;
        }
        if (peek().kind == Tok::rbracket) break;
        syntax_error(peek().column, "expected ',' or ']' in the list opened at column " +
                                        std::to_string(open.column) + found_suffix());
        return 0;
      }
    }
    next();
    leave();
    bool all_constant = true;
    for (std::uint32_t i : items) all_constant = all_constant && constant_of(i) != nullptr;
    if (all_constant) {
      Value list;
      list.kind = Value::Kind::list;
      list.list.reserve(items.size());
      for (std::uint32_t i : items) list.list.push_back(*constant_of(i));
      return constant(std::move(list));
    }
    return add_items(Op::list, items, open.column);
  }

  std::uint32_t parse_call() {
    const Token& name = next();
    const Token& open = next();
    if (!enter(open.column)) return 0;
    std::vector<std::uint32_t> args;
    std::vector<int> columns;
    if (peek().kind != Tok::rparen) {
      for (;;) {
        columns.push_back(peek().column);
        std::uint32_t e = parse_or();
        if (failed_) return 0;
        args.push_back(e);
        if (peek().kind == Tok::comma) {
          next();
          continue;
        }
        if (peek().kind == Tok::rparen) break;
        syntax_error(peek().column, "expected ',' or ')' after an argument of " +
                                        std::string(name.text) + "()" + found_suffix());
        return 0;
      }
    }
    next();
    leave();
    return resolve_call(name, args, columns);
  }

  std::uint32_t resolve_call(const Token& name, const std::vector<std::uint32_t>& args,
                             const std::vector<int>& columns) {
    const std::string fn(name.text);
    const FunctionInfo* info = find_function(fn);
    if (info == nullptr) {
      if (fn.find('.') != std::string::npos) {
        semantic_error(name.column, in_quotes(fn) + " is not a function");
      } else {
        semantic_error(name.column, "unknown function " + in_quotes(fn) + "; the functions are " +
                                        function_list());
      }
      return constant(Value::null());
    }
    const int n = static_cast<int>(args.size());
    if (n < info->min_args || n > info->max_args) {
      std::string takes = std::to_string(info->min_args);
      if (info->max_args != info->min_args) takes += " or " + std::to_string(info->max_args);
      takes += info->max_args == 1 ? " argument" : " arguments";
      semantic_error(name.column, fn + "() takes " + takes + ", got " + std::to_string(n));
      return constant(Value::null());
    }
    const std::uint32_t a = args[0];
    if (fn == "count") {
      if (n == 1) return add(Node{Op::count, a, 0, 0}, {a}, name.column);
      return add(Node{Op::count_window, a, args[1], 0}, {a, args[1]}, name.column);
    }
    if (fn == "sum") {
      const Value* p = constant_of(args[1]);
      if (p == nullptr || p->kind != Value::Kind::string) {
        semantic_error(columns[1],
                       "sum() takes the property as a string literal, like \"total\" "
                       "or \"items.price\"");
        return constant(Value::null());
      }
      std::vector<std::string> path = split_path(p->str);
      for (const std::string& segment : path) {
        if (segment.empty()) {
          semantic_error(columns[1], "sum(): " + in_quotes(p->str) + " is not a property path");
          return constant(Value::null());
        }
      }
      prog_->paths.push_back(std::move(path));
      const auto path_index = static_cast<std::uint32_t>(prog_->paths.size() - 1);
      if (n == 2) return add(Node{Op::sum, a, path_index, 0}, {a}, name.column);
      return add(Node{Op::sum_window, a, path_index, args[2]}, {a, args[2]}, name.column);
    }
    if (fn == "time") {
      const Value* s = constant_of(a);
      if (s != nullptr && s->kind == Value::Kind::string) {
        std::optional<time::Instant> t = time::parse_instant(s->str);
        if (!t) {
          semantic_error(columns[0],
                         "time(): " + in_quotes(s->str) + " is not an RFC 3339 instant");
          return constant(Value::null());
        }
        return constant(Value::instant(*t));
      }
    }
    struct Unary {
      std::string_view name;
      Op op;
    };
    static constexpr Unary kUnary[] = {
        {"last", Op::last}, {"first", Op::first}, {"since", Op::since}, {"exists", Op::exists},
        {"time", Op::time}, {"lower", Op::lower}, {"len", Op::len}};
    Op op = Op::len;
    for (const Unary& u : kUnary) {
      if (u.name == fn) op = u.op;
    }
    return add(Node{op, a, 0, 0}, {a}, name.column);
  }

  std::uint32_t resolve_name(const Token& t) {
    std::vector<std::string> parts = split_path(t.text);
    const std::string& root = parts[0];
    Name name;
    if (root == "now") {
      if (parts.size() > 1) {
        semantic_error(t.column, "'now' has no properties");
        return constant(Value::null());
      }
      name.field = Field::now;
    } else if (root == "contact" || root == "event" || root == "trigger") {
      if (parts.size() == 1) {
        semantic_error(t.column, in_quotes(root) + " needs a property, like " + root +
                                     (root == "contact" ? ".email" : ".type"));
        return constant(Value::null());
      }
      const std::string& field = parts[1];
      name.field = resolve_field(root, field);
      const bool is_property = name.field == Field::contact_property ||
                               name.field == Field::event_property ||
                               name.field == Field::trigger_property;
      const std::size_t rest = is_property ? 1 : 2;
      name.path.assign(std::make_move_iterator(parts.begin() + static_cast<std::ptrdiff_t>(rest)),
                       std::make_move_iterator(parts.end()));
    } else {
      semantic_error(t.column, unknown_name_message(t.text, parts));
      return constant(Value::null());
    }
    prog_->names.push_back(std::move(name));
    return push(Node{Op::name, static_cast<std::uint32_t>(prog_->names.size() - 1), 0, 0}, 1,
                t.column);
  }

  // The field `root.field` names: a fixed field (contact.email, event.at, ...) or a property.
  static Field resolve_field(const std::string& root, const std::string& field) {
    if (root == "contact") {
      if (field == "id") return Field::contact_id;
      if (field == "email") return Field::contact_email;
      if (field == "phone") return Field::contact_phone;
      return Field::contact_property;
    }
    const bool event = root == "event";
    if (field == "type") return event ? Field::event_type : Field::trigger_type;
    if (field == "at") return event ? Field::event_at : Field::trigger_at;
    return event ? Field::event_property : Field::trigger_property;
  }

  static std::string unknown_name_message(std::string_view text,
                                          const std::vector<std::string>& parts) {
    if (parts.size() == 1) {
      if (find_function(text) != nullptr) {
        return in_quotes(text) + " is a function: call it like " + std::string(text) + "(...)";
      }
      std::string_view k = keyword_spelled(text);
      if (!k.empty()) {
        return "unknown name " + in_quotes(text) + "; did you mean '" + std::string(k) + "'?";
      }
    }
    return "unknown name " + in_quotes(text) +
           ": names start with contact., event. or trigger., or are now";
  }

  const std::vector<Token>& toks_;
  std::size_t pos_ = 0;
  Program* prog_ = nullptr;
  std::vector<int> depth_;  // of each node, parallel to prog_->nodes
  int nesting_ = 0;
  bool failed_ = false;
  int first_lex_error_ = 1 << 30;
  std::vector<Diagnostic> errors_;
};

}  // namespace

CompileResult compile(std::string_view text) {
  LexResult lexed = lex(text);
  CompileResult result = Parser(lexed).run();
  if (!lexed.errors.empty()) {
    result.errors.insert(result.errors.begin(), lexed.errors.begin(), lexed.errors.end());
    result.program.reset();
  }
  std::stable_sort(result.errors.begin(), result.errors.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.column < b.column; });
  return result;
}

}  // namespace flowcast::expr

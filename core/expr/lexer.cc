// The expression lexer: numbers, durations, strings with escapes, dotted names, keywords and
// operators, with columns counted in code points.
#include "core/expr/lexer.h"

#include <charconv>
#include <utility>

namespace flowcast::expr {

namespace {

bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// Names start with an ASCII letter or '_'; later characters, and property names after a dot, may
// also be digits or any non-ASCII character (contact.prénom).
bool is_ident_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_ident_char(unsigned char c) { return is_ident_start(c) || is_digit(c) || c >= 0x80; }

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

Tok keyword(std::string_view word) {
  struct Entry {
    std::string_view word;
    Tok tok;
  };
  static constexpr Entry kKeywords[] = {
      {"and", Tok::kw_and},           {"or", Tok::kw_or},
      {"not", Tok::kw_not},           {"in", Tok::kw_in},
      {"contains", Tok::kw_contains}, {"true", Tok::kw_true},
      {"false", Tok::kw_false},       {"null", Tok::kw_null},
  };
  for (const Entry& e : kKeywords) {
    if (e.word == word) return e.tok;
  }
  return Tok::name;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  LexResult run() {
    for (;;) {
      skip_space();
      if (pos_ >= text_.size()) break;
      scan_token();
    }
    Token end;
    end.kind = Tok::end;
    // The end is reported just after the last token: "expected an operand after 'and'".
    end.column = out_.tokens.empty() ? 1 : out_.tokens.back().end_column;
    end.end_column = end.column;
    out_.tokens.push_back(std::move(end));
    return std::move(out_);
  }

 private:
  unsigned char peek(std::size_t ahead = 0) const {
    std::size_t p = pos_ + ahead;
    return p < text_.size() ? static_cast<unsigned char>(text_[p]) : 0;
  }

  // Moves one byte forward, keeping col_ the column of pos_.
  void advance() {
    if (!is_continuation(static_cast<unsigned char>(text_[pos_]))) ++col_;
    ++pos_;
  }

  // Moves over one whole code point.
  void advance_code_point() {
    advance();
    while (pos_ < text_.size() && is_continuation(peek())) advance();
  }

  void skip_space() {
    while (pos_ < text_.size()) {
      unsigned char c = peek();
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      advance();
    }
  }

  void error(int column, std::string message) {
    out_.errors.push_back(Diagnostic{column, std::move(message)});
  }

  void emit(Tok kind, std::size_t start, int start_col, Token t = {}) {
    t.kind = kind;
    t.column = start_col;
    t.end_column = col_;
    t.text = text_.substr(start, pos_ - start);
    out_.tokens.push_back(std::move(t));
  }

  void scan_token() {
    const std::size_t start = pos_;
    const int start_col = col_;
    const unsigned char c = peek();
    if (is_digit(c)) return scan_number(start, start_col);
    if (c == '"' || c == '\'') return scan_string(start, start_col);
    if (is_ident_start(c)) return scan_name(start, start_col);
    advance();
    switch (c) {
      case '(':
        return emit(Tok::lparen, start, start_col);
      case ')':
        return emit(Tok::rparen, start, start_col);
      case '[':
        return emit(Tok::lbracket, start, start_col);
      case ']':
        return emit(Tok::rbracket, start, start_col);
      case ',':
        return emit(Tok::comma, start, start_col);
      case '+':
        return emit(Tok::plus, start, start_col);
      case '-':
        return emit(Tok::minus, start, start_col);
      case '*':
        return emit(Tok::star, start, start_col);
      case '/':
        return emit(Tok::slash, start, start_col);
      case '<':
        if (peek() == '=') {
          advance();
          return emit(Tok::le, start, start_col);
        }
        return emit(Tok::lt, start, start_col);
      case '>':
        if (peek() == '=') {
          advance();
          return emit(Tok::ge, start, start_col);
        }
        return emit(Tok::gt, start, start_col);
      case '=':
        if (peek() == '=') {
          advance();
          return emit(Tok::eq, start, start_col);
        }
        error(start_col, "use '==' to compare ('=' alone is not an operator)");
        return emit(Tok::error, start, start_col);
      case '!':
        if (peek() == '=') {
          advance();
          return emit(Tok::ne, start, start_col);
        }
        error(start_col, "use 'not' instead of '!'");
        return emit(Tok::error, start, start_col);
      case '&':
        if (peek() == '&') advance();
        error(start_col, "use 'and' instead of '&&'");
        return emit(Tok::error, start, start_col);
      case '|':
        if (peek() == '|') advance();
        error(start_col, "use 'or' instead of '||'");
        return emit(Tok::error, start, start_col);
      default:
        break;
    }
    while (pos_ < text_.size() && is_continuation(peek())) advance();
    const std::string_view ch = text_.substr(start, pos_ - start);
    if (ch == "\xE2\x80\x9C" || ch == "\xE2\x80\x98")
      return scan_curly_string(start, start_col, ch);
    error(start_col, "unexpected character '" + std::string(ch) + "'");
    emit(Tok::error, start, start_col);
  }

  // A string in typographic quotes (pasted from a word processor): one error for the whole of it.
  void scan_curly_string(std::size_t start, int start_col, std::string_view open) {
    const std::string_view close = open == "\xE2\x80\x9C" ? "\xE2\x80\x9D" : "\xE2\x80\x99";
    std::size_t found = text_.find(close, pos_);
    const std::size_t stop = found == std::string_view::npos ? text_.size() : found + close.size();
    while (pos_ < stop) advance();
    error(start_col, "use straight quotes \" or ' around strings, not " + std::string(open) +
                         std::string(close));
    emit(Tok::error, start, start_col);
  }

  void scan_number(std::size_t start, int start_col) {
    while (is_digit(peek())) advance();
    bool plain_integer = true;
    if (peek() == '.') {
      if (!is_digit(peek(1))) {
        advance();
        error(start_col, "a number cannot end with '.'; write a digit after it, like 1.0");
        return emit(Tok::error, start, start_col);
      }
      plain_integer = false;
      advance();
      while (is_digit(peek())) advance();
    }
    if ((peek() == 'e' || peek() == 'E') &&
        (is_digit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && is_digit(peek(2))))) {
      plain_integer = false;
      advance();
      if (!is_digit(peek())) advance();
      while (is_digit(peek())) advance();
    }
    const std::size_t number_end = pos_;
    if (is_ident_char(peek())) {
      while (pos_ < text_.size() && is_ident_char(peek())) advance();
      std::string_view word = text_.substr(start, pos_ - start);
      std::string_view unit = text_.substr(number_end, pos_ - number_end);
      if (plain_integer && unit.size() == 1 &&
          std::string_view("smhdw").find(unit[0]) != std::string_view::npos) {
        std::optional<time::Duration> d = time::parse_duration(word);
        if (!d) {
          error(start_col, "the duration '" + std::string(word) + "' is too large");
          return emit(Tok::error, start, start_col);
        }
        Token t;
        t.seconds = *d;
        return emit(Tok::duration, start, start_col, std::move(t));
      }
      error(start_col, "'" + std::string(word) +
                           "' is neither a number nor a duration; a duration is a whole number "
                           "and one unit: s, m, h, d or w (like 90d)");
      return emit(Tok::error, start, start_col);
    }
    Token t;
    const char* first = text_.data() + start;
    const char* last = text_.data() + number_end;
    auto [ptr, ec] = std::from_chars(first, last, t.num);
    if (ec != std::errc() || ptr != last) {
      error(start_col, "the number '" + std::string(text_.substr(start, number_end - start)) +
                           "' is out of range");
      return emit(Tok::error, start, start_col);
    }
    emit(Tok::number, start, start_col, std::move(t));
  }

  void scan_string(std::size_t start, int start_col) {
    const unsigned char quote = peek();
    advance();
    Token t;
    bool closed = false;
    while (pos_ < text_.size()) {
      unsigned char c = peek();
      if (c == quote) {
        advance();
        closed = true;
        break;
      }
      if (c != '\\') {
        t.str.push_back(static_cast<char>(c));
        advance();
        continue;
      }
      const int escape_col = col_;
      const std::size_t escape_start = pos_;
      advance();
      if (pos_ >= text_.size()) break;
      switch (peek()) {
        case '\\':
          t.str.push_back('\\');
          break;
        case '"':
          t.str.push_back('"');
          break;
        case '\'':
          t.str.push_back('\'');
          break;
        case 'n':
          t.str.push_back('\n');
          break;
        case 't':
          t.str.push_back('\t');
          break;
        default:
          advance_code_point();
          error(escape_col, "unknown escape '" +
                                std::string(text_.substr(escape_start, pos_ - escape_start)) +
                                "' in a string; the escapes are \\\\ \\\" \\' \\n and \\t");
          continue;
      }
      advance();
    }
    if (!closed) {
      error(start_col,
            std::string("this string has no closing ") + (quote == '"' ? "'\"'" : "\"'\""));
    }
    emit(Tok::string, start, start_col, std::move(t));
  }

  void scan_name(std::size_t start, int start_col) {
    while (pos_ < text_.size() && is_ident_char(peek())) advance();
    bool dotted = false;
    while (peek() == '.') {
      if (!is_ident_char(peek(1))) {
        advance();
        error(col_, "expected a property name after '.'");
        return emit(Tok::error, start, start_col);
      }
      dotted = true;
      advance();
      while (pos_ < text_.size() && is_ident_char(peek())) advance();
    }
    std::string_view word = text_.substr(start, pos_ - start);
    emit(dotted ? Tok::name : keyword(word), start, start_col);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int col_ = 1;
  LexResult out_;
};

}  // namespace

LexResult lex(std::string_view text) { return Lexer(text).run(); }

bool is_comparison(Tok t) {
  switch (t) {
    case Tok::eq:
    case Tok::ne:
    case Tok::lt:
    case Tok::le:
    case Tok::gt:
    case Tok::ge:
    case Tok::kw_in:
    case Tok::kw_contains:
      return true;
    default:
      return false;
  }
}

}  // namespace flowcast::expr

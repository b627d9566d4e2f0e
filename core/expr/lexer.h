// Splits expression text into tokens, each with its 1-based column in code points.
//
// Internal to core/expr. Lexical mistakes become Diagnostics and an `error` token in place of the
// bad text, so that the parser can go on looking for name and function mistakes without
// reporting the same problem twice.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/expr.h"

namespace flowcast::expr {

enum class Tok : std::uint8_t {
  end,
  error,
  number,
  duration,
  string,
  name,  // an identifier with optional `.segment`s, e.g. contact.address.city
  kw_and,
  kw_or,
  kw_not,
  kw_in,
  kw_contains,
  kw_true,
  kw_false,
  kw_null,
  lparen,
  rparen,
  lbracket,
  rbracket,
  comma,
  plus,
  minus,
  star,
  slash,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
};

struct Token {
  Tok kind = Tok::end;
  int column = 1;            // first code point of the token
  int end_column = 1;        // column just after the token
  std::string_view text;     // the source text of the token
  std::string str;           // Tok::string: the decoded value
  double num = 0;            // Tok::number
  std::int64_t seconds = 0;  // Tok::duration
};

struct LexResult {
  std::vector<Token> tokens;  // always ends with one Tok::end
  std::vector<Diagnostic> errors;
};

// REQUIRES: text outlives the returned tokens (they view into it).
LexResult lex(std::string_view text);

// True for comparison operator tokens (== != < <= > >= in contains).
bool is_comparison(Tok t);

}  // namespace flowcast::expr

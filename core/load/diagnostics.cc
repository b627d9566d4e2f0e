// Diagnostics: JSON pointers, message helpers (quoting, "did you mean"), and the one-line format.
#include <algorithm>
#include <cstdio>
#include <vector>

#include "core/load/internal.h"

namespace flowcast {

namespace {

// Appends s with control characters escaped, so that a diagnostic is always one line.
void append_printable(std::string& out, std::string_view s) {
  for (char ch : s) {
    auto u = static_cast<unsigned char>(ch);
    if (u >= 0x20 && u != 0x7f) {
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (ch == '\r') {
      out += "\\r";
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(u));
      out += buf;
    }
  }
}

}  // namespace

std::string format_diagnostic(std::string_view file, const LoadDiagnostic& d) {
  std::string out;
  out.reserve(file.size() + d.pointer.size() + d.message.size() + 32);
  append_printable(out, file);
  out += ": ";
  if (d.severity == LoadDiagnostic::Severity::warning) out += "warning: ";
  if (d.line) {
    out += "line " + std::to_string(*d.line) + ", column " + std::to_string(d.column.value_or(1)) +
           ": ";
  } else {
    if (!d.pointer.empty()) {
      append_printable(out, d.pointer);
      out += ": ";
    }
    if (d.column) out += "column " + std::to_string(*d.column) + ": ";
  }
  append_printable(out, d.message);
  return out;
}

namespace load_detail {

std::string Path::str() const {
  std::vector<const Path*> chain;
  for (const Path* p = this; p->parent != nullptr; p = p->parent) chain.push_back(p);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    out += '/';
    if ((*it)->is_index) {
      out += std::to_string((*it)->index);
      continue;
    }
    for (char ch : (*it)->key) {
      if (ch == '~') {
        out += "~0";
      } else if (ch == '/') {
        out += "~1";
      } else {
        out += ch;
      }
    }
  }
  return out;
}

void Ctx::error(const Path& p, std::string message) {
  LoadDiagnostic d;
  d.pointer = p.str();
  d.message = std::move(message);
  diags.push_back(std::move(d));
  ++error_count;
}

void Ctx::error(const Path& p, int column, std::string message) {
  LoadDiagnostic d;
  d.pointer = p.str();
  d.column = column;
  d.message = std::move(message);
  diags.push_back(std::move(d));
  ++error_count;
}

void Ctx::warning(const Path& p, std::string message) {
  LoadDiagnostic d;
  d.severity = LoadDiagnostic::Severity::warning;
  d.pointer = p.str();
  d.message = std::move(message);
  diags.push_back(std::move(d));
}

std::string quote(std::string_view text) {
  constexpr std::size_t kMaxCodePoints = 60;
  std::size_t cut = text.size();
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (points == kMaxCodePoints - 3) cut = i;
    if (++points > kMaxCodePoints) break;
  }
  std::string out = "'";
  if (points > kMaxCodePoints) {
    append_printable(out, text.substr(0, cut));
    out += "...";
  } else {
    append_printable(out, text);
  }
  out += '\'';
  return out;
}

namespace {

char lower(char ch) { return (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch; }

// Optimal string alignment distance (a swap of two neighbours counts as one edit), ASCII case
// ignored.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string_view closest(std::string_view word, std::span<const std::string_view> candidates) {
  if (word.empty() || word.size() > 64) return {};
  std::size_t limit = word.size() >= 5 ? 2 : 1;
  std::string_view best;
  std::size_t best_distance = limit + 1;
  for (std::string_view cand : candidates) {
    std::size_t diff =
        cand.size() > word.size() ? cand.size() - word.size() : word.size() - cand.size();
    if (diff > limit) continue;
    std::size_t d = edit_distance(word, cand);
    if (d < best_distance && d < word.size()) {
      best = cand;
      best_distance = d;
    }
  }
  return best;
}

std::string did_you_mean(Ctx& c, std::string_view word,
                         std::span<const std::string_view> candidates) {
  if (candidates.size() > c.suggestion_budget) {
    c.suggestion_budget = 0;
    return {};
  }
  c.suggestion_budget -= candidates.size();
  std::string_view best = closest(word, candidates);
  if (best.empty()) return {};
  return " (did you mean " + quote(best) + "?)";
}

const char* json_type_name(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "an integer";
    case Json::value_t::number_float:
      return "a number";
    case Json::value_t::binary:
      return "binary data";
    case Json::value_t::discarded:
      return "nothing";
  }
  return "a value";
}

}  // namespace load_detail

}  // namespace flowcast

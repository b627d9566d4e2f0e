// Shared pieces of the loader (core/load/*.cc); not part of the public interface.
//
// The validator walks the document once, filling the Scenario as it goes and reporting every
// mistake to a Ctx. JSON pointers are built lazily (a Path is a chain of segments on the stack)
// so that valid files pay nothing for them. When the loader owns the document (load_scenario),
// large values such as event properties are moved out of it instead of copied.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/load/load.h"
#include "core/model/scenario.h"
#include "core/time/zone.h"

namespace flowcast::load_detail {

// Deeper documents are rejected before anything recursive touches them.
inline constexpr std::size_t kMaxDepth = 256;

// ---- JSON pointers -------------------------------------------------------------------------

// One segment of a JSON pointer; the root has no parent. Children refer to their parent, so a
// Path must not outlive the Path it was made from.
struct Path {
  const Path* parent = nullptr;
  std::string_view key;
  std::size_t index = 0;
  bool is_index = false;

  Path operator/(std::string_view k) const { return Path{this, k, 0, false}; }
  Path operator/(std::size_t i) const { return Path{this, {}, i, true}; }
  std::string str() const;  // "" for the root, else "/a/0/b" with ~0 and ~1 escapes
};

// ---- diagnostics ---------------------------------------------------------------------------

struct Ctx {
  std::vector<LoadDiagnostic> diags;
  std::size_t error_count = 0;
  bool movable = false;  // true when values may be moved out of the document
  time::ZoneCache* zones = nullptr;
  const time::ZoneSource* zone_source = nullptr;
  // False when `templates` / `workflows` is missing or not of the right type: references to them
  // are then not reported as unknown (one mistake, one line).
  bool templates_known = true;
  bool workflows_known = true;
  std::size_t suggestion_budget = 1'000'000;  // candidate comparisons left for did_you_mean

  void error(const Path& p, std::string message);
  void error(const Path& p, int column, std::string message);
  void warning(const Path& p, std::string message);
};

// 'text' in single quotes, control characters escaped, cut to a readable length.
std::string quote(std::string_view text);
// The candidate closest to `word` when it is a plausible typo of it, else "".
std::string_view closest(std::string_view word, std::span<const std::string_view> candidates);
// " (did you mean 'x'?)" or "", for references to ids (possibly many candidates): the
// comparisons are paid from c.suggestion_budget, so that a file with very many bad references
// stays linear (later ones just get no suggestion).
std::string did_you_mean(Ctx& c, std::string_view word,
                         std::span<const std::string_view> candidates);
// "a string", "an object", ... for "expected X, got Y" messages.
const char* json_type_name(const Json& j);

// Takes a value out of the document: moved when the loader owns it, else copied.
inline Json take(Ctx& c, const Json& j) {
  if (c.movable) return std::move(const_cast<Json&>(j));
  return j;
}

// ---- objects and fields --------------------------------------------------------------------

// An object being validated: reports unknown keys once and answers lookups.
class Obj {
 public:
  // REQUIRES: j.is_object(). `known` lists every key valid here (used for unknown keys and
  // suggestions); `misplaced` optionally lists keys that are valid elsewhere nearby, reported as
  // "'k' does not apply to <what>".
  Obj(Ctx& c, const Json& j, const Path& p, std::span<const std::string_view> known,
      std::span<const std::string_view> misplaced = {}, std::string_view what = {});

  const Json* get(std::string_view key) const;
  // Like get(), but reports a missing key (unless an unknown key was taken for a typo of it).
  const Json* require(std::string_view key) const;
  // True when an unknown key was reported as a probable typo of `key`.
  bool suggested(std::string_view key) const;
  const Path& path() const { return path_; }
  const Json& json() const { return json_; }
  Ctx& ctx() const { return ctx_; }

 private:
  Ctx& ctx_;
  const Json& json_;
  const Path& path_;
  std::vector<std::string_view> suggested_;
};

// Reports "expected an object, got X" and returns false when j is not an object.
bool expect_object(Ctx& c, const Json& j, const Path& p);
bool expect_array(Ctx& c, const Json& j, const Path& p);

// Field readers: each reports its own mistakes at p and returns nullopt on any.
std::optional<std::string> read_string(Ctx& c, const Json& j, const Path& p);
// A non-empty string (ids, event types).
std::optional<std::string> read_id(Ctx& c, const Json& j, const Path& p);
// A string or null (nullopt inside: null). The outer nullopt means an error.
std::optional<std::optional<std::string>> read_nullable_string(Ctx& c, const Json& j,
                                                               const Path& p);
std::optional<bool> read_bool(Ctx& c, const Json& j, const Path& p);
// An integer >= min (JSON integers only: 2.0 is not one).
std::optional<std::int64_t> read_integer(Ctx& c, const Json& j, const Path& p, std::int64_t min);
std::optional<time::Duration> read_duration(Ctx& c, const Json& j, const Path& p, bool allow_zero);
std::optional<time::Instant> read_instant(Ctx& c, const Json& j, const Path& p);
std::optional<int> read_time_of_day(Ctx& c, const Json& j, const Path& p);
// Resolves the zone through c.zones; reports an unknown one.
std::optional<std::string> read_timezone(Ctx& c, const Json& j, const Path& p);
std::optional<Channel> read_channel(Ctx& c, const Json& j, const Path& p);
// One of `names` (index into it); reports "unknown <what> 'x'" with a suggestion or the list.
std::optional<std::size_t> read_enum(Ctx& c, const Json& j, const Path& p, std::string_view what,
                                     std::span<const std::string_view> names);
// "a, b or c".
std::string list_names(std::span<const std::string_view> names);
std::optional<Expression> read_expression(Ctx& c, const Json& j, const Path& p);
std::optional<TemplateText> read_mustache(Ctx& c, const Json& j, const Path& p);

std::optional<Channel> channel_from_name(std::string_view s);
inline constexpr std::string_view kChannelNames[] = {"email", "sms", "push"};

// ---- sections ------------------------------------------------------------------------------

void validate_settings(Ctx& c, const Json& j, const Path& p, Settings& out);
void validate_templates(Ctx& c, const Json& j, const Path& p, std::vector<Template>& out);
// `templates` must already be filled (sorted by id).
void validate_workflows(Ctx& c, const Json& j, const Path& p,
                        const std::vector<Template>& templates, std::vector<Workflow>& out);
// Steps of one workflow; reports reference errors, zero-wait cycles and unreachable steps.
void validate_steps(Ctx& c, const Json& j, const Path& p, const std::vector<Template>& templates,
                    std::vector<Step>& out);
void validate_contacts(Ctx& c, const Json& j, const Path& p, std::vector<Contact>& out);
void validate_events(Ctx& c, const Json& j, const Path& p, std::vector<Event>& out);
void validate_expectations(Ctx& c, const Json& j, const Path& p, const Scenario& s,
                           std::vector<Expectation>& out);

// Step graph checks over resolved steps (`steps_path` is /workflows/N/steps): loops without a
// waiting step are errors; steps unreachable from the first are warnings (when `warn_unreachable`).
void check_step_graph(Ctx& c, const std::vector<Step>& steps, const Path& steps_path,
                      bool warn_unreachable);

// ---- whole documents ----------------------------------------------------------------------

// `contacts` and `events` already converted and checked by the fast path (fast_load.cc): the
// validator takes them as they are instead of reading them from the document.
struct PrebuiltData {
  std::optional<std::vector<Contact>> contacts;
  std::optional<std::vector<Event>> events;
};

// Validates `doc` (values may be moved out of it) with the zone cache `cache` (which must use
// `zones`) and builds the scenario when there is no error. Sections present in `pre` are taken
// from it, in their place in the validation order. Throws what the validators throw.
LoadResult validate_owned_document(const Json& doc, const time::ZoneSource* zones,
                                   std::shared_ptr<time::ZoneCache> cache, PrebuiltData* pre);

// ---- JSON text -----------------------------------------------------------------------------

// Parses text into `out`. On a syntax error (or nesting deeper than kMaxDepth) appends one
// diagnostic with line and column and returns false. Duplicate keys are reported as errors
// (the last value is kept) but do not stop the parse.
bool parse_json(std::string_view text, Json& out, Ctx& c);

// True when j nests deeper than kMaxDepth (checked without recursion).
bool too_deep(const Json& j);

}  // namespace flowcast::load_detail

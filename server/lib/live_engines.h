// The engines of the live server: one Engine per deployed workflow version, plus a base engine
// with no workflows that holds every contact's state (properties, addresses, subscriptions).
//
// Versions: a version's engine starts at its `deployed_at`, so earlier events only build the
// contacts' state and history (spec rule 1) and it enrolls from then on. When a newer version
// is deployed (or the workflow deleted) at R, the old engine keeps running so that enrollments
// started before R finish on the version they started on; enrollments it creates at or after R
// are "shadows": their messages and actions are dropped. A retired version whose in-flight
// enrollments have all ended is drained and dropped for good.
//
// Every version engine sees every event in the same order, and the engines are rebuilt at start
// by re-ingesting the stored log, so a rebuilt engine produces exactly the records it produced
// before. Outbox ids are derived from (version, contact, key, enrollment number, step,
// occurrence): nothing that another contact does can change them.
//
// Time: due items run up to done(); new events must have at >= frontier(). Not thread-safe:
// the Service serializes calls.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/engine/engine.h"
#include "core/time/zone.h"
#include "server/lib/storage.h"

namespace flowcast {

// The last instant the live engines run to (9999-12-31T23:59:59Z).
inline constexpr time::Instant kLiveEnd = 253402300799;

class LiveEngines {
 public:
  explicit LiveEngines(const time::ZoneSource* zones);
  ~LiveEngines();
  LiveEngines(const LiveEngines&) = delete;
  LiveEngines& operator=(const LiveEngines&) = delete;

  // Builds the engine of a deployed version and catches it up on every event taken so far;
  // records it produces go to *out. False and *error if the stored document does not load.
  bool add_version(const WorkflowVersion& v, std::vector<OutboxRow>* out, std::string* error);
  // The workflow's running versions stop enrolling at `at` (see above).
  void retire_workflow(const std::string& workflow_id, time::Instant at);
  // One version stops enrolling at `at`, unless it was already retired (a deploy or retirement
  // that another server made, seen here later).
  void retire_version(std::int64_t version_id, time::Instant at);
  bool has_version(std::int64_t version_id) const;

  // Events given from now on must have at >= frontier() (INT64_MIN before anything happened).
  time::Instant frontier() const;
  // REQUIRES: e.at >= frontier(). Takes the event's strings and properties.
  void ingest(StoredEvent&& e, std::vector<OutboxRow>* out);
  // Runs everything due at or before t in every engine.
  void advance(time::Instant t, std::vector<OutboxRow>* out);
  std::optional<time::Instant> done() const { return done_; }
  // Returns an instant strictly after every event taken and at or after frontier(), and makes
  // it the new frontier: a deploy or retirement happens "between" the events before and after.
  time::Instant cut();
  // New events will be placed at or after t.
  void raise_floor(time::Instant t) { floor_ = std::max(floor_.value_or(t), t); }

  // Drops retired versions with no in-flight enrollment left; returns their ids.
  std::vector<std::int64_t> drop_drained();

  struct ContactView {
    Contact contact;
    std::int64_t events = 0;
    Json enrollments = Json::array();  // active, non-shadow enrollments
  };
  std::optional<ContactView> contact(const std::string& id) const;

  std::size_t version_count() const { return versions_.size(); }
  std::size_t event_count() const { return events_.size(); }

  // The deterministic outbox id of a message or action (see docs/api.md "Outbox").
  static std::string record_id(char kind, std::int64_t version_id, const std::string& contact,
                               const std::string& key, std::uint32_t enrollment_number,
                               const std::string& step, std::uint32_t occurrence);

 private:
  struct Version;
  void collect(Version& v, std::vector<OutboxRow>* out);

  const time::ZoneSource* zones_;
  std::shared_ptr<Scenario> base_scenario_;
  std::unique_ptr<Engine> base_;
  std::vector<std::unique_ptr<Version>> versions_;
  std::deque<Event> events_;  // every event taken, in order; engines point into it
  std::unordered_map<std::string, std::int64_t> events_per_contact_;
  std::optional<time::Instant> last_event_at_;
  std::optional<time::Instant> done_;
  std::optional<time::Instant> floor_;
};

// The engine document of a deployed version: its sample data and replay window removed and
// every other workflow of the document disabled. `deployed` is the stored document.
Json engine_document(const Json& deployed, const std::string& workflow_id);

}  // namespace flowcast

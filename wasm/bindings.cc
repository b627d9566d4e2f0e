// The JavaScript API of the wasm build (embind). Linked into both modules: flowcast_wasm.js (the
// headless engine, for node and web pages) and editor.js (the ImGui editor).
//
// Every command returns {code, out, err}: the exit code, stdout and stderr the native `flowcast`
// command would produce, as Uint8Arrays holding the exact bytes. Inputs may be JS strings (sent as
// UTF-8) or Uint8Arrays (sent as is). wasm/js/flowcast_api.js wraps these into the friendly API
// (replay() -> report JSON string, errors thrown) described in docs/wasm.md.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <optional>
#include <string>

#include "wasm/commands.h"
#include "wasm/zone_archive.h"

namespace {

using emscripten::val;
using flowcast::wasm::Outcome;

val bytes(const std::string& s) {
  // new Uint8Array(view) copies, so the result outlives the std::string.
  return val::global("Uint8Array")
      .new_(emscripten::typed_memory_view(s.size(),
                                          reinterpret_cast<const unsigned char*>(s.data())));
}

val to_js(const Outcome& o) {
  val r = val::object();
  r.set("code", o.code);
  r.set("out", bytes(o.out));
  r.set("err", bytes(o.err));
  return r;
}

std::optional<std::string> optional_string(const val& v) {
  if (v.isUndefined() || v.isNull()) return std::nullopt;
  return v.as<std::string>();
}

// Loads a zones.bin archive; returns the number of zone names, or -1 if the bytes are malformed.
int load_zones(const std::string& archive) {
  std::string error;
  if (!flowcast::wasm::zone_source().load(archive, &error)) return -1;
  return static_cast<int>(flowcast::wasm::zone_source().size());
}

val raw_replay(const std::string& text, const std::string& name, const std::string& format) {
  return to_js(flowcast::wasm::replay(text, name, format));
}
val raw_validate(const std::string& text, const std::string& name) {
  return to_js(flowcast::wasm::validate(text, name));
}
val raw_check(const std::string& text, const std::string& name) {
  return to_js(flowcast::wasm::check(text, name));
}
val raw_explain(const std::string& text, const std::string& name, const std::string& contact,
                const val& template_id) {
  return to_js(flowcast::wasm::explain(text, name, contact, optional_string(template_id)));
}
val raw_diff(const std::string& before, const std::string& before_name, const std::string& after,
             const std::string& after_name) {
  return to_js(flowcast::wasm::diff(before, before_name, after, after_name));
}

}  // namespace

EMSCRIPTEN_BINDINGS(flowcast) {
  emscripten::function("loadZones", &load_zones);
  emscripten::function("rawReplay", &raw_replay);
  emscripten::function("rawValidate", &raw_validate);
  emscripten::function("rawCheck", &raw_check);
  emscripten::function("rawExplain", &raw_explain);
  emscripten::function("rawDiff", &raw_diff);
}

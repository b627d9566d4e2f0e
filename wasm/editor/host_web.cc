// host.h over the page's window.flowcastPage (web/app.js). Each call hands the strings to JS and
// returns at once; JS does the asynchronous work (file picker, CompressionStream).
#include <emscripten.h>

#include "wasm/editor/host.h"

namespace {

EM_JS(void, js_open_file, (), {
  if (window.flowcastPage) window.flowcastPage.openFile();
});
EM_JS(void, js_download, (const char* name, const char* text), {
  if (window.flowcastPage) window.flowcastPage.download(UTF8ToString(name), UTF8ToString(text));
});
EM_JS(void, js_share, (const char* text), {
  if (window.flowcastPage) window.flowcastPage.share(UTF8ToString(text));
});

}  // namespace

namespace flowcast::editor::host {

void open_file() { js_open_file(); }
void download(const std::string& name, const std::string& text) {
  js_download(name.c_str(), text.c_str());
}
void share(const std::string& text) { js_share(text.c_str()); }

}  // namespace flowcast::editor::host

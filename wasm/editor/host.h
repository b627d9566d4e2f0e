// What the editor asks of the page it runs in (host_web.cc implements it with web/app.js's
// window.flowcastPage): the browser's file picker, downloads and share links.
#pragma once

#include <string>

namespace flowcast::editor::host {

// Opens the browser's file picker; the chosen file arrives later through editorOpenText.
void open_file();
// Offers `text` as a download named `name`.
void download(const std::string& name, const std::string& text);
// Puts the scenario in the page's URL fragment (compressed) and copies the link.
void share(const std::string& text);

}  // namespace flowcast::editor::host

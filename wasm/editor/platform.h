// What platform_web.cc offers the rest of the editor: the one App (nullptr before main() ran).
#pragma once

namespace flowcast::editor {

class App;
App* the_app();

}  // namespace flowcast::editor

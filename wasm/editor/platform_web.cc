// The browser side of the editor: GLFW window on the page's <canvas>, WebGL2 through Emscripten's
// GLES3, Dear ImGui's GLFW + OpenGL3 backends, and the main loop (emscripten_set_main_loop).
//
// HiDPI: the canvas is laid out by CSS (web/index.html makes it fill the window); every frame its
// backing store is sized to CSS size x devicePixelRatio. ImGui works in CSS pixels
// (io.DisplaySize) and renders at device resolution (io.DisplayFramebufferScale); the font is
// rasterised at the device size and scaled back, so text stays sharp.
//
// The JS entry points are in page_api.cc.
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "wasm/editor/app.h"
#include "wasm/editor/platform.h"

namespace {

constexpr const char* kCanvas = "#canvas";
constexpr float kFontSize = 13.0f;  // CSS pixels (ImGui's default font)

struct Platform {
  GLFWwindow* window = nullptr;
  std::unique_ptr<flowcast::editor::App> app;
  float font_scale = 0.0f;  // the device pixel ratio the font atlas was built for
};
Platform* g_platform = nullptr;

struct CanvasSize {
  double css_w = 1, css_h = 1;  // layout size in CSS pixels
  int fb_w = 1, fb_h = 1;       // backing store in device pixels
};

// Sizes the canvas backing store to its CSS box times devicePixelRatio.
CanvasSize fit_canvas() {
  CanvasSize s;
  emscripten_get_element_css_size(kCanvas, &s.css_w, &s.css_h);
  s.css_w = std::max(s.css_w, 1.0);
  s.css_h = std::max(s.css_h, 1.0);
  const double dpr = std::max(emscripten_get_device_pixel_ratio(), 0.25);
  s.fb_w = std::max(1, static_cast<int>(std::lround(s.css_w * dpr)));
  s.fb_h = std::max(1, static_cast<int>(std::lround(s.css_h * dpr)));
  int cur_w = 0, cur_h = 0;
  emscripten_get_canvas_element_size(kCanvas, &cur_w, &cur_h);
  // Set directly, not through glfwSetWindowSize: Emscripten's GLFW would switch to fullscreen
  // when the size happens to equal the screen's.
  if (cur_w != s.fb_w || cur_h != s.fb_h) emscripten_set_canvas_element_size(kCanvas, s.fb_w, s.fb_h);
  return s;
}

void build_fonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.SizePixels = std::round(kFontSize * scale);
  io.Fonts->AddFontDefault(&cfg);
  io.FontGlobalScale = 1.0f / scale;
  // The OpenGL3 backend rebuilds its objects, the font texture included, on the next NewFrame.
  ImGui_ImplOpenGL3_DestroyDeviceObjects();
}

void frame() {
  Platform& p = *g_platform;
  glfwPollEvents();
  const CanvasSize c = fit_canvas();
  const float scale = static_cast<float>(c.fb_w / c.css_w);
  if (std::fabs(scale - p.font_scale) > 0.01f) {
    build_fonts(scale);
    p.font_scale = scale;
  }

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  // The GLFW backend reports the GLFW window size and cursor in canvas (device) pixels; ImGui
  // lays out in CSS pixels.
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(c.css_w), static_cast<float>(c.css_h));
  io.DisplayFramebufferScale = ImVec2(static_cast<float>(c.fb_w / c.css_w),
                                      static_cast<float>(c.fb_h / c.css_h));
  if (ImGui::IsMousePosValid(&io.MousePos)) {
    io.MousePos.x /= io.DisplayFramebufferScale.x;
    io.MousePos.y /= io.DisplayFramebufferScale.y;
  }
  ImGui::NewFrame();
  p.app->draw();
  ImGui::Render();

  glViewport(0, 0, c.fb_w, c.fb_h);
  glClearColor(0.11f, 0.12f, 0.14f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

}  // namespace

namespace flowcast::editor {
App* the_app() { return g_platform ? g_platform->app.get() : nullptr; }
}  // namespace flowcast::editor

int main() {
  if (!glfwInit()) {
    emscripten_log(EM_LOG_ERROR, "flowcast editor: glfwInit failed");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  const CanvasSize c = fit_canvas();
  static Platform platform;
  g_platform = &platform;
  platform.window = glfwCreateWindow(c.fb_w, c.fb_h, "Flowcast", nullptr, nullptr);
  if (!platform.window) {
    emscripten_log(EM_LOG_ERROR, "flowcast editor: no WebGL2 context");
    return 1;
  }
  glfwMakeContextCurrent(platform.window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no file system in the browser; layout persistence comes later
  io.LogFilename = nullptr;
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(platform.window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  platform.app = std::make_unique<flowcast::editor::App>();
  platform.app->set_status("loading samples...");

  emscripten_set_main_loop(frame, 0, true);
  return 0;
}

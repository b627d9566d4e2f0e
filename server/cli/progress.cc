// ProgressBar: wall-clock use is fine here; this is the CLI, not core/.
#include "server/cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace flowcast::cli {

ProgressBar::ProgressBar()
    : enabled_(isatty(STDERR_FILENO) == 1), started_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
  if (drawn_) std::fprintf(stderr, "\r\033[K");
}

void ProgressBar::update(std::size_t done, std::size_t total) {
  if (!enabled_ || total == 0) return;
  auto elapsed = std::chrono::steady_clock::now() - started_;
  if (elapsed < std::chrono::seconds(2)) return;
  constexpr int kWidth = 40;
  double frac = static_cast<double>(done) / static_cast<double>(total);
  int filled = static_cast<int>(frac * kWidth);
  char bar[kWidth + 1];
  for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '.';
  bar[kWidth] = 0;
  std::fprintf(stderr, "\rreplaying [%s] %3d%% %zu/%zu events", bar, static_cast<int>(frac * 100),
               done, total);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace flowcast::cli

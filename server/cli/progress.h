// A progress bar on stderr for long replays: shown only when stderr is a terminal and only once
// the work has run for two seconds, so short runs and pipes stay clean.
#pragma once

#include <chrono>
#include <cstddef>

namespace flowcast::cli {

class ProgressBar {
 public:
  ProgressBar();
  ~ProgressBar();  // clears the line if anything was drawn
  void update(std::size_t done, std::size_t total);

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace flowcast::cli

// replay_bench: times loading, replaying and reporting one scenario file, and its peak memory.
//
//   replay_bench FILE [--repeat K] [--report-out FILE] [--no-report]
//
// Prints one labelled line per figure: read, load (MB/s of file size), replay (events/s of the
// file's events, load excluded; best and mean of K runs), report, and peak memory (getrusage
// ru_maxrss and /proc/self/status VmHWM) in total, per contact and as a ratio to the file size.
// Phase peaks use /proc/self/clear_refs (VmHWM reset) when the kernel allows it. --no-report
// skips the report phase (the report is streamed in 1 MB chunks, as `flowcast replay --json` does).
#include <malloc.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "core/engine/replay.h"
#include "core/load/load.h"
#include "core/report/report.h"
#include "server/lib/scenario_file.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Process CPU time (user + system) in seconds: on a loaded machine this stays close to what an
// idle machine would show as wall time, so both are printed.
double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

constexpr double kMB = 1e6;

// A "Vm...:  N kB" field of /proc/self/status, in bytes (0 when unavailable).
std::uint64_t proc_status_bytes(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::size_t n = std::strlen(field);
  while (std::getline(in, line)) {
    if (line.compare(0, n, field) == 0 && line.size() > n && line[n] == ':') {
      return std::strtoull(line.c_str() + n + 1, nullptr, 10) * 1024;
    }
  }
  return 0;
}

// Bytes the allocator has handed out and not taken back (live heap, without fragmentation).
std::uint64_t heap_in_use() {
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
}

std::uint64_t maxrss_bytes() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<std::uint64_t>(ru.ru_maxrss) * 1024;  // Linux: kilobytes
}

// The highest VmHWM / ru_maxrss seen before any reset: the whole-process peak.
std::uint64_t g_peak = 0;

void note_peak() {
  g_peak = std::max({g_peak, proc_status_bytes("VmHWM"), maxrss_bytes()});
}

// Resets VmHWM (and with it ru_maxrss) to the current RSS (Linux >= 4.0), after noting the peak
// so far. Returns false when not permitted.
bool reset_hwm() {
  note_peak();
  std::FILE* f = std::fopen("/proc/self/clear_refs", "w");
  if (!f) return false;
  bool ok = std::fputs("5", f) >= 0;
  ok = std::fclose(f) == 0 && ok;
  return ok;
}

void print_mem(const char* label, std::uint64_t bytes, std::uint64_t file_size,
               std::size_t contacts) {
  std::printf("%-22s %9.1f MB", label, static_cast<double>(bytes) / kMB);
  if (contacts > 0) {
    std::printf("  = %8.0f bytes/contact", static_cast<double>(bytes) / static_cast<double>(contacts));
  }
  if (file_size > 0) {
    std::printf("  = %5.2f x file size", static_cast<double>(bytes) / static_cast<double>(file_size));
  }
  std::printf("\n");
}

[[noreturn]] void usage() {
  std::fprintf(stderr, "usage: replay_bench FILE [--repeat K] [--report-out FILE] [--no-report]\n");
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string path;
  std::string report_out;
  int repeat = 1;
  bool write_report = true;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--repeat" && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
      if (repeat < 1) usage();
    } else if (a == "--no-report") {
      write_report = false;
    } else if (a == "--report-out" && i + 1 < argc) {
      report_out = argv[++i];
    } else if (!a.empty() && a[0] != '-' && path.empty()) {
      path = a;
    } else {
      usage();
    }
  }
  if (path.empty()) usage();
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures so far survive a crash (e.g. bad_alloc)

  const bool phase_peaks = reset_hwm();
  std::printf("file: %s\n", path.c_str());

  // Read.
  auto t0 = Clock::now();
  double c0 = cpu_now();
  std::string error;
  std::optional<std::string> text = flowcast::read_file(path, &error);
  if (!text) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), error.c_str());
    return 2;
  }
  double read_s = seconds_since(t0);
  double read_cpu = cpu_now() - c0;
  const std::uint64_t file_size = text->size();
  std::printf("read:   %.1f MB in %.3f s = %.1f MB/s  (cpu %.3f s = %.1f MB/s)\n", file_size / kMB,
              read_s, file_size / kMB / read_s, read_cpu, file_size / kMB / read_cpu);
  const std::uint64_t rss_text = proc_status_bytes("VmRSS");

  // Load (parse + validate + compile), text already in memory.
  if (phase_peaks) reset_hwm();
  t0 = Clock::now();
  c0 = cpu_now();
  flowcast::LoadResult loaded = flowcast::load_scenario(*text, &flowcast::native_zone_source());
  double load_s = seconds_since(t0);
  double load_cpu = cpu_now() - c0;
  const std::uint64_t hwm_load = proc_status_bytes("VmHWM");
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics) {
      std::fprintf(stderr, "%s\n", flowcast::format_diagnostic(path, d).c_str());
    }
    return 2;
  }
  std::size_t warnings = loaded.diagnostics.size();
  flowcast::Scenario sc = std::move(*loaded.scenario);
  loaded = {};
  std::printf("load:   %.1f MB in %.3f s = %.1f MB/s  (cpu %.3f s = %.1f MB/s)\n", file_size / kMB,
              load_s, file_size / kMB / load_s, load_cpu, file_size / kMB / load_cpu);
  std::printf("scenario: %zu workflows, %zu templates, %zu contacts, %zu events, "
              "%zu load warnings\n",
              sc.workflows.size(),
              sc.templates.size(), sc.contacts.size(), sc.events.size(), warnings);
  text.reset();  // the scenario no longer needs the text
  const std::uint64_t rss_scenario = proc_status_bytes("VmRSS");
  const std::uint64_t heap_scenario = heap_in_use();

  // Replay, K times; the last result is kept for the report.
  const double events = static_cast<double>(sc.events.size());
  double best = 1e300, total = 0, best_cpu = 1e300;
  flowcast::ReplayResult result;
  std::uint64_t hwm_replay = 0;
  for (int k = 0; k < repeat; ++k) {
    result = {};
    if (phase_peaks) reset_hwm();
    t0 = Clock::now();
    c0 = cpu_now();
    result = flowcast::replay(sc);
    double s = seconds_since(t0);
    double cpu = cpu_now() - c0;
    best_cpu = std::min(best_cpu, cpu);
    hwm_replay = std::max(hwm_replay, proc_status_bytes("VmHWM"));
    best = std::min(best, s);
    total += s;
    std::printf("replay run %d: %.3f s = %.0f events/s  (cpu %.3f s = %.0f events/s)\n", k + 1, s,
                events / s, cpu, events / cpu);
  }
  std::printf("replay: %.0f events in %.3f s (best of %d, mean %.3f s) = %.0f events/s = "
              "%.2f M events/s  (best cpu %.3f s = %.2f M events/s)\n",
              events, best, repeat, total / repeat, events / best, events / best / 1e6, best_cpu,
              events / best_cpu / 1e6);
  const std::uint64_t heap_replay = heap_in_use();
  const auto& out = result.output;
  std::printf("output: %zu messages, %zu actions, %zu enrollments, %zu warnings\n",
              out.messages.size(), out.actions.size(), out.enrollments.size(),
              out.warnings.size());

  // Report.
  std::uint64_t hwm_report = 0;
  if (write_report) {
    if (phase_peaks) reset_hwm();
    t0 = Clock::now();
    c0 = cpu_now();
    // Streamed in chunks, as `flowcast replay --json` writes it: to the file, or only counted.
    std::ofstream f;
    if (!report_out.empty()) f.open(report_out, std::ios::binary);
    std::size_t report_bytes = 0;
    flowcast::write_report_json(sc, result, [&](std::string_view chunk) {
      report_bytes += chunk.size();
      if (f.is_open()) f.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    });
    double report_s = seconds_since(t0);
    double report_cpu = cpu_now() - c0;
    hwm_report = proc_status_bytes("VmHWM");
    std::printf("report: %.1f MB in %.3f s = %.1f MB/s  (cpu %.3f s)\n", report_bytes / kMB,
                report_s, report_bytes / kMB / report_s, report_cpu);
  } else {
    std::printf("report: skipped (--no-report)\n");
  }

  // Memory.
  const std::size_t contacts = std::max(result.contact_ids.size(), sc.contacts.size());
  std::printf("memory (file %.1f MB, %zu contacts):\n", file_size / kMB, contacts);
  print_mem("  rss after read", rss_text, file_size, contacts);
  print_mem("  rss scenario only", rss_scenario, file_size, contacts);
  print_mem("  heap in use: scenario", heap_scenario, file_size, contacts);
  print_mem("  heap in use: +result", heap_replay, file_size, contacts);
  if (phase_peaks) {
    print_mem("  peak during load", hwm_load, file_size, contacts);
    print_mem("  peak during replay", hwm_replay, file_size, contacts);
    if (write_report) print_mem("  peak during report", hwm_report, file_size, contacts);
  }
  note_peak();
  if (phase_peaks) {
    std::printf("  (VmHWM and ru_maxrss were reset per phase; the peak is their maximum over phases)\n");
  } else {
    print_mem("  ru_maxrss", maxrss_bytes(), file_size, contacts);
    print_mem("  VmHWM", proc_status_bytes("VmHWM"), file_size, contacts);
  }
  print_mem("peak memory", g_peak, file_size, contacts);
  return 0;
}

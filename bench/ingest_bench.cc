// HTTP load generator for the live server's ingest endpoint (and, in the same run, a no-op
// endpoint for comparison). Prints figures; it is never a timed unit test.
//
//   ingest_bench --url http://127.0.0.1:PORT [--path /v1/events] [--token T]
//                [--connections C] [--seconds S] [--batch N] [--tag NAME] [--contacts K]
//                [--events TOTAL] [--type EVENT]
//
// Each connection is one thread with one keep-alive connection that posts as fast as it gets
// answers (closed loop). A request carries `--batch` events (N = 1: one event object, else
// {"batch": [...]}) with unique ids, for `--contacts` contacts (0: a new contact per event).
// It stops after `--seconds` or once `--events` events were acknowledged. Every answer must be
// 2xx.
// Output: one line of figures (requests/s, events/s, latency p50/p90/p99/max in ms).
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Options {
  std::string url = "http://127.0.0.1:8080";
  std::string path = "/v1/events";
  std::string token;
  int connections = 8;
  double seconds = 10;
  int batch = 1;
  int contacts = 100000;
  long events = 0;  // 0: no limit
  std::string tag = "ingest";
  std::string type = "Viewed Product";
};

[[noreturn]] void usage() {
  std::cerr << "usage: ingest_bench --url URL [--path P] [--token T] [--connections C] "
               "[--seconds S] [--batch N] [--contacts K] [--type EVENT] [--tag NAME]\n";
  std::exit(2);
}

std::string event_json(const std::string& tag, int thread, long n, int contacts,
                       const std::string& type) {
  // contacts 0: a new contact per event, named after the tag too, so that several generators
  // (one per server of a cluster) never share a contact.
  std::string c = contacts > 0 ? std::to_string((n * 7919 + thread * 104729) % contacts)
                               : tag + "-" + std::to_string(thread) + "-" + std::to_string(n);
  return "{\"contact\":\"c" + c + "\",\"type\":\"" + type + "\",\"id\":\"" + tag +
         "-" + std::to_string(thread) + "-" + std::to_string(n) +
         "\",\"properties\":{\"product\":\"p" + std::to_string(n % 97) +
         "\",\"price\":" + std::to_string(n % 200) + ".5}}";
}

struct Worker {
  std::vector<double> latencies_ms;
  long requests = 0, errors = 0;
  std::string last_error;
};

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) usage();
      return argv[++i];
    };
    if (a == "--url") o.url = next();
    else if (a == "--path") o.path = next();
    else if (a == "--token") o.token = next();
    else if (a == "--connections") o.connections = std::atoi(next().c_str());
    else if (a == "--seconds") o.seconds = std::atof(next().c_str());
    else if (a == "--batch") o.batch = std::atoi(next().c_str());
    else if (a == "--contacts") o.contacts = std::atoi(next().c_str());
    else if (a == "--tag") o.tag = next();
    else if (a == "--events") o.events = std::atol(next().c_str());
    else if (a == "--type") o.type = next();
    else usage();
  }
  if (o.connections < 1 || o.batch < 1 || o.seconds <= 0 || o.contacts < 0) usage();

  std::vector<Worker> workers(static_cast<std::size_t>(o.connections));
  std::atomic<bool> go{false}, stop{false};
  std::atomic<long> sent{0};  // events claimed by requests (for --events)
  std::vector<std::thread> threads;
  for (int t = 0; t < o.connections; ++t) {
    threads.emplace_back([&, t] {
      Worker& w = workers[static_cast<std::size_t>(t)];
      httplib::Client cli(o.url);
      cli.set_keep_alive(true);
      cli.set_tcp_nodelay(true);
      cli.set_read_timeout(60, 0);
      httplib::Headers headers;
      if (!o.token.empty()) headers.emplace("Authorization", "Bearer " + o.token);
      long n = 0;
      while (!go.load()) std::this_thread::yield();
      while (!stop.load()) {
        if (o.events > 0 && sent.fetch_add(o.batch) >= o.events) break;
        std::string body;
        if (o.batch == 1) {
          body = event_json(o.tag, t, n++, o.contacts, o.type);
        } else {
          body = "{\"batch\":[";
          for (int k = 0; k < o.batch; ++k) {
            if (k) body += ',';
            body += event_json(o.tag, t, n++, o.contacts, o.type);
          }
          body += "]}";
        }
        auto t0 = std::chrono::steady_clock::now();
        auto res = cli.Post(o.path, headers, body, "application/json");
        auto t1 = std::chrono::steady_clock::now();
        if (!res || res->status < 200 || res->status >= 300) {
          ++w.errors;
          w.last_error = res ? "status " + std::to_string(res->status) + ": " + res->body
                             : "connection: " + httplib::to_string(res.error());
          if (!res) std::this_thread::sleep_for(std::chrono::milliseconds(10));
          continue;
        }
        ++w.requests;
        w.latencies_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      }
    });
  }
  auto start = std::chrono::steady_clock::now();
  go = true;
  // Stop after --seconds (the threads also stop by themselves once --events are claimed).
  std::thread timer([&] {
    auto until = start + std::chrono::duration<double>(o.seconds);
    while (!stop.load() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop = true;
  });
  for (auto& th : threads) th.join();
  stop = true;
  timer.join();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::vector<double> all;
  long requests = 0, errors = 0;
  std::string last_error;
  for (auto& w : workers) {
    all.insert(all.end(), w.latencies_ms.begin(), w.latencies_ms.end());
    requests += w.requests;
    errors += w.errors;
    if (!w.last_error.empty()) last_error = w.last_error;
  }
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    if (all.empty()) return 0.0;
    std::size_t i = static_cast<std::size_t>(p * static_cast<double>(all.size() - 1) + 0.5);
    return all[std::min(i, all.size() - 1)];
  };
  std::printf("%-16s conns %3d batch %4d  %9.0f req/s  %10.0f events/s  latency ms p50 %7.2f "
              "p90 %7.2f p99 %7.2f max %8.2f  (%ld requests, %ld errors, %.1f s)\n",
              o.tag.c_str(), o.connections, o.batch, static_cast<double>(requests) / elapsed,
              static_cast<double>(requests) * o.batch / elapsed, pct(0.5), pct(0.9), pct(0.99),
              all.empty() ? 0.0 : all.back(), requests, errors, elapsed);
  if (errors) std::printf("  last error: %s\n", last_error.substr(0, 300).c_str());
  return errors && !requests ? 1 : 0;
}

// The serve loop: wiring storage, clock, service, delivery and HTTP together.
#include "server/lib/server_main.h"

#include <csignal>
#include <pthread.h>

#include <atomic>
#include <iostream>
#include <thread>

#include "server/lib/clock.h"
#include "server/lib/crypto.h"
#include "server/lib/delivery.h"
#include "server/lib/http_support.h"
#include "server/lib/pg_connection.h"
#include "server/lib/pg_storage.h"
#include "server/lib/scenario_file.h"
#include "server/lib/sender.h"
#include "server/lib/service.h"
#include "server/lib/sqlite_storage.h"

namespace flowcast {

namespace {

std::unique_ptr<Clock> make_clock(const ServerConfig& config, Storage& storage) {
  if (!config.manual_clock) return std::make_unique<SystemClock>();
  time::Instant start = config.clock_start.value_or(SystemClock().now());
  if (auto saved = storage.get_meta("manual_clock")) {
    // A restarted manual clock never goes back.
    try {
      start = std::max<time::Instant>(start, std::stoll(*saved));
    } catch (const std::exception&) {
    }
  }
  storage.set_meta("manual_clock", std::to_string(start));
  return std::make_unique<ManualClock>(start);
}

// SQLite by default; PostgreSQL for a postgres:// URL (one or several servers on it).
std::unique_ptr<Storage> open_storage(const std::string& db, std::string* error) {
  if (pg::is_postgres_url(db)) return PgStorage::open(db, error);
  return SqliteStorage::open(db, error);
}

std::string unsubscribe_secret(const ServerConfig& config, Storage& storage) {
  if (!config.unsubscribe_secret.empty()) return config.unsubscribe_secret;
  if (auto saved = storage.get_meta("unsubscribe_secret")) return *saved;
  std::string s = crypto::random_hex(32);
  storage.set_meta("unsubscribe_secret", s);
  return s;
}

}  // namespace

int run_server(ServerConfig config) {
  if (config.tokens.empty() && !is_loopback_host(config.host)) {
    std::cerr << "flowcast serve: refusing to listen on " << config.host
              << " without a token: set FLOWCAST_ADMIN_TOKEN (or use a loopback address)\n";
    return 2;
  }
  // Signals are taken by one thread with sigwait; every other thread blocks them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  std::string error;
  auto storage = open_storage(config.db, &error);
  if (!storage) {
    std::cerr << "flowcast serve: " << error << "\n";
    return 1;
  }
  httplib::Server server;
  // Socket options apply to the listening socket: set before binding (see install_api).
  server.set_tcp_nodelay(true);
  int port = config.port;
  if (port == 0) {
    port = server.bind_to_any_port(config.host);
    if (port < 0) port = 0;
  } else if (!server.bind_to_port(config.host, port)) {
    port = 0;
  }
  if (port <= 0) {
    std::cerr << "flowcast serve: cannot listen on " << config.listen << "\n";
    return 1;
  }
  if (config.public_url.empty()) {
    bool v6 = config.host.find(':') != std::string::npos;
    config.public_url = "http://" + (v6 ? "[" + config.host + "]" : config.host) + ":" +
                        std::to_string(port);
  }

  CurlGlobal curl;
  auto clock = make_clock(config, *storage);
  std::string secret = unsubscribe_secret(config, *storage);
  Metrics metrics;
  Service service(config, *storage, *clock, &native_zone_source(), metrics);
  auto sender = make_curl_sender(config, secret);
  RetryPolicy policy{config.retry_base_seconds, config.retry_max_seconds, config.max_attempts};
  DeliveryWorker delivery(*storage, *clock, *sender, metrics, policy);
  service.on_outbox([&delivery] { delivery.wake(); });
  if (!service.start(&error)) {
    std::cerr << "flowcast serve: " << error << "\n";
    return 1;
  }
  delivery.start();

  std::atomic<bool> running{true};
  std::thread ticker([&] {
    while (running.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(config.tick_milliseconds));
      try {
        service.tick();
      } catch (const std::exception& e) {
        std::cerr << "flowcast serve: tick: " << e.what() << "\n";
      }
    }
  });
  std::thread waiter([&server, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    server.stop();
  });
  waiter.detach();

  http::Context ctx{service, config, metrics, secret};
  http::install_api(server, ctx);
  std::cout << "flowcast serve: listening on http://"
            << (config.host.find(':') != std::string::npos ? "[" + config.host + "]" : config.host)
            << ":" << port << " (database " << pg::redact_url(config.db) << ", clock "
            << (clock->manual() ? "manual" : "system") << ")" << std::endl;
  bool ok = server.listen_after_bind();
  running = false;
  ticker.join();
  delivery.stop();
  std::cout << "flowcast serve: stopped" << std::endl;
  return ok ? 0 : 1;
}

}  // namespace flowcast

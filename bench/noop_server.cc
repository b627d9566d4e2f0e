// The reference for the ingest benchmark: a cpp-httplib server with the same library build and
// the same server settings as `flowcast serve` (thread pool, keep-alive, timeouts, payload
// limit), whose POST endpoint does nothing and answers 202 with a small JSON body. Whatever the
// live server's ingest rate falls short of this is the cost of Flowcast itself.
//
//   noop_server [--listen 127.0.0.1:0]     prints "listening on http://HOST:PORT"
#include <httplib.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  int port = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--listen" && i + 1 < argc) {
      std::string l = argv[++i];
      auto colon = l.rfind(':');
      host = l.substr(0, colon);
      port = std::atoi(l.c_str() + colon + 1);
    } else {
      std::cerr << "usage: noop_server [--listen HOST:PORT]\n";
      return 2;
    }
  }
  std::signal(SIGPIPE, SIG_IGN);
  httplib::Server server;
  // The settings of flowcast serve (server/lib/http_support.cc).
  server.set_payload_max_length(1 << 20);
  server.set_read_timeout(30, 0);
  server.set_write_timeout(30, 0);
  server.set_keep_alive_max_count(1000);
  server.set_tcp_nodelay(true);
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
  server.Post("/noop", [](const httplib::Request&, httplib::Response& res) {
    res.status = 202;
    res.set_content("{\"accepted\":1,\"duplicates\":0}\n", "application/json");
  });
  if (port == 0) port = server.bind_to_any_port(host);
  else if (!server.bind_to_port(host, port)) port = -1;
  if (port <= 0) {
    std::cerr << "noop_server: cannot listen\n";
    return 1;
  }
  std::cout << "noop_server: listening on http://" << host << ":" << port << std::endl;
  server.listen_after_bind();
  return 0;
}

// Reading the serve settings from a file, the environment and flags.
#include "server/lib/config.h"

#include <cstdlib>
#include <map>

#include <nlohmann/json.hpp>

#include "server/lib/pg_connection.h"
#include "server/lib/scenario_file.h"

namespace flowcast {

const char* const kServeUsage =
    "usage: flowcast serve [--db PATH|URL] [--listen HOST:PORT] [--config FILE] [OPTIONS]\n"
    "Runs the live server: the HTTP API (see docs/api.md), the scheduler and delivery.\n"
    "\n"
    "  --db PATH|URL             SQLite database, created if needed (default flowcast.db), or\n"
    "                            postgres://USER:PASSWORD@HOST:PORT/DB (several servers may\n"
    "                            share one; see docs/deploy.md)\n"
    "  --listen HOST:PORT        address to listen on (default 127.0.0.1:8080; port 0 = any)\n"
    "  --config FILE             JSON settings file (see docs/api.md)\n"
    "  --clock system|manual     manual: time moves only by POST /v1/admin/clock (tests)\n"
    "  --clock-start INSTANT     first reading of the manual clock\n"
    "  --admin-token TOKEN       bearer token with the admin scope (prefer FLOWCAST_ADMIN_TOKEN)\n"
    "  --ingest-token TOKEN      bearer token with the ingest scope (prefer FLOWCAST_INGEST_TOKEN)\n"
    "  --smtp-url URL            smtp://host:port for email delivery\n"
    "  --smtp-from ADDRESS       envelope and From address\n"
    "  --gateway-url URL         HTTP gateway for sms and push messages\n"
    "  --public-url URL          base URL of unsubscribe links\n"
    "  --web-dir DIR             editor bundle served at /\n"
    "  --max-body-bytes N        request size limit (default 1048576)\n"
    "  --retry-base-seconds N    first retry delay, doubled each attempt (default 30)\n"
    "  --max-attempts N          delivery attempts before a message fails (default 8)\n"
    "  --on-unconfirmed resend|hold  after a crash while a receiver was confirming a\n"
    "                            message: send it again (default) or hold it as uncertain\n"
    "  --quiet                   do not log requests\n"
    "Every setting can also come from FLOWCAST_<NAME> (e.g. FLOWCAST_DB, FLOWCAST_SMTP_URL).\n"
    "Without any token the server refuses to listen on anything but loopback.\n";

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

bool is_loopback_host(const std::string& host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  if (host.rfind("127.", 0) != 0) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') return false;
  }
  return dots == 3;
}

namespace {

bool parse_int(const std::string& s, long long lo, long long hi, long long* out) {
  if (s.empty() || s.size() > 18) return false;
  long long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (v < lo || v > hi) return false;
  *out = v;
  return true;
}

// Sets one scalar setting by its snake_case name. Returns an error message, or "".
std::string set_value(ServerConfig& c, const std::string& key, const std::string& value) {
  long long n = 0;
  auto number = [&](long long lo, long long hi) -> bool { return parse_int(value, lo, hi, &n); };
  if (key == "db") {
    std::string e;
    if (pg::is_postgres_url(value) && pg::conninfo_from_url(value, &e).empty()) return e;
    c.db = value;
  }
  else if (key == "listen") c.listen = value;
  else if (key == "clock") {
    if (value == "manual") c.manual_clock = true;
    else if (value == "system") c.manual_clock = false;
    else return "clock must be \"system\" or \"manual\"";
  } else if (key == "clock_start") {
    auto t = time::parse_instant(value);
    if (!t) return "clock_start must be an RFC 3339 instant";
    c.clock_start = *t;
  } else if (key == "admin_token" || key == "ingest_token") {
    if (value.size() < 16) return key + " must be at least 16 characters";
    TokenConfig t;
    t.token = value;
    t.admin = key == "admin_token";
    t.ingest = true;
    c.tokens.push_back(t);
  } else if (key == "smtp_url") c.smtp_url = value;
  else if (key == "smtp_from") c.smtp_from = value;
  else if (key == "smtp_username") c.smtp_username = value;
  else if (key == "smtp_password") c.smtp_password = value;
  else if (key == "gateway_url") c.gateway_url = value;
  else if (key == "gateway_token") c.gateway_token = value;
  else if (key == "shopify_secret") c.shopify_secret = value;
  else if (key == "woocommerce_secret") c.woocommerce_secret = value;
  else if (key == "public_url") c.public_url = value;
  else if (key == "unsubscribe_secret") c.unsubscribe_secret = value;
  else if (key == "web_dir") c.web_dir = value;
  else if (key == "max_body_bytes") {
    if (!number(1024, 1LL << 30)) return "max_body_bytes must be between 1024 and 2^30";
    c.max_body_bytes = static_cast<std::size_t>(n);
  } else if (key == "max_json_depth") {
    if (!number(2, 256)) return "max_json_depth must be between 2 and 256";
    c.max_json_depth = static_cast<int>(n);
  } else if (key == "max_batch_events") {
    if (!number(1, 1000000)) return "max_batch_events must be between 1 and 1000000";
    c.max_batch_events = static_cast<std::size_t>(n);
  } else if (key == "max_future_seconds") {
    if (!number(0, 86400)) return "max_future_seconds must be between 0 and 86400";
    c.max_future_seconds = static_cast<int>(n);
  } else if (key == "max_late_seconds") {
    if (!number(0, 100LL * 366 * 86400)) return "max_late_seconds must be between 0 and 3162240000";
    c.max_late_seconds = n;
  } else if (key == "retry_base_seconds") {
    if (!number(1, 86400)) return "retry_base_seconds must be between 1 and 86400";
    c.retry_base_seconds = static_cast<int>(n);
  } else if (key == "retry_max_seconds") {
    if (!number(1, 7 * 86400)) return "retry_max_seconds must be between 1 and 604800";
    c.retry_max_seconds = static_cast<int>(n);
  } else if (key == "max_attempts") {
    if (!number(1, 100)) return "max_attempts must be between 1 and 100";
    c.max_attempts = static_cast<int>(n);
  } else if (key == "tick_milliseconds") {
    if (!number(10, 10000)) return "tick_milliseconds must be between 10 and 10000";
    c.tick_milliseconds = static_cast<int>(n);
  } else if (key == "on_unconfirmed") {
    if (value == "resend") c.resend_unconfirmed = true;
    else if (value == "hold") c.resend_unconfirmed = false;
    else return "on_unconfirmed must be \"resend\" or \"hold\"";
  } else {
    return "unknown setting " + key;
  }
  return "";
}

constexpr const char* kScalarKeys[] = {
    "db", "listen", "clock", "clock_start", "admin_token", "ingest_token", "smtp_url",
    "smtp_from", "smtp_username", "smtp_password", "gateway_url", "gateway_token",
    "shopify_secret", "woocommerce_secret", "public_url", "unsubscribe_secret", "web_dir",
    "max_body_bytes", "max_json_depth", "max_batch_events", "max_future_seconds",
    "max_late_seconds",
    "retry_base_seconds", "retry_max_seconds", "max_attempts", "tick_milliseconds",
    "on_unconfirmed"};

std::string scalar_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

// The config file: {"db": ..., "tokens": [{"token": ..., "scopes": ["ingest"|"admin"]}],
// "smtp": {"url", "from", "username", "password"}, "gateway": {"url", "token"}, ...}.
std::string apply_file(ServerConfig& c, const std::string& path) {
  std::string error;
  auto text = read_file(path, &error);
  if (!text) return path + ": " + error;
  auto doc = nlohmann::json::parse(*text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return path + ": not a JSON object";
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const std::string& key = it.key();
    const auto& v = it.value();
    if (key == "tokens") {
      if (!v.is_array()) return path + ": /tokens: expected an array";
      for (std::size_t i = 0; i < v.size(); ++i) {
        const auto& t = v[i];
        std::string where = path + ": /tokens/" + std::to_string(i);
        if (!t.is_object() || !t.contains("token") || !t["token"].is_string()) {
          return where + ": expected {\"token\": \"...\", \"scopes\": [...]}";
        }
        TokenConfig tc;
        tc.token = t["token"].get<std::string>();
        if (tc.token.size() < 16) return where + "/token: must be at least 16 characters";
        if (!t.contains("scopes") || !t["scopes"].is_array()) return where + "/scopes: expected an array";
        for (const auto& s : t["scopes"]) {
          if (s == "admin") tc.admin = tc.ingest = true;
          else if (s == "ingest") tc.ingest = true;
          else return where + "/scopes: unknown scope (use \"ingest\" or \"admin\")";
        }
        c.tokens.push_back(tc);
      }
      continue;
    }
    if (key == "smtp" || key == "gateway" || key == "limits" || key == "retry") {
      if (!v.is_object()) return path + ": /" + key + ": expected an object";
      for (auto jt = v.begin(); jt != v.end(); ++jt) {
        std::string flat = (key == "smtp" || key == "gateway") ? key + "_" + jt.key() : jt.key();
        if (key == "retry" && jt.key() != "max_attempts") flat = "retry_" + jt.key();
        std::string e = set_value(c, flat, scalar_text(jt.value()));
        if (!e.empty()) return path + ": /" + key + "/" + jt.key() + ": " + e;
      }
      continue;
    }
    std::string e = set_value(c, key, scalar_text(v));
    if (!e.empty()) return path + ": /" + key + ": " + e;
  }
  return "";
}

std::string upper(std::string s) {
  for (char& ch : s) {
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  }
  return s;
}

std::string parse_listen(ServerConfig& c) {
  const std::string& l = c.listen;
  std::size_t colon = l.rfind(':');
  if (colon == std::string::npos) return "listen must be HOST:PORT";
  std::string host = l.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  long long port = 0;
  if (host.empty() || !parse_int(l.substr(colon + 1), 0, 65535, &port)) {
    return "listen must be HOST:PORT with a port from 0 to 65535";
  }
  c.host = host;
  c.port = static_cast<int>(port);
  return "";
}

}  // namespace

ConfigResult load_server_config(const std::vector<std::string>& args, const EnvLookup& env) {
  ConfigResult r;
  ServerConfig c;
  // Flags as (key, value) pairs, applied last.
  std::vector<std::pair<std::string, std::string>> flags;
  std::string config_path;
  if (auto v = env("FLOWCAST_CONFIG")) config_path = *v;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    if (a == "--help" || a == "-h") {
      r.help = true;
      return r;
    }
    if (a == "--quiet") {
      flags.emplace_back("quiet", "");
      continue;
    }
    if (a.rfind("--", 0) != 0) {
      r.error = "unexpected argument " + a;
      return r;
    }
    std::string name = a.substr(2), value;
    std::size_t eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else {
      if (i + 1 >= args.size()) {
        r.error = "option --" + name + " needs a value";
        return r;
      }
      value = args[++i];
    }
    for (char& ch : name) {
      if (ch == '-') ch = '_';
    }
    if (name == "config") config_path = value;
    else flags.emplace_back(name, value);
  }
  if (!config_path.empty()) {
    std::string e = apply_file(c, config_path);
    if (!e.empty()) {
      r.error = e;
      return r;
    }
  }
  for (const char* key : kScalarKeys) {
    if (auto v = env("FLOWCAST_" + upper(key))) {
      if (v->empty()) continue;
      std::string e = set_value(c, key, *v);
      if (!e.empty()) {
        r.error = "FLOWCAST_" + upper(key) + ": " + e;
        return r;
      }
    }
  }
  for (const auto& [k, v] : flags) {
    if (k == "quiet") {
      c.log_requests = false;
      continue;
    }
    std::string e = set_value(c, k, v);
    if (!e.empty()) {
      std::string flag = k;
      for (char& ch : flag) {
        if (ch == '_') ch = '-';
      }
      r.error = "--" + flag + ": " + e;
      return r;
    }
  }
  if (std::string e = parse_listen(c); !e.empty()) {
    r.error = e;
    return r;
  }
  while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
  r.config = std::move(c);
  return r;
}

}  // namespace flowcast

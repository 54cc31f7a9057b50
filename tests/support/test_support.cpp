#include "test_support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <pqxx/pqxx>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace shop::testing {
namespace {

constexpr std::size_t kMaxIdentifierLength = 63;  // Postgres NAMEDATALEN - 1

// Lower-case letters, digits and '_' only, so the name needs no quoting anywhere.
std::string SanitizeIdentifier(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(std::isalnum(u) != 0 ? static_cast<char>(std::tolower(u)) : '_');
  }
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out.front())) != 0) {
    out.insert(0, "db_");
  }
  return out;
}

std::string UniqueDatabaseName(const std::string& prefix) {
  // Process-wide on purpose: names must stay unique across every test in this process.
  static std::atomic<unsigned> counter{0};
  std::random_device random;
  char suffix[9];
  std::snprintf(suffix, sizeof suffix, "%08x", random());
  const std::string tail =
      "_" + std::to_string(::getpid()) + "_" + std::to_string(counter.fetch_add(1)) + "_" + suffix;
  std::string head = SanitizeIdentifier(prefix);
  head.resize(std::min(head.size(), kMaxIdentifierLength - tail.size()));
  return head + tail;
}

// Replaces the database part of a postgresql:// URI, keeping any ?parameters.
std::string WithDatabase(const std::string& uri, const std::string& database) {
  const std::size_t scheme_end = uri.find("://");
  if (scheme_end == std::string::npos) {
    throw std::invalid_argument("not a postgresql:// URI: " + uri);
  }
  const std::size_t path = uri.find('/', scheme_end + 3);
  const std::size_t query = uri.find('?', scheme_end + 3);
  if (path == std::string::npos || (query != std::string::npos && query < path)) {
    const std::size_t insert_at = query == std::string::npos ? uri.size() : query;
    return uri.substr(0, insert_at) + "/" + database + uri.substr(insert_at);
  }
  const std::size_t path_end = query == std::string::npos ? uri.size() : query;
  return uri.substr(0, path + 1) + database + uri.substr(path_end);
}

}  // namespace

std::string RequiredEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error("environment variable " + name +
                             " is not set; run the tests through tests/run");
  }
  return value;
}

std::string PostgresAdminUri() { return RequiredEnv("SHOP_TEST_PG_URI"); }

std::string CreateDatabase(const std::string& prefix) {
  const std::string admin_uri = PostgresAdminUri();
  const std::string name = UniqueDatabaseName(prefix);
  pqxx::connection admin(admin_uri);
  pqxx::nontransaction txn(admin);  // CREATE DATABASE cannot run inside a transaction block
  // DDL takes no $n parameters; the name is sanitized above and quoted here.
  txn.exec("CREATE DATABASE " + txn.quote_name(name));
  return WithDatabase(admin_uri, name);
}

std::string KafkaBootstrap() { return RequiredEnv("SHOP_TEST_KAFKA_BOOTSTRAP"); }

bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (true) {
    if (condition()) {
      return true;
    }
    if (std::chrono::steady_clock::now() >= until) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

namespace {

// Binds a fresh TCP socket to 127.0.0.1:`port` (0: any free port) and closes it again; returns the
// port bound, or nullopt when the bind failed (errno says why).
std::optional<std::uint16_t> BindLoopback(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  socklen_t length = sizeof address;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  const int saved_errno = errno;
  ::close(fd);
  errno = saved_errno;
  if (!ok) {
    return std::nullopt;
  }
  return ntohs(address.sin_port);
}

// Test servers get ports from here up to the ephemeral range (below: well-known and registered
// services a developer may run, e.g. Postgres 5432, Kafka 9092, Redis 6379).
constexpr int kFirstTestPort = 20000;

struct EphemeralRange {
  int first = 32768;
  int last = 60999;
};

EphemeralRange ReadEphemeralRange() {
  EphemeralRange range;
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  int first = 0;
  int last = 0;
  if (in >> first >> last && first > 0 && last >= first) {
    range.first = first;
    range.last = last;
  }
  return range;
}

}  // namespace

std::uint16_t FreePort() { return FreePortRange(1); }

std::uint16_t FreePortRange(int count) {
  // Ports the kernel may give outgoing connections (ip_local_port_range) are avoided: a server
  // stopped and restarted on its port (a Kafka node, a killed service) could otherwise find it
  // taken as the source port of some other test's connection while it was down.
  const EphemeralRange ephemeral = ReadEphemeralRange();
  const int low = kFirstTestPort;
  const int high = ephemeral.first - count;  // the last first port below the ephemeral range
  std::mt19937 random(std::random_device{}());
  for (int attempt = 0; attempt < 200; ++attempt) {
    std::uint16_t first = 0;
    if (high > low) {
      first = static_cast<std::uint16_t>(std::uniform_int_distribution<int>(low, high)(random));
      if (!BindLoopback(first)) {
        continue;
      }
    } else {
      // No room below the ephemeral range on this machine: let the kernel choose.
      const std::optional<std::uint16_t> any = BindLoopback(0);
      if (!any) {
        throw std::runtime_error(std::string("cannot find a free port: ") + std::strerror(errno));
      }
      first = *any;
    }
    if (first + count - 1 > 65535) {
      continue;
    }
    bool free = true;
    for (int k = 1; k < count && free; ++k) {
      free = BindLoopback(static_cast<std::uint16_t>(first + k)).has_value();
    }
    if (free) {
      return first;
    }
  }
  throw std::runtime_error("no " + std::to_string(count) + " consecutive free ports");
}

bool ListensOn(int pid, std::uint16_t port) {
  // Inodes of the sockets listening (state 0A) on the port, IPv4 and IPv6.
  std::set<std::string> inodes;
  char wanted[8];
  std::snprintf(wanted, sizeof wanted, ":%04X", static_cast<unsigned>(port));
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // the header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
      fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
          timeout >> inode;
      if (state == "0A" && local.ends_with(wanted)) {
        inodes.insert("socket:[" + inode + "]");
      }
    }
  }
  std::error_code error;
  for (const auto& fd :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", error)) {
    std::error_code link_error;
    if (inodes.contains(std::filesystem::read_symlink(fd.path(), link_error).string())) {
      return true;
    }
  }
  return false;
}

ProcessFootprint FootprintOf(int pid) {
  ProcessFootprint footprint;
  const std::string proc = "/proc/" + std::to_string(pid);
  std::ifstream status(proc + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) {
      footprint.rss_kib = std::stol(line.substr(6));
    } else if (line.starts_with("RssAnon:")) {
      footprint.anon_kib = std::stol(line.substr(8));
    }
  }
  std::error_code error;
  long fds = 0;
  for (std::filesystem::directory_iterator fd(proc + "/fd", error), end; !error && fd != end;
       fd.increment(error)) {
    ++fds;
  }
  if (!error) {
    footprint.fds = fds;
  }
  return footprint;
}

std::string ReadTextFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw std::runtime_error("cannot read " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace shop::testing

namespace shop::testing {

std::optional<double> MetricValue(const std::string& exposition, const std::string& series) {
  std::istringstream lines(exposition);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() > series.size() && line.starts_with(series) && line[series.size()] == ' ') {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return std::nullopt;
}

std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

std::pair<int, std::string> RunCommand(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen((command + " 2>&1").c_str(), "r"), ::pclose);
  std::string output;
  char buffer[4096];
  while (pipe && std::fgets(buffer, sizeof buffer, pipe.get()) != nullptr) {
    output += buffer;
  }
  const int status = pipe ? ::pclose(pipe.release()) : -1;
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

std::pair<int, std::string> ValidateEventData(const std::string& type, const std::string& data) {
  static std::atomic<int> sequence{0};
  const std::string captured = RequiredEnv("SHOP_TEST_TMPDIR") + "/event-" +
                               std::to_string(::getpid()) + "-" + std::to_string(++sequence) +
                               ".tsv";
  std::ofstream(captured) << type << "\t" << data << "\n";
  return RunCommand("/usr/bin/python3 " SHOP_SOURCE_DIR
                    "/tests/schemas/validate_events.py " SHOP_SOURCE_DIR " < " +
                    captured);
}

std::string ReferenceInboxSql() {
  return ReadTextFile(std::string(SHOP_SOURCE_DIR) + "/events/consumer/processed_events.sql");
}

std::string ReferenceOutboxSql() {
  std::string sql;
  for (const char* file : {"outbox.sql", "outbox_parking.sql"}) {
    sql += ReadTextFile(std::string(SHOP_SOURCE_DIR) + "/events/sql/" + file) + "\n";
  }
  return sql;
}

}  // namespace shop::testing

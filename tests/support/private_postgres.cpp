#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "test_support.hpp"

namespace shop::testing {
namespace {

constexpr const char* kPostgresBin = "/usr/lib/postgresql/15/bin/";
constexpr std::chrono::seconds kToolTimeout{60};

std::string Tail(const std::string& path, std::size_t max_chars = 2000) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  const std::string text = content.str();
  return text.size() <= max_chars ? text : text.substr(text.size() - max_chars);
}

bool RunningAsRoot() { return ::geteuid() == 0; }

std::string MakeTempDir() {
  const char* base = std::getenv("SHOP_TEST_TMPDIR");
  std::string pattern =
      std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/private-pg-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp " + pattern + " failed");
  }
  return pattern;
}

void GiveToPostgresUser(const std::string& dir) {
  const passwd* user = ::getpwnam("postgres");
  if (user == nullptr) {
    throw std::runtime_error("running as root but there is no user postgres");
  }
  if (::chown(dir.c_str(), user->pw_uid, user->pw_gid) != 0) {
    throw std::runtime_error("chown postgres " + dir + " failed");
  }
}

}  // namespace

PrivatePostgres::PrivatePostgres() : dir_(MakeTempDir()), port_(FreePort()) {
  try {
    if (RunningAsRoot()) {
      GiveToPostgresUser(dir_);
    }
    RunServerTool({"initdb", "-D", dir_ + "/data", "-U", "postgres", "--auth=trust", "-E", "UTF8"},
                  "initdb.log");
    Start();
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
    throw;
  }
}

PrivatePostgres::~PrivatePostgres() {
  try {
    Stop();
  } catch (const std::exception&) {
    // Best effort: the folder is removed below either way.
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void PrivatePostgres::Start() {
  if (running_) {
    return;
  }
  const std::string options =
      "-p " + std::to_string(port_) + " -k " + dir_ + " -c listen_addresses=127.0.0.1";
  RunServerTool(
      {"pg_ctl", "-D", dir_ + "/data", "-o", options, "-l", dir_ + "/server.log", "-w", "start"},
      "pg_ctl.log");
  running_ = true;
}

void PrivatePostgres::Stop() {
  if (!running_) {
    return;
  }
  RunServerTool({"pg_ctl", "-D", dir_ + "/data", "-m", "fast", "-w", "stop"}, "pg_ctl.log");
  running_ = false;
}

std::string PrivatePostgres::Uri(const std::string& database) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

// Runs a Postgres server binary to completion; as root through `runuser -u postgres --`, because
// initdb and postgres refuse to run as root.
void PrivatePostgres::RunServerTool(const std::vector<std::string>& args,
                                    const std::string& log_name) const {
  const std::string tool = kPostgresBin + args.front();
  std::vector<std::string> rest(args.begin() + 1, args.end());
  const std::string log = dir_ + "/" + log_name;
  std::vector<std::string> runuser_args{"-u", "postgres", "--", tool};
  runuser_args.insert(runuser_args.end(), rest.begin(), rest.end());
  ChildProcess child = RunningAsRoot() ? ChildProcess("runuser", runuser_args, {}, log)
                                       : ChildProcess(tool, rest, {}, log);
  const std::optional<int> status = child.Wait(kToolTimeout);
  if (status != 0) {
    throw std::runtime_error(args.front() + " failed (" +
                             (status ? "exit " + std::to_string(*status) : "timeout") + ") in " +
                             dir_ + "; log " + log + ":\n" + Tail(log) + "\nserver log:\n" +
                             Tail(dir_ + "/server.log"));
  }
}

}  // namespace shop::testing

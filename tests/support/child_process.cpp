#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <thread>
#include <utility>

#include "test_support.hpp"

extern char** environ;

namespace shop::testing {
namespace {

// The current environment with `extra` merged over it, as "NAME=value" strings.
std::vector<std::string> MergedEnvironment(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> merged;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text(*entry);
    const std::size_t eq = text.find('=');
    if (eq != std::string::npos) {
      merged[text.substr(0, eq)] = text.substr(eq + 1);
    }
  }
  for (const auto& [name, value] : extra) {
    merged[name] = value;
  }
  std::vector<std::string> out;
  for (const auto& [name, value] : merged) {
    out.push_back(name + "=" + value);
  }
  return out;
}

std::vector<char*> PointersOf(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) {
    pointers.push_back(s.data());
  }
  pointers.push_back(nullptr);
  return pointers;
}

struct FileActionsDeleter {
  void operator()(posix_spawn_file_actions_t* actions) const {
    posix_spawn_file_actions_destroy(actions);
  }
};

int DecodeStatus(int status) {
  if (WIFEXITED(status)) {
    return WEXITSTATUS(status);
  }
  if (WIFSIGNALED(status)) {
    return 128 + WTERMSIG(status);
  }
  return -1;
}

}  // namespace

ChildProcess::ChildProcess(std::string path, std::vector<std::string> args,
                           std::map<std::string, std::string> extra_env, std::string log_file) {
  std::vector<std::string> argv_strings{path};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<std::string> env_strings = MergedEnvironment(extra_env);
  std::vector<char*> argv = PointersOf(argv_strings);
  std::vector<char*> envp = PointersOf(env_strings);

  posix_spawn_file_actions_t actions_storage;
  if (posix_spawn_file_actions_init(&actions_storage) != 0) {
    throw std::runtime_error("posix_spawn_file_actions_init failed");
  }
  std::unique_ptr<posix_spawn_file_actions_t, FileActionsDeleter> actions(&actions_storage);
  if (!log_file.empty()) {
    posix_spawn_file_actions_addopen(actions.get(), STDOUT_FILENO, log_file.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(actions.get(), STDOUT_FILENO, STDERR_FILENO);
  }
  // posix_spawnp: a bare name (e.g. "runuser") is looked up in PATH.
  const int error =
      posix_spawnp(&pid_, path.c_str(), actions.get(), nullptr, argv.data(), envp.data());
  if (error != 0) {
    pid_ = -1;
    throw std::runtime_error("cannot start " + path + ": " + std::strerror(error));
  }
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)), status_(other.status_) {}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !status_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

void ChildProcess::Signal(int signal) const {
  if (pid_ > 0 && !status_) {
    ::kill(pid_, signal);
  }
}

bool ChildProcess::Running() {
  if (pid_ <= 0 || status_) {
    return false;
  }
  int status = 0;
  const int reaped = ::waitpid(pid_, &status, WNOHANG);
  if (reaped == pid_) {
    status_ = DecodeStatus(status);
    return false;
  }
  return reaped == 0;
}

std::optional<int> ChildProcess::Wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (Running()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return status_;
}

}  // namespace shop::testing

#pragma once
// A service binary started as a child process for a test, on a free port, with its log under
// SHOP_TEST_TMPDIR. The constructor returns once /health answers (or throws).

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "test_support.hpp"

namespace shop::testing {

class ServiceProcess {
 public:
  // `port` 0 picks a free one. SHOP_CATEGORY_URL defaults to a port where nothing
  // listens, so a test never reaches services of a `deploy/local/up` on this machine.
  // SHOP_AUTH_URL defaults to the process's TestIdentity; then Call() sends an admin token of it
  // unless the caller passes its own Authorization header (an empty value sends none).
  // SHOP_DISABLED_TASKS defaults to the saga's event-answering tasks (stock-reservation): pass ""
  // to run them.
  ServiceProcess(const std::string& binary, const std::string& database_url,
                 std::map<std::string, std::string> extra_env = {}, std::uint16_t port = 0);
  std::uint16_t port() const { return port_; }
  ChildProcess& process() { return process_; }
  const std::string& log_file() const { return log_file_; }

  HttpResult Call(const std::string& method, const std::string& target,
                  const std::string& body = {},
                  const std::map<std::string, std::string>& headers = {}) const;
  // Polls GET /ready until it answers `status` or the deadline passes.
  bool WaitForReady(unsigned status, std::chrono::milliseconds deadline) const;

 private:
  std::uint16_t port_;
  bool test_identity_ = false;  // SHOP_AUTH_URL is TestIdentity's: Call() may add its token
  std::string log_file_;
  ChildProcess process_;
};

}  // namespace shop::testing

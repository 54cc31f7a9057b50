#pragma once
// shopctl's exit codes and the typed errors that carry them. Every command throws one of these for
// a failure it can name; main() prints it as one sentence on stderr ("shopctl: ...") and exits
// with its code. Anything else is reported the same way with exit code 1.

#include <exception>
#include <ostream>
#include <stdexcept>
#include <string>

namespace shop::shopctl {

enum class ExitCode : int { kOk = 0, kPartialFailure = 1, kUsage = 2, kCannotConnect = 3 };

class CommandError : public std::runtime_error {
 public:
  CommandError(ExitCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

// A bad flag value, an unknown group or service, a missing topic: the operator's mistake.
class UsageError : public CommandError {
 public:
  explicit UsageError(const std::string& message) : CommandError(ExitCode::kUsage, message) {}
};

// The broker or a database did not answer.
class ConnectError : public CommandError {
 public:
  explicit ConnectError(const std::string& message)
      : CommandError(ExitCode::kCannotConnect, message) {}
};

// Writes "shopctl: <message>" (one line) to `err` and returns the exit code for `error`.
int ReportError(const std::exception& error, std::ostream& err);

// The message as one line: newlines become spaces, trailing whitespace is dropped.
std::string OneLine(const std::string& message);

}  // namespace shop::shopctl

#include "shopctl/exit_codes.hpp"

namespace shop::shopctl {

std::string OneLine(const std::string& message) {
  std::string line;
  line.reserve(message.size());
  for (char c : message) {
    line.push_back(c == '\n' || c == '\r' ? ' ' : c);
  }
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
    line.pop_back();
  }
  return line;
}

int ReportError(const std::exception& error, std::ostream& err) {
  err << "shopctl: " << OneLine(error.what()) << '\n';
  if (const auto* command_error = dynamic_cast<const CommandError*>(&error)) {
    return static_cast<int>(command_error->code());
  }
  return static_cast<int>(ExitCode::kPartialFailure);
}

}  // namespace shop::shopctl

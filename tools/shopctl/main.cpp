// shopctl, the operator's CLI: dead-letter inspection and replay, outbox status and republish,
// consumer lag. main only declares the command tree (dlq_cli.cpp, outbox_cli.cpp) and maps
// failures to exit codes: 0 success, 1 partial failure, 2 usage error, 3 cannot connect
// (exit_codes.hpp). CLI11 runs the chosen subcommand's callback during parse.
#include <CLI/CLI.hpp>
#include <iostream>

#include "shopctl/cli_state.hpp"
#include "shopctl/exit_codes.hpp"

namespace shop::shopctl {
namespace {

int Run(int argc, char** argv) {
  CLI::App app{"shopctl: the shop operator's CLI (dead letters, outbox, consumer lag)", "shopctl"};
  app.require_subcommand(1);
  CliState state;
  state.now = std::chrono::system_clock::now();
  AddDlqCommands(app, state);
  AddOutboxCommands(app, state);
  AddConsumersCommands(app, state);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "shopctl: " << OneLine(e.what()) << " (see --help)\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  const int result = state.result.value_or(0);
  if (const std::string note = state.kafka_problems.Note(); result == 0 && !note.empty()) {
    std::cerr << note << '\n';
  }
  return result;
}

}  // namespace
}  // namespace shop::shopctl

int main(int argc, char** argv) {
  try {
    return shop::shopctl::Run(argc, argv);
  } catch (const std::exception& e) {
    return shop::shopctl::ReportError(e, std::cerr);
  }
}

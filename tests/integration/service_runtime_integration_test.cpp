// RunService against the real Postgres: what the runtime does when a background task fails.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.hpp"

namespace shop::testing {
namespace {

std::string ScratchDir() {
  const char* dir = std::getenv("SHOP_TEST_TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

// The JSON log lines of `text` whose "event" is `event`.
std::vector<nlohmann::json> LogLines(const std::string& text, const std::string& event) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
    if (parsed.is_object() && parsed.value("event", "") == event) {
      lines.push_back(parsed);
    }
  }
  return lines;
}

TEST(ServiceRuntime, ABackgroundTaskThatThrowsIsLoggedAndEndsTheProcessWithStatusOne) {
  const std::string log =
      ScratchDir() + "/failing_task_probe_" + std::to_string(::getpid()) + ".log";
  std::remove(log.c_str());
  ChildProcess probe(
      SHOP_FAILING_TASK_PROBE_BIN, {},
      {{"SHOP_DATABASE_URL", CreateDatabase("failing_task")}, {"SHOP_HTTP_PORT", "0"}}, log);

  // Exit status 1, as for any other failure of the service: the supervisor restarts it. Not a
  // signal (std::terminate's abort would be 134).
  EXPECT_EQ(probe.Wait(std::chrono::seconds(30)), std::optional<int>(1)) << ReadTextFile(log);
  const std::string output = ReadTextFile(log);
  const std::vector<nlohmann::json> failures = LogLines(output, "background_task_failed");
  ASSERT_EQ(failures.size(), 1U) << output;
  EXPECT_EQ(failures[0].value("level", ""), "error");
  EXPECT_EQ(failures[0].value("task", ""), "exploding");
  EXPECT_EQ(failures[0].value("error", ""), "disk on fire");
  // The rest of the service stopped in order: the other task was stopped and joined.
  EXPECT_EQ(LogLines(output, "service_stopped").size(), 1U) << output;
}

// SHOP_DISABLED_TASKS: a task named there is never started (the exploding one here, so the service
// keeps running), and the name is logged; the others run.
TEST(ServiceRuntime, ATaskNamedInDisabledTasksIsNotStarted) {
  const std::string log =
      ScratchDir() + "/disabled_task_probe_" + std::to_string(::getpid()) + ".log";
  std::remove(log.c_str());
  ChildProcess probe(SHOP_FAILING_TASK_PROBE_BIN, {},
                     {{"SHOP_DATABASE_URL", CreateDatabase("disabled_task")},
                      {"SHOP_HTTP_PORT", "0"},
                      {"SHOP_DISABLED_TASKS", "exploding, no-such-task"}},
                     log);
  ASSERT_TRUE(
      WaitFor([&] { return !LogLines(ReadTextFile(log), "background_task_started").empty(); },
              std::chrono::seconds(30)))
      << ReadTextFile(log);
  probe.Signal(SIGTERM);
  EXPECT_EQ(probe.Wait(std::chrono::seconds(30)), std::optional<int>(0)) << ReadTextFile(log);
  const std::string output = ReadTextFile(log);
  const std::vector<nlohmann::json> started = LogLines(output, "background_task_started");
  ASSERT_EQ(started.size(), 1U) << output;
  EXPECT_EQ(started[0].value("task", ""), "steady");
  const std::vector<nlohmann::json> disabled = LogLines(output, "background_task_disabled");
  ASSERT_EQ(disabled.size(), 1U) << output;
  EXPECT_EQ(disabled[0].value("task", ""), "exploding");
  EXPECT_TRUE(LogLines(output, "background_task_failed").empty()) << output;
  EXPECT_EQ(LogLines(output, "background_task_not_found").size(), 1U) << output;
}

}  // namespace
}  // namespace shop::testing

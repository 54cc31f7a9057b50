#include "schemathesis_run.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "test_support.hpp"

namespace shop::testing {
namespace {

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> segments;
  std::istringstream in(path);
  for (std::string segment; std::getline(in, segment, '/');) {
    segments.push_back(segment);
  }
  return segments;
}

bool MatchesTemplate(const std::string& path, const std::string& path_template) {
  const std::vector<std::string> actual = Segments(path);
  const std::vector<std::string> wanted = Segments(path_template);
  if (actual.size() != wanted.size()) {
    return false;
  }
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const bool placeholder = wanted[i].starts_with('{') && wanted[i].ends_with('}');
    if (placeholder ? actual[i].empty() : actual[i] != wanted[i]) {
      return false;
    }
  }
  return true;
}

// "http://127.0.0.1:8080/api/products/x?limit=1" -> "/api/products/x"
std::string PathOf(const std::string& url) {
  const std::size_t authority = url.find("//");
  const std::size_t start = url.find('/', authority == std::string::npos ? 0 : authority + 2);
  if (start == std::string::npos) {
    return "/";
  }
  return url.substr(start, url.find('?', start) - start);
}

std::vector<SchemathesisExchange> ReadHarCassette(const std::string& file) {
  const nlohmann::json har = nlohmann::json::parse(ReadTextFile(file));
  std::vector<SchemathesisExchange> exchanges;
  for (const nlohmann::json& entry : har.at("log").at("entries")) {
    exchanges.push_back({.method = entry.at("request").at("method"),
                         .path = PathOf(entry.at("request").at("url")),
                         .status = entry.at("response").at("status")});
  }
  return exchanges;
}

}  // namespace

std::size_t SchemathesisResult::Answers(const std::string& method, const std::string& path_template,
                                        unsigned status) const {
  return static_cast<std::size_t>(
      std::count_if(exchanges.begin(), exchanges.end(), [&](const SchemathesisExchange& e) {
        return e.method == method && e.status == status && MatchesTemplate(e.path, path_template);
      }));
}

SchemathesisResult RunSchemathesis(const SchemathesisRun& run) {
  const std::string stem = RequiredEnv("SHOP_TEST_TMPDIR") + "/schemathesis-" +
                           std::filesystem::path(run.document).stem().string() + "-" +
                           std::to_string(run.port) + "-" + std::to_string(::getpid());
  const std::string known_values = stem + "-known.json";
  const std::string cassette = stem + ".har";
  std::ofstream(known_values) << run.known_values.dump();
  std::filesystem::remove(cassette);

  // --contrib-openapi-formats-uuid: a `format: uuid` field gets UUIDs (of ids that do not exist),
  // which reach the handlers' lookups instead of stopping at the syntax check.
  std::string command = "PYTHONPATH=" SHOP_SOURCE_DIR
                        "/tests/e2e SCHEMATHESIS_HOOKS=schemathesis_known_values "
                        "SHOP_SCHEMATHESIS_KNOWN_VALUES_FILE=" +
                        known_values + " " + RequiredEnv("SHOP_TEST_SCHEMATHESIS") +
                        " run " SHOP_SOURCE_DIR "/schemas/openapi/" + run.document +
                        " --base-url http://127.0.0.1:" + std::to_string(run.port) +
                        " --checks all --experimental=openapi-3.1 --contrib-openapi-formats-uuid"
                        " --hypothesis-max-examples " +
                        std::to_string(run.max_examples) +
                        " --hypothesis-derandomize --workers 1"
                        " --no-color --cassette-format har --cassette-path " +
                        cassette;
  if (!run.token.empty()) {
    command += " -H 'Authorization: Bearer " + run.token + "'";
  }
  for (const std::string& argument : run.extra_arguments) {
    command += " " + argument;
  }

  SchemathesisResult result;
  std::tie(result.exit_status, result.report) = RunCommand(command);
  if (!std::filesystem::exists(cassette)) {
    throw std::runtime_error("schemathesis wrote no cassette (exit status " +
                             std::to_string(result.exit_status) + "):\n" + result.report);
  }
  result.exchanges = ReadHarCassette(cassette);
  return result;
}

const std::vector<RouteSuccess>& ProductRouteSuccesses() {
  static const std::vector<RouteSuccess> routes = {
      {"GET", "/api/products", 200},         {"POST", "/api/products", 201},
      {"GET", "/api/products/{id}", 200},    {"PATCH", "/api/products/{id}", 200},
      {"DELETE", "/api/products/{id}", 204},
  };
  return routes;
}

void ExpectEachRouteSucceeded(const SchemathesisResult& result,
                              const std::vector<RouteSuccess>& routes) {
  for (const RouteSuccess& route : routes) {
    EXPECT_GT(result.Answers(route.method, route.path_template, route.status), 0u)
        << route.method << " " << route.path_template << " never answered " << route.status
        << " in " << result.exchanges.size()
        << " requests: the run did not reach what the route does when it succeeds";
  }
}

}  // namespace shop::testing

#pragma once
// The conformance check of an OpenAPI document (DESIGN.md 6): schemathesis (SHOP_TEST_SCHEMATHESIS,
// pinned in deploy/local/python-tools.txt) run against a running service, as a new user would
// run it (OpenAPI 3.1 enabled), plus what the test knows exists. Every check is on: no server
// error, every status, content type, header and body as documented, and an operation that needs
// a token refuses a request without one.
//
// The run is derandomized and bounded (the same examples every time, `max_examples` per
// operation) and sequential (one worker), so a failure reproduces. It records every request and
// answer in a HAR cassette; Answers() reads it, so a test can require that routes answered 2xx and
// cannot pass on error answers alone.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace shop::testing {

struct SchemathesisRun {
  // `document`: a file of schemas/openapi/, e.g. "category.yaml"; `token` is sent as
  // `Authorization: Bearer <token>` on every request when not empty.
  SchemathesisRun(std::string document, std::uint16_t port, std::string token = {})
      : document(std::move(document)), port(port), token(std::move(token)) {}

  std::string document;
  std::uint16_t port;
  std::string token;
  // Values that exist, mixed into half of the generated examples by
  // tests/e2e/schemathesis_known_values.py (see there), e.g. {"id": ["<uuid>"]}.
  nlohmann::json known_values = nlohmann::json::object();
  int max_examples = 30;
  std::vector<std::string> extra_arguments;  // e.g. "--exclude-path-regex '^/orders'"
};

struct SchemathesisExchange {
  std::string method;
  std::string path;  // as sent: percent-encoded, without the query
  unsigned status = 0;
};

class SchemathesisResult {
 public:
  int exit_status = -1;  // 0: every check passed
  std::string report;    // what schemathesis printed
  std::vector<SchemathesisExchange> exchanges;

  // How many requests `method` on a path matching `path_template` answered `status`. A template
  // is a path where each `{name}` stands for one non-empty segment: "/api/products/{id}".
  std::size_t Answers(const std::string& method, const std::string& path_template,
                      unsigned status) const;
};

// Runs schemathesis and reads its cassette; throws std::runtime_error when schemathesis could not
// run at all (no cassette written).
SchemathesisResult RunSchemathesis(const SchemathesisRun& run);

// A route and the 2xx status its success has, for tests that require one such answer.
struct RouteSuccess {
  std::string method;
  std::string path_template;
  unsigned status;
};

// The product routes of product.yaml, as they answer when they succeed. product-service's own
// document and the gateway's both describe them.
const std::vector<RouteSuccess>& ProductRouteSuccesses();

// Adds a test failure for each route of `routes` that never answered its success status.
void ExpectEachRouteSucceeded(const SchemathesisResult& result,
                              const std::vector<RouteSuccess>& routes);

}  // namespace shop::testing

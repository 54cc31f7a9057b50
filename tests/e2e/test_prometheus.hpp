#pragma once
// A Prometheus server of the test's own (Debian's /usr/bin/prometheus, as deploy/local/up runs)
// over a ShopSystem: every component scraped each second, the alert rules of
// deploy/monitoring/rules/ evaluated each second after deploy/monitoring/render-rules shortened
// them with the test's settings (the production files stay as they are). Free port, private data
// folder under SHOP_TEST_TMPDIR; stopped on destruction. Not thread-safe.

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shop_system.hpp"

namespace shop::testing {

class TestPrometheus {
 public:
  // `render_args`: render-rules' options, e.g. {"--for", "1s", "--set", "Alert=5"}. Starts the
  // server and waits until it is ready; throws std::runtime_error naming what failed.
  TestPrometheus(const std::vector<ShopSystem::ScrapeTarget>& targets,
                 const std::vector<std::string>& render_args);
  ~TestPrometheus();
  TestPrometheus(const TestPrometheus&) = delete;
  TestPrometheus& operator=(const TestPrometheus&) = delete;

  // GET /api/v1/query?query=<expr>: the whole answer ({"status": ..., "data": ...} or the error).
  nlohmann::json Query(const std::string& expr) const;
  // The alerts firing now (state "firing"; pending ones left out), each {labels, annotations, ...}.
  std::vector<nlohmann::json> FiringAlerts() const;
  // Whether an alert named `name` fires whose labels include every one of `labels`.
  bool Firing(const std::string& name, const std::map<std::string, std::string>& labels) const;
  std::string Url() const;
  std::uint16_t Port() const { return port_; }
  const std::string& Dir() const { return dir_; }

 private:
  std::string dir_;
  std::uint16_t port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

// `text` with every byte but unreserved ones (RFC 3986) as %XX: a query parameter's value.
std::string PercentEncode(const std::string& text);

}  // namespace shop::testing

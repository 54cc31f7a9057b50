#include "test_prometheus.hpp"

#include <unistd.h>

#include <cctype>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace shop::testing {
namespace {

constexpr const char* kPrometheus = "/usr/bin/prometheus";

}  // namespace

std::string PercentEncode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (const unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return encoded;
}

TestPrometheus::TestPrometheus(const std::vector<ShopSystem::ScrapeTarget>& targets,
                               const std::vector<std::string>& render_args) {
  if (::access(kPrometheus, X_OK) != 0) {
    throw std::runtime_error(std::string(kPrometheus) +
                             " not found: run deploy/local/install-deps");
  }
  port_ = FreePort();
  dir_ = RequiredEnv("SHOP_TEST_TMPDIR") + "/prometheus-" + std::to_string(::getpid()) + "-" +
         std::to_string(port_);
  std::filesystem::create_directories(dir_ + "/data");

  const std::string source = SHOP_SOURCE_DIR;
  std::string render = source + "/deploy/monitoring/render-rules";
  for (const std::string& arg : render_args) {
    render += " " + ShellQuote(arg);
  }
  render += " " + source + "/deploy/monitoring/rules/*.yml >" + dir_ + "/rules.yml";
  if (const auto [status, output] = RunCommand(render); status != 0) {
    throw std::runtime_error("render-rules failed: " + output);
  }

  std::ofstream config(dir_ + "/prometheus.yml");
  config << "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"
         << "rule_files: [\"" << dir_ << "/rules.yml\"]\nscrape_configs:\n";
  for (const ShopSystem::ScrapeTarget& target : targets) {
    config << "  - job_name: " << target.job << "\n    static_configs:\n"
           << "      - targets: [\"127.0.0.1:" << target.port << "\"]\n";
  }
  config.close();

  process_ = std::make_unique<ChildProcess>(
      kPrometheus,
      std::vector<std::string>{"--config.file=" + dir_ + "/prometheus.yml",
                               "--storage.tsdb.path=" + dir_ + "/data",
                               "--web.listen-address=127.0.0.1:" + std::to_string(port_)},
      std::map<std::string, std::string>{}, dir_ + "/prometheus.log");
  const bool ready = WaitFor(
      [&] {
        try {
          return HttpCall(port_, "GET", "/-/ready", {}, {}, std::chrono::seconds(2)).status == 200;
        } catch (const std::exception&) {
          return false;
        }
      },
      std::chrono::seconds(30));
  if (!ready || !ListensOn(process_->pid(), port_)) {
    throw std::runtime_error("prometheus did not become ready on :" + std::to_string(port_) +
                             " (log " + dir_ + "/prometheus.log)");
  }
}

TestPrometheus::~TestPrometheus() {
  if (process_ && process_->Running()) {
    process_->Signal(SIGTERM);
    process_->Wait(std::chrono::seconds(10));
  }
}

std::string TestPrometheus::Url() const { return "http://127.0.0.1:" + std::to_string(port_); }

nlohmann::json TestPrometheus::Query(const std::string& expr) const {
  const HttpResult answer = HttpCall(port_, "GET", "/api/v1/query?query=" + PercentEncode(expr));
  return nlohmann::json::parse(answer.body);
}

std::vector<nlohmann::json> TestPrometheus::FiringAlerts() const {
  const HttpResult answer = HttpCall(port_, "GET", "/api/v1/alerts");
  // Kept in a variable: a range-for over a member of a temporary would read a destroyed object.
  const nlohmann::json parsed = nlohmann::json::parse(answer.body);
  std::vector<nlohmann::json> firing;
  for (const nlohmann::json& alert : parsed.at("data").at("alerts")) {
    if (alert.at("state") == "firing") {
      firing.push_back(alert);
    }
  }
  return firing;
}

bool TestPrometheus::Firing(const std::string& name,
                            const std::map<std::string, std::string>& labels) const {
  for (const nlohmann::json& alert : FiringAlerts()) {
    const nlohmann::json& have = alert.at("labels");
    bool match = have.value("alertname", "") == name;
    for (const auto& [label, value] : labels) {
      match = match && have.value(label, "") == value;
    }
    if (match) {
      return true;
    }
  }
  return false;
}

}  // namespace shop::testing

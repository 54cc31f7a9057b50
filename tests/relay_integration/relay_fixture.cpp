#include "relay_fixture.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "events/cloud_event.hpp"
#include "events/outbox_writer.hpp"
#include "events/uuid_v7.hpp"
#include "platform/text/rfc3339.hpp"

namespace shop::relay_test {
namespace {

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

std::string UniqueSuffix() {
  return std::to_string(::getpid()) + "-" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
}

// "ce_id:x,ce_type:y|key|value" as printed with the separators ConsumeTopic asks for.
std::optional<Received> ParseLine(const std::string& line) {
  const auto p1 = line.find('|');
  const auto p2 = p1 == std::string::npos ? p1 : line.find('|', p1 + 1);
  if (p2 == std::string::npos) {
    return std::nullopt;
  }
  Received received{
      .key = line.substr(p1 + 1, p2 - p1 - 1), .value = line.substr(p2 + 1), .headers = {}};
  const std::string headers = line.substr(0, p1);
  std::size_t start = 0;
  while (start < headers.size()) {
    const auto end = std::min(headers.find(',', start), headers.size());
    const std::string header = headers.substr(start, end - start);
    const auto colon = header.find(':');
    if (colon == std::string::npos) {
      return std::nullopt;
    }
    received.headers[header.substr(0, colon)] = header.substr(colon + 1);
    start = end + 1;
  }
  return received;
}

}  // namespace

std::string CreateOutboxDatabase(const std::string& prefix) {
  const std::string uri = testing::CreateDatabase(prefix);
  pqxx::connection connection(uri);
  pqxx::work txn(connection);
  txn.exec(testing::ReferenceOutboxSql());
  txn.commit();
  return uri;
}

std::string CreateTopic(const std::string& prefix) {
  const std::string topic = prefix + "-" + UniqueSuffix();
  testing::CreateKafkaTopics({topic}, 3);
  return topic;
}

WrittenRow InsertEvent(pqxx::work& txn, const std::string& topic, const std::string& key,
                       int version) {
  const events::CloudEvent event{
      .id = events::NewUuidV7(),
      .source = "/services/category",
      .type = "category.updated",
      .time = text::FormatRfc3339Utc(std::chrono::system_clock::now()),
      .subject = key,
      .data_schema = "urn:shop:schema:category.updated:v1",
      .traceparent = std::nullopt,
      .data = R"({"id": ")" + key + R"(", "version": )" + std::to_string(version) + "}"};
  const events::KafkaMessage message = events::ToKafka(event);
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : message.headers) {
    headers[name] = value;
  }
  const pqxx::result r =
      txn.exec_params(std::string(events::kInsertOutboxSql) + " RETURNING id", event.id, topic,
                      message.key, event.type, message.value, headers.dump());
  return WrittenRow{.id = r[0][0].as<std::int64_t>(), .event_id = event.id};
}

bool IsPublished(const std::string& uri, std::int64_t id) {
  pqxx::connection connection(uri);
  pqxx::work txn(connection);
  return txn.exec_params("SELECT published_at IS NOT NULL FROM outbox WHERE id = $1", id)[0][0]
      .as<bool>();
}

long CountUnpublished(const std::string& uri) {
  pqxx::connection connection(uri);
  pqxx::work txn(connection);
  return txn.exec("SELECT count(*) FROM outbox WHERE published_at IS NULL")[0][0].as<long>();
}

testing::ChildProcess StartRelay(const std::string& uri, std::uint16_t http_port,
                                 const std::string& name,
                                 const std::map<std::string, std::string>& extra_env) {
  const std::string log =
      testing::RequiredEnv("SHOP_TEST_TMPDIR") + "/" + name + "-" + UniqueSuffix() + ".log";
  std::map<std::string, std::string> env{{"SHOP_RELAY_DATABASE_URLS", uri},
                                         {"SHOP_KAFKA_BOOTSTRAP", testing::KafkaBootstrap()},
                                         {"SHOP_HTTP_PORT", std::to_string(http_port)},
                                         {"SHOP_RELAY_POLL_INTERVAL", "200ms"},
                                         {"SHOP_LOG_LEVEL", "debug"}};
  for (const auto& [name_, value] : extra_env) {
    env[name_] = value;
  }
  return testing::ChildProcess(OUTBOX_RELAY_BIN, {}, env, log);
}

std::optional<double> RelayMetric(std::uint16_t http_port, const std::string& series) {
  try {
    const testing::HttpResult result =
        testing::HttpCall(http_port, "GET", "/metrics", {}, {}, std::chrono::seconds(2));
    return testing::MetricValue(result.body, series);
  } catch (const std::exception&) {
    return std::nullopt;  // not listening yet
  }
}

std::optional<double> LockHeld(std::uint16_t http_port) {
  try {
    const testing::HttpResult result =
        testing::HttpCall(http_port, "GET", "/metrics", {}, {}, std::chrono::seconds(2));
    std::istringstream lines(result.body);
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with("outbox_relay_lock_held{")) {
        return std::stod(line.substr(line.rfind(' ') + 1));
      }
    }
  } catch (const std::exception&) {
    // not listening yet
  }
  return std::nullopt;
}

std::vector<Received> ConsumeTopic(const std::string& topic, int count) {
  const std::string tmp = testing::RequiredEnv("SHOP_TEST_TMPDIR");
  std::string cmd = "java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
  cmd += " -Djava.io.tmpdir=" + ShellQuote(tmp);
  cmd += " -Dlog4j.configuration=" + ShellQuote(std::string("file:") + SHOP_SOURCE_DIR +
                                                "/deploy/local/kafka/tools-log4j.properties");
  cmd += " -cp " + ShellQuote(testing::RequiredEnv("SHOP_KAFKA_LIBS") + "/*") +
         " org.apache.kafka.tools.consumer.ConsoleConsumer";
  cmd += " --bootstrap-server " + ShellQuote(testing::KafkaBootstrap()) + " --topic " +
         ShellQuote(topic);
  cmd += " --from-beginning --max-messages " + std::to_string(count) + " --timeout-ms 60000";
  cmd += " --property print.key=true --property print.value=true --property print.headers=true";
  cmd += " --property key.separator='|' --property headers.separator=','";
  cmd += " --property headers.key.separator=':'";

  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(cmd.c_str(), "r"), ::pclose);
  if (!pipe) {
    throw std::runtime_error("popen failed: " + cmd);
  }
  std::vector<Received> received;
  std::string line;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe.get()) != nullptr) {
    line += buffer;
    if (line.back() != '\n') {
      continue;
    }
    line.pop_back();
    if (auto parsed = ParseLine(line)) {
      received.push_back(std::move(*parsed));
    } else {
      ADD_FAILURE() << "unreadable console consumer line: " << line;
    }
    line.clear();
  }
  return received;
}

std::vector<std::string> EventIdsOnTopic(const std::string& topic) {
  // %h prints the headers as name=value pairs separated by commas (ce_* values hold no comma).
  const std::string cmd = "kcat -b " + ShellQuote(testing::KafkaBootstrap()) + " -C -t " +
                          ShellQuote(topic) + " -o beginning -e -q -f '%h\\n'";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(cmd.c_str(), "r"), ::pclose);
  if (!pipe) {
    throw std::runtime_error("popen failed: " + cmd);
  }
  std::vector<std::string> ids;
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe.get()) != nullptr) {
    output += buffer;
  }
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    for (std::string field; std::getline(fields, field, ',');) {
      if (field.starts_with("ce_id=")) {
        ids.push_back(field.substr(6));
      }
    }
  }
  return ids;
}

}  // namespace shop::relay_test

// Smoke test of the real Kafka broker started by tests/run: librdkafka's idempotent producer
// writes 1,000 keyed messages with CloudEvents-style headers to a fresh topic; Kafka's own
// console consumer (an independent client) must read back every key, value and header.
//
// Environment (set by tests/run): SHOP_TEST_KAFKA_BOOTSTRAP, SHOP_KAFKA_LIBS, SHOP_TEST_TMPDIR
// (optional).
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

constexpr int kMessages = 1000;
constexpr int kPartitions = 3;

std::string RequiredEnv(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0')
    throw std::runtime_error(std::string("environment variable ") + name +
                             " is not set (run tests through tests/run)");
  return v;
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::string UniqueTopic() {
  auto ns = std::chrono::steady_clock::now().time_since_epoch().count();
  return "smoke.kafka-" + std::to_string(::getpid()) + "-" + std::to_string(ns);
}

// Creates `topic` with the librdkafka admin API and waits for the controller's answer.
void CreateTopic(rd_kafka_t* rk, const std::string& topic) {
  char err[512];
  rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(topic.c_str(), kPartitions, 1, err, sizeof err);
  ASSERT_NE(nt, nullptr) << err;
  rd_kafka_AdminOptions_t* opts = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
  ASSERT_EQ(rd_kafka_AdminOptions_set_operation_timeout(opts, 30000, err, sizeof err),
            RD_KAFKA_RESP_ERR_NO_ERROR)
      << err;
  rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
  rd_kafka_CreateTopics(rk, &nt, 1, opts, q);
  rd_kafka_event_t* ev = rd_kafka_queue_poll(q, 60000);
  ASSERT_NE(ev, nullptr) << "no CreateTopics result within 60 s";
  ASSERT_EQ(rd_kafka_event_error(ev), RD_KAFKA_RESP_ERR_NO_ERROR)
      << rd_kafka_event_error_string(ev);
  const rd_kafka_CreateTopics_result_t* res = rd_kafka_event_CreateTopics_result(ev);
  ASSERT_NE(res, nullptr);
  size_t n = 0;
  const rd_kafka_topic_result_t** topics = rd_kafka_CreateTopics_result_topics(res, &n);
  ASSERT_EQ(n, 1u);
  EXPECT_EQ(rd_kafka_topic_result_error(topics[0]), RD_KAFKA_RESP_ERR_NO_ERROR)
      << rd_kafka_topic_result_name(topics[0]) << ": "
      << (rd_kafka_topic_result_error_string(topics[0])
              ? rd_kafka_topic_result_error_string(topics[0])
              : "");
  rd_kafka_event_destroy(ev);
  rd_kafka_queue_destroy(q);
  rd_kafka_AdminOptions_destroy(opts);
  rd_kafka_NewTopic_destroy(nt);
}

class DeliveryCounter : public RdKafka::DeliveryReportCb {
 public:
  void dr_cb(RdKafka::Message& m) override {
    ++reports;
    if (m.err() != RdKafka::ERR_NO_ERROR) errors.push_back(m.errstr());
  }
  int reports = 0;
  std::vector<std::string> errors;
};

struct Record {
  std::string value;
  std::map<std::string, std::string> headers;
};

// Parses "ce_id:7,ce_type:smoke.test|key-7|value-7" (headers, key, value; see the properties
// below).
bool ParseLine(const std::string& line, std::string& key, Record& rec) {
  auto p1 = line.find('|');
  if (p1 == std::string::npos) return false;
  auto p2 = line.find('|', p1 + 1);
  if (p2 == std::string::npos) return false;
  std::string headers = line.substr(0, p1);
  key = line.substr(p1 + 1, p2 - p1 - 1);
  rec.value = line.substr(p2 + 1);
  size_t start = 0;
  while (start <= headers.size()) {
    auto end = headers.find(',', start);
    if (end == std::string::npos) end = headers.size();
    std::string h = headers.substr(start, end - start);
    auto colon = h.find(':');
    if (colon == std::string::npos) return false;
    rec.headers[h.substr(0, colon)] = h.substr(colon + 1);
    start = end + 1;
  }
  return true;
}

TEST(KafkaSmoke, ProducerMessagesReadBackByKafkaConsoleConsumer) {
  const std::string bootstrap = RequiredEnv("SHOP_TEST_KAFKA_BOOTSTRAP");
  const std::string libs = RequiredEnv("SHOP_KAFKA_LIBS");
  const std::string topic = UniqueTopic();

  std::string err;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  DeliveryCounter dr;
  ASSERT_EQ(conf->set("bootstrap.servers", bootstrap, err), RdKafka::Conf::CONF_OK) << err;
  ASSERT_EQ(conf->set("enable.idempotence", "true", err), RdKafka::Conf::CONF_OK) << err;
  ASSERT_EQ(conf->set("linger.ms", "5", err), RdKafka::Conf::CONF_OK) << err;
  ASSERT_EQ(conf->set("message.timeout.ms", "60000", err), RdKafka::Conf::CONF_OK) << err;
  ASSERT_EQ(conf->set("dr_cb", &dr, err), RdKafka::Conf::CONF_OK) << err;
  std::unique_ptr<RdKafka::Producer> producer(RdKafka::Producer::create(conf.get(), err));
  ASSERT_NE(producer, nullptr) << err;

  ASSERT_NO_FATAL_FAILURE(CreateTopic(producer->c_ptr(), topic));

  for (int i = 0; i < kMessages; ++i) {
    const std::string key = "key-" + std::to_string(i);
    const std::string value = "value-" + std::to_string(i);
    const std::string id = std::to_string(i);
    RdKafka::Headers* headers = RdKafka::Headers::create();
    headers->add("ce_id", id);
    headers->add("ce_type", "smoke.test");
    RdKafka::ErrorCode rc;
    while ((rc = producer->produce(topic, RdKafka::Topic::PARTITION_UA,
                                   RdKafka::Producer::RK_MSG_COPY, const_cast<char*>(value.data()),
                                   value.size(), key.data(), key.size(), 0, headers, nullptr)) ==
           RdKafka::ERR__QUEUE_FULL) {
      producer->poll(100);  // the local queue drains as delivery reports arrive
    }
    if (rc != RdKafka::ERR_NO_ERROR) delete headers;  // owned by librdkafka only on success
    ASSERT_EQ(rc, RdKafka::ERR_NO_ERROR) << RdKafka::err2str(rc);
    producer->poll(0);
  }
  ASSERT_EQ(producer->flush(60000), RdKafka::ERR_NO_ERROR) << "messages still in flight after 60 s";
  producer->poll(0);
  ASSERT_EQ(dr.reports, kMessages);
  ASSERT_TRUE(dr.errors.empty()) << dr.errors.size()
                                 << " failed deliveries, first: " << dr.errors.front();

  // Kafka's own console consumer; its logs go to stderr (tools-log4j.properties), data to stdout.
  const char* tmp = std::getenv("SHOP_TEST_TMPDIR");
  std::string cmd = "java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
  if (tmp != nullptr && *tmp != '\0') cmd += " -Djava.io.tmpdir=" + ShellQuote(tmp);
  cmd += " -Dlog4j.configuration=" + ShellQuote(std::string("file:") + SHOP_SOURCE_DIR +
                                                "/deploy/local/kafka/tools-log4j.properties");
  cmd += " -cp " + ShellQuote(libs + "/*") + " org.apache.kafka.tools.consumer.ConsoleConsumer";
  cmd += " --bootstrap-server " + ShellQuote(bootstrap) + " --topic " + ShellQuote(topic);
  cmd += " --from-beginning --max-messages " + std::to_string(kMessages) + " --timeout-ms 60000";
  cmd += " --property print.key=true --property print.value=true --property print.headers=true";
  cmd +=
      " --property key.separator='|' --property headers.separator=',' --property "
      "headers.key.separator=':'";

  FILE* pipe = ::popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr) << "popen failed: " << cmd;
  std::map<std::string, Record> seen;
  std::vector<std::string> bad_lines;
  int lines = 0;
  {
    std::string line;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, pipe) != nullptr) {
      line += buf;
      if (line.empty() || line.back() != '\n') continue;
      line.pop_back();
      ++lines;
      std::string key;
      Record rec;
      if (!ParseLine(line, key, rec) || seen.count(key) != 0) {
        bad_lines.push_back(line);
      } else {
        seen.emplace(key, std::move(rec));
      }
      line.clear();
    }
  }
  const int status = ::pclose(pipe);
  EXPECT_EQ(status, 0) << "console consumer failed: " << cmd;
  EXPECT_TRUE(bad_lines.empty()) << bad_lines.size()
                                 << " unexpected or duplicate lines, first: " << bad_lines.front();
  EXPECT_EQ(lines, kMessages);
  ASSERT_EQ(seen.size(), static_cast<size_t>(kMessages));
  for (int i = 0; i < kMessages; ++i) {
    const std::string key = "key-" + std::to_string(i);
    auto it = seen.find(key);
    ASSERT_NE(it, seen.end()) << "missing " << key;
    EXPECT_EQ(it->second.value, "value-" + std::to_string(i)) << key;
    EXPECT_EQ(it->second.headers["ce_id"], std::to_string(i)) << key;
    EXPECT_EQ(it->second.headers["ce_type"], "smoke.test") << key;
    EXPECT_EQ(it->second.headers.size(), 2u) << key;
  }
}

}  // namespace

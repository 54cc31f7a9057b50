#include <librdkafka/rdkafka.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "test_support.hpp"

namespace shop::testing {
namespace {

std::string Tail(const std::string& path, std::size_t max_chars = 2000) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  const std::string text = content.str();
  return text.size() <= max_chars ? text : text.substr(text.size() - max_chars);
}

std::string MakeTempDir() {
  const char* base = std::getenv("SHOP_TEST_TMPDIR");
  std::string pattern =
      std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/private-kafka-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp " + pattern + " failed");
  }
  return pattern;
}

// A process that is gone or a zombie (killed, not yet reaped by its new parent) runs no more.
bool ProcessGone(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) {
    return true;
  }
  const std::size_t close = line.rfind(')');
  return close == std::string::npos || line.compare(close + 1, 2, " Z") == 0;
}

struct RdKafkaDeleter {
  void operator()(rd_kafka_t* p) const { rd_kafka_destroy(p); }
};

}  // namespace

PrivateKafka::PrivateKafka(int brokers) : brokers_(brokers) {
  if (brokers_ < 1) {
    throw std::invalid_argument("PrivateKafka needs at least one broker");
  }
  // The ports are picked free but not held: a test running beside this one may take one before the
  // broker binds it. kafka-ctl then fails the start (it waits for its own broker on the port, not
  // for any listener), and the start is tried again in a fresh folder on fresh ports. Node i uses
  // port_ + i - 1 and controller_port_ + i - 1: 2 * brokers consecutive ports.
  constexpr int kAttempts = 3;
  for (int attempt = 1;; ++attempt) {
    dir_ = MakeTempDir();
    if (brokers_ == 1) {
      port_ = FreePort();
      controller_port_ = FreePort();
      while (controller_port_ == port_) {
        controller_port_ = FreePort();
      }
    } else {
      port_ = FreePortRange(2 * brokers_);
      controller_port_ = static_cast<std::uint16_t>(port_ + brokers_);
    }
    try {
      Start();
      RunKafkaCtl("create-topics", std::chrono::seconds(180));
      return;
    } catch (...) {
      try {
        Stop();
      } catch (const std::exception&) {
        // Best effort: the start already failed.
      }
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
      if (attempt == kAttempts) {
        throw;
      }
    }
  }
}

PrivateKafka::~PrivateKafka() {
  try {
    Stop();
  } catch (const std::exception&) {
    // Best effort: the folder is removed below either way.
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void PrivateKafka::Start() {
  if (running_) {
    return;
  }
  // Set before the call: a start that times out may leave a broker behind for Stop() to end.
  running_ = true;
  RunKafkaCtl("start", std::chrono::seconds(180));
}

void PrivateKafka::Stop() {
  if (!running_) {
    return;
  }
  RunKafkaCtl("stop", std::chrono::seconds(60));  // kafka-ctl kills the brokers after 30 s
  running_ = false;
}

std::string PrivateKafka::Bootstrap() const {
  std::string list;
  for (int node = 1; node <= brokers_; ++node) {
    list +=
        (list.empty() ? "" : ",") + std::string("127.0.0.1:") + std::to_string(port_ + node - 1);
  }
  return list;
}

int PrivateKafka::NodePid(int node) const {
  std::ifstream in(
      dir_ + "/run/" +
      (brokers_ == 1 ? std::string("kafka.pid") : "kafka-" + std::to_string(node) + ".pid"));
  int pid = 0;
  in >> pid;
  return pid;
}

std::string PrivateKafka::BrokerLog(int node) const {
  return dir_ + "/logs/" +
         (brokers_ == 1 ? std::string("kafka.log") : "kafka-" + std::to_string(node) + ".log");
}

bool PrivateKafka::NodeRunning(int node) const {
  const int pid = NodePid(node);
  return pid > 0 && !ProcessGone(pid);
}

void PrivateKafka::KillNode(int node) { SignalNode(node, SIGKILL, std::chrono::seconds(30)); }

void PrivateKafka::StopNode(int node) { SignalNode(node, SIGTERM, std::chrono::seconds(60)); }

void PrivateKafka::SignalNode(int node, int signal, std::chrono::seconds exit_within) {
  if (node < 1 || node > brokers_) {
    throw std::invalid_argument("no Kafka node " + std::to_string(node));
  }
  const int pid = NodePid(node);
  if (pid <= 0 || ProcessGone(pid)) {
    throw std::runtime_error("Kafka node " + std::to_string(node) + " is not running");
  }
  const std::string name = signal == SIGKILL ? "SIGKILL" : "SIGTERM";
  if (::kill(pid, signal) != 0) {
    throw std::runtime_error(name + " to Kafka node " + std::to_string(node) + " failed");
  }
  if (!WaitFor([&] { return ProcessGone(pid); }, exit_within)) {
    throw std::runtime_error("Kafka node " + std::to_string(node) + " (pid " + std::to_string(pid) +
                             ") still runs " + std::to_string(exit_within.count()) + " s after " +
                             name + "; log " + BrokerLog(node) + ":\n" + Tail(BrokerLog(node)));
  }
}

void PrivateKafka::StartMissingNodes() {
  running_ = true;
  RunKafkaCtl("start", std::chrono::seconds(180));
}

PrivateKafka::PartitionState PrivateKafka::Partition(const std::string& topic,
                                                     int partition) const {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "bootstrap.servers", Bootstrap().c_str(), err, sizeof err) !=
          RD_KAFKA_CONF_OK ||
      rd_kafka_conf_set(conf, "log_level", "0", err, sizeof err) != RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(err);
  }
  const std::unique_ptr<rd_kafka_t, RdKafkaDeleter> rk(
      rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err));
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(err);
  }
  rd_kafka_topic_t* handle = rd_kafka_topic_new(rk.get(), topic.c_str(), nullptr);
  const rd_kafka_metadata_t* metadata = nullptr;
  const rd_kafka_resp_err_t status = rd_kafka_metadata(rk.get(), 0, handle, &metadata, 10000);
  rd_kafka_topic_destroy(handle);
  if (status != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw std::runtime_error("metadata of " + topic + ": " + rd_kafka_err2str(status));
  }
  const std::unique_ptr<const rd_kafka_metadata_t, void (*)(const rd_kafka_metadata_t*)> owned(
      metadata, rd_kafka_metadata_destroy);
  for (int t = 0; t < metadata->topic_cnt; ++t) {
    const rd_kafka_metadata_topic_t& described = metadata->topics[t];
    if (topic != described.topic) {
      continue;
    }
    if (described.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw std::runtime_error("metadata of " + topic + ": " + rd_kafka_err2str(described.err));
    }
    for (int p = 0; p < described.partition_cnt; ++p) {
      const rd_kafka_metadata_partition_t& part = described.partitions[p];
      if (part.id != partition) {
        continue;
      }
      PartitionState state;
      state.leader = part.leader;
      state.replicas.assign(part.replicas, part.replicas + part.replica_cnt);
      state.isr.assign(part.isrs, part.isrs + part.isr_cnt);
      return state;
    }
  }
  throw std::runtime_error("no partition " + std::to_string(partition) + " of " + topic +
                           " in the metadata");
}

void PrivateKafka::RunKafkaCtl(const std::string& command, std::chrono::seconds timeout) const {
  const std::string log = dir_ + "/kafka-ctl.log";
  ChildProcess child(SHOP_KAFKA_CTL, {command},
                     {{"SHOP_LOCAL_DIR", dir_},
                      {"SHOP_KAFKA_BROKERS", std::to_string(brokers_)},
                      {"SHOP_KAFKA_PORT", std::to_string(port_)},
                      {"SHOP_KAFKA_CONTROLLER_PORT", std::to_string(controller_port_)},
                      {"SHOP_KAFKA_LIBS", RequiredEnv("SHOP_KAFKA_LIBS")},
                      {"SHOP_KAFKA_HEAP", "256m"}},
                     log);
  const std::optional<int> status = child.Wait(timeout);
  if (status != 0) {
    std::string brokers;
    for (int node = 1; node <= brokers_; ++node) {
      brokers += "\nbroker log " + BrokerLog(node) + ":\n" + Tail(BrokerLog(node));
    }
    throw std::runtime_error("kafka-ctl " + command + " failed (" +
                             (status ? "exit " + std::to_string(*status) : "timeout") + ") in " +
                             dir_ + "; log " + log + ":\n" + Tail(log) + brokers);
  }
}

}  // namespace shop::testing

#pragma once
// Helpers for integration and end-to-end tests: the shared Postgres and Kafka that tests/run
// starts (found through environment variables), child processes, an HTTP client, waiting on
// conditions with a deadline, and a private Postgres and a private Kafka a test may stop and
// restart.
//
// Environment set by tests/run (a test fails, never skips, when one is missing):
//   SHOP_TEST_PG_URI            admin URI of the shared Postgres, e.g.
//   postgresql://postgres@127.0.0.1:PORT/postgres SHOP_TEST_KAFKA_BOOTSTRAP   127.0.0.1:PORT of the
//   shared Kafka broker SHOP_KAFKA_LIBS             folder of the Kafka jars (for Kafka's own CLI
//   tools) SHOP_TEST_TMPDIR            a scratch folder for this run

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace shop::testing {

std::string RequiredEnv(const std::string& name);  // throws std::runtime_error naming it

std::string PostgresAdminUri();
// Creates a fresh database with a unique name starting with `prefix`; returns its URI.
std::string CreateDatabase(const std::string& prefix);
std::string KafkaBootstrap();
// Creates topics on the shared broker, with the broker's default replication factor (1 on one
// node, 3 on a PrivateKafka cluster), each with the topic `config` (e.g. retention.ms); throws when
// the broker refuses.
void CreateKafkaTopics(const std::vector<std::string>& names, int partitions = 3,
                       const std::map<std::string, std::string>& config = {});
// The same on the broker at `bootstrap` (e.g. a PrivateKafka).
void CreateKafkaTopicsOn(const std::string& bootstrap, const std::vector<std::string>& names,
                         int partitions = 3, const std::map<std::string, std::string>& config = {});

// Polls `condition` every 20 ms until it holds or `deadline` passes; returns whether it held.
// Runs a shell command; returns its exit status and what it printed (stdout and stderr).
std::pair<int, std::string> RunCommand(const std::string& command);
// `text` as one word for a POSIX shell (single-quoted), e.g. an argument of RunCommand.
std::string ShellQuote(const std::string& text);

// Validates `data` against schemas/events/<type>/v1.json with tests/schemas/validate_events.py
// (formats asserted). Returns the script's exit status (0: conforms) and output.
std::pair<int, std::string> ValidateEventData(const std::string& type, const std::string& data);

bool WaitFor(const std::function<bool()>& condition, std::chrono::milliseconds deadline);

// A port that was free a moment ago, below the kernel's ephemeral range (ip_local_port_range), so
// no outgoing connection takes it while a server on it is stopped for a restart. Not held: another
// process may take it before the caller binds it, so a server started on it is checked with
// ListensOn.
std::uint16_t FreePort();
// The first of `count` consecutive ports that were all free when checked (not held).
std::uint16_t FreePortRange(int count);

// Whether process `pid` holds a socket listening on `port` (from /proc). A port that answers may be
// another process's that took it first.
bool ListensOn(int pid, std::uint16_t port);

// What /proc says of process `pid` now: its resident memory (VmRSS), the anonymous part of it
// (RssAnon: the heap and stacks, not the mapped binary and libraries), in KiB, and how many file
// descriptors it holds; -1 for what cannot be read (the process is gone).
struct ProcessFootprint {
  long rss_kib = -1;
  long anon_kib = -1;
  long fds = -1;
};
ProcessFootprint FootprintOf(int pid);

// The whole file; throws std::runtime_error naming it when it cannot be read.
std::string ReadTextFile(const std::string& path);

// The outbox's reference DDL (events/sql/outbox.sql, then outbox_parking.sql), as the services'
// migrations apply it: for tests that need an outbox table without a service.
std::string ReferenceOutboxSql();
// The consumer inbox's reference DDL (events/consumer/processed_events.sql).
std::string ReferenceInboxSql();

// The value of one series in a Prometheus text exposition, e.g.
// MetricValue(text, R"(upstream_requests_total{upstream="category",status_class="2xx"})"), or
// nullopt when the series is absent. `series` must be written as the registry renders it.
std::optional<double> MetricValue(const std::string& exposition, const std::string& series);

// A child process; killed (SIGKILL) and reaped on destruction if still running.
class ChildProcess {
 public:
  ChildProcess(std::string path, std::vector<std::string> args,
               std::map<std::string, std::string> extra_env = {}, std::string log_file = {});
  ChildProcess(ChildProcess&&) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ~ChildProcess();
  int pid() const { return pid_; }
  void Signal(int signal) const;
  // Waits for exit; returns the exit status (128+signal when killed) or nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  bool Running();

 private:
  int pid_ = -1;
  std::optional<int> status_;
};

struct HttpResult {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string body;
};

// One request on a new connection to 127.0.0.1:port. Throws std::runtime_error on a connection
// error or when no answer arrives within `timeout`.
HttpResult HttpCall(std::uint16_t port, const std::string& method, const std::string& target,
                    const std::string& body = {},
                    const std::map<std::string, std::string>& headers = {},
                    std::chrono::milliseconds timeout = std::chrono::seconds(10));

// A Postgres 15 server of the test's own (initdb in a temp folder, its own free port), for tests
// that stop or restart the server. Stopped and removed on destruction.
// The constructor runs initdb (in a mkdtemp folder under SHOP_TEST_TMPDIR, else /tmp) and Start().
// As root, the folder is given to user postgres and the server binaries run through
// `runuser -u postgres --`; SHOP_TEST_TMPDIR must then be traversable by postgres.
// Output of initdb and pg_ctl goes to <folder>/*.log; errors quote the log's tail.
class PrivatePostgres {
 public:
  PrivatePostgres();
  PrivatePostgres(const PrivatePostgres&) = delete;
  PrivatePostgres& operator=(const PrivatePostgres&) = delete;
  ~PrivatePostgres();
  void Start();  // waits until the server accepts connections
  void Stop();   // fast shutdown, waits
  std::uint16_t port() const { return port_; }
  std::string Uri(const std::string& database = "postgres") const;

 private:
  void RunServerTool(const std::vector<std::string>& args, const std::string& log_name) const;

  std::string dir_;
  std::uint16_t port_;
  bool running_ = false;
};

// A Kafka 3.9 broker of the test's own, for tests that stop and restart the broker (the shared one
// of tests/run serves other tests meanwhile): one node by default, or a cluster of `brokers` KRaft
// nodes (broker + controller each; every topic with min(brokers, 3) replicas and, from three nodes
// on, min.insync.replicas=2: docs/decisions/0039). Runs deploy/local/kafka-ctl with its state in a
// mkdtemp folder under SHOP_TEST_TMPDIR (else /tmp), free consecutive ports, a 256 MB heap per
// node and the jars of SHOP_KAFKA_LIBS. The constructor starts every node and creates every topic
// of deploy/local/kafka/topics.txt. Stop() then Start() reuse the data folders and the ports, so
// the restarted broker still holds every message acknowledged before the stop. Stopped and removed
// on destruction. Output of kafka-ctl goes to <folder>/kafka-ctl.log, the brokers' to
// <folder>/logs/kafka.log (one node) or kafka-<node>.log; errors quote the tails. Not thread-safe.
class PrivateKafka {
 public:
  // Where one partition lives, as the cluster's metadata says (node ids are 1..brokers()).
  struct PartitionState {
    int leader = -1;  // -1: none (every replica down)
    std::vector<int> replicas;
    std::vector<int> isr;  // in-sync replicas
  };

  explicit PrivateKafka(int brokers = 1);
  PrivateKafka(const PrivateKafka&) = delete;
  PrivateKafka& operator=(const PrivateKafka&) = delete;
  ~PrivateKafka();
  void Start();                   // returns once every client port accepts connections
  void Stop();                    // SIGTERM to every node, returns once all have exited
  std::string Bootstrap() const;  // 127.0.0.1:PORT of every node, comma-separated
  int brokers() const { return brokers_; }

  // SIGKILL to node `node` (1..brokers()), as a crash; returns once the process is gone.
  void KillNode(int node);
  // SIGTERM to node `node` alone (an outage of one broker: Kafka's controlled shutdown moves its
  // leaderships first); returns once the process has exited. Throws when it still runs after 60 s.
  void StopNode(int node);
  // Starts every node that is not running (e.g. one killed); returns once it accepts connections.
  void StartMissingNodes();
  bool NodeRunning(int node) const;
  // Leader, replicas and ISR of `topic`'s `partition`, asked through librdkafka's metadata request
  // (from any live node). Throws std::runtime_error when no node answers within 10 s.
  PartitionState Partition(const std::string& topic, int partition) const;

 private:
  void RunKafkaCtl(const std::string& command, std::chrono::seconds timeout) const;
  int NodePid(int node) const;  // from kafka-ctl's pidfile; 0 when there is none
  // Sends `signal` to a running node and waits up to `exit_within` for it to exit.
  void SignalNode(int node, int signal, std::chrono::seconds exit_within);
  std::string BrokerLog(int node) const;

  int brokers_ = 1;
  std::string dir_;
  std::uint16_t port_ = 0;             // node 1; node i: + i - 1
  std::uint16_t controller_port_ = 0;  // node 1; node i: + i - 1
  bool running_ = false;
};

}  // namespace shop::testing

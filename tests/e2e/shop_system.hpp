#pragma once
// The whole platform for end-to-end tests: auth, category, product, cart, order, payment and
// delivery services and the payment provider simulator on databases of their own (the run's
// Postgres), one outbox relay over every outbox, and the gateway in front, on a Kafka broker of
// the system's own (PrivateKafka): the saga's consumers answer events with events, so two systems
// sharing topics would answer each other's orders. Consumer groups still carry a suffix of the
// system's own (with their .retry and .dlq topics). Each component keeps its port and environment,
// so a test can kill one (SIGKILL, as a crash) and start it again. ShopOptions::replicas runs
// several instances of a component (decision 0041): each on a port of its own, with its own static
// consumer-group member id in the service's group; callers get every instance's URL,
// comma-separated.
//
// Not thread-safe for Kill/Start; the HTTP helpers may be called from several threads.

// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mail_sink.hpp"
#include "platform/auth/signing_key.hpp"
#include "service_process.hpp"

namespace shop::testing {

struct ShopOptions {
  bool saga = true;  // order, payment, the provider sim and delivery too; false: up to cart only
  // A broker to use (its topics created from deploy/local/kafka/topics.txt already); empty: a
  // PrivateKafka of the system's own, of `kafka_brokers` nodes (3: a replicated cluster, decision
  // 0039; Kafka() then kills and restarts single nodes).
  std::string bootstrap{};
  int kafka_brokers = 1;
  // Extra environment per component name ("order", "payment", "payment-sim", "cart", ...;
  // "relay" for the outbox relay).
  std::map<std::string, std::map<std::string, std::string>> env{};
  // notification-service too, sending to a mail sink of the system's own (Mail()).
  bool notifications = false;
  // Instances per component name (default 1), e.g. {{"product", 2}}: the instance-taking members
  // below address each; callers (the gateway, cart, ...) get the list of their URLs.
  std::map<std::string, int> replicas{};
};

class ShopSystem {
 public:
  static constexpr const char* kAdminEmail = "root@shop.test";
  static constexpr const char* kAdminPassword = "admin password 123";
  static constexpr const char* kKeyId = "2026-12-07-shop";  // auth-service's signing key

  struct User {
    std::string id;
    std::string token;
  };

  // Starts everything and logs the admin in; throws std::runtime_error naming what failed.
  explicit ShopSystem(ShopOptions options);
  ~ShopSystem();
  ShopSystem(const ShopSystem&) = delete;
  ShopSystem& operator=(const ShopSystem&) = delete;

  // Through the gateway, with `token` as bearer (none when empty).
  HttpResult Api(const std::string& method, const std::string& target, const std::string& token,
                 const std::string& body = {},
                 const std::map<std::string, std::string>& headers = {}) const;
  // Registers and logs in a user (email <name>@shop.test) as a customer.
  User NewCustomer(const std::string& name) const;
  // The same, then the admin gives the user `role` (PATCH /auth/users/{id}: "courier", "seller")
  // and the user logs in again, so the token carries it.
  User NewUserInRole(const std::string& name, const std::string& role) const;
  const User& Admin() const { return admin_; }
  // The key auth-service signs tokens with (kKeyId): tests forge tokens with it.
  const auth::SigningKey& SigningKey() const { return *key_; }

  // As admin through the gateway; the created resource. Throws on another answer than 201.
  nlohmann::json CreateCategory(const std::string& name) const;
  nlohmann::json CreateProduct(const std::string& name, const std::string& price, int stock,
                               const std::string& category_id) const;

  // Component names: auth, category, product, cart, order, payment, payment-sim, delivery,
  // gateway. `instance` counts from 0 up to Replicas(name) - 1.
  const ServiceProcess& Service(const std::string& name, int instance = 0) const;
  int Replicas(const std::string& name) const;
  // SIGKILL (a crash), reaped; Start() brings it back on the same port, database and env.
  void Kill(const std::string& name, int instance = 0);
  void Start(const std::string& name, int instance = 0);
  // GET /metrics of one instance (its own counters: each instance has its own registry).
  std::string Metrics(const std::string& name, int instance = 0) const;
  // The relay the same way.
  void KillRelay();
  void StartRelay();
  // The system's own broker (not a ShopOptions::bootstrap one): stopped (SIGTERM, waited for) and
  // started again on the same port and data, as PrivateKafka does.
  void StopKafka();
  void StartKafka();
  // The system's own broker, for node-level faults (PrivateKafka::KillNode, Partition, ...).
  PrivateKafka& Kafka();

  // What a Prometheus scrapes: each running component's /metrics (every instance), and the
  // relay's. `job` is the component's name (product, outbox-relay, ...), as in deploy/local's and
  // deploy/k8s' scrapes.
  struct ScrapeTarget {
    std::string job;
    std::uint16_t port;
  };
  std::vector<ScrapeTarget> ScrapeTargets() const;

  // The database URL of a component with one ("order", "payment", "payment-sim", "delivery",
  // ...).
  const std::string& Database(const std::string& name) const;
  // The single number `sql` selects from a component's database.
  long long Scalar(const std::string& name, const std::string& sql) const;
  // The system's Kafka brokers, "127.0.0.1:PORT[,127.0.0.1:PORT...]".
  std::string Bootstrap() const;
  // The consumer group name this system uses for `group` ("order.saga" -> "order.saga.<suffix>").
  std::string Group(const std::string& group) const { return group + suffix_; }
  // The mail sink notification-service sends to (ShopOptions::notifications).
  const MailSink& Mail() const;

 private:
  struct Component {
    std::string binary;
    std::string database;                    // "" for the gateway
    std::map<std::string, std::string> env;  // common to the instances
    std::vector<std::uint16_t> ports;        // one per instance
    std::vector<std::unique_ptr<ServiceProcess>> processes;
  };
  Component& At(const std::string& name, int instance);
  const Component& At(const std::string& name, int instance) const;
  // Every instance's base URL, comma-separated.
  std::string Urls(const std::string& name) const;

  void Add(const std::string& name, std::string binary, std::string database,
           std::map<std::string, std::string> env);

  ShopOptions options_;
  std::unique_ptr<PrivateKafka> kafka_;
  std::string suffix_;
  std::unique_ptr<auth::SigningKey> key_;
  std::string keys_dir_;
  std::map<std::string, Component> components_;
  std::vector<std::string> start_order_;
  std::vector<std::string> outboxes_;
  std::unique_ptr<ChildProcess> relay_;
  std::uint16_t relay_port_ = 0;
  std::unique_ptr<MailSink> mail_;
  User admin_;
};

}  // namespace shop::testing

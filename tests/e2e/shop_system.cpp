#include "shop_system.hpp"

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <stdexcept>

#include "events/uuid_v7.hpp"
#include "platform/auth/signing_key.hpp"
#include "relay_process.hpp"

namespace shop::testing {
namespace {

std::string Url(std::uint16_t port) { return "http://127.0.0.1:" + std::to_string(port); }

// Consumer groups of the system and the variable that names each.
struct GroupSetting {
  const char* component;
  const char* variable;
  const char* group;
  bool saga;
};
constexpr GroupSetting kGroups[] = {
    {"product", "SHOP_CATEGORY_SYNC_GROUP", "product.category-sync", false},
    {"product", "SHOP_STOCK_RESERVATION_GROUP", "product.stock-reservation", true},
    {"cart", "SHOP_CART_USER_SYNC_GROUP", "cart.user-sync", false},
    {"cart", "SHOP_CART_PRODUCT_SYNC_GROUP", "cart.product-sync", false},
    {"cart", "SHOP_CART_CATEGORY_SYNC_GROUP", "cart.category-sync", false},
    {"cart", "SHOP_CART_ORDER_EVENTS_GROUP", "cart.order-events", true},
    {"order", "SHOP_ORDER_INTAKE_GROUP", "order.checkout-intake", true},
    {"order", "SHOP_ORDER_SAGA_GROUP", "order.saga", true},
    {"payment", "SHOP_PAYMENT_ORDER_EVENTS_GROUP", "payment.order-events", true},
    {"delivery", "SHOP_DELIVERY_ORDER_EVENTS_GROUP", "delivery.order-events", true},
    {"order", "SHOP_ORDER_DELIVERY_EVENTS_GROUP", "order.delivery-events", true},
    {"notification", "SHOP_NOTIFICATION_EVENTS_GROUP", "notification.events", false},
};

}  // namespace

ShopSystem::ShopSystem(ShopOptions options)
    : options_(std::move(options)),
      kafka_(options_.bootstrap.empty() ? std::make_unique<PrivateKafka>(options_.kafka_brokers)
                                        : nullptr),
      suffix_("." + events::NewUuidV7().substr(0, 8) + std::to_string(::getpid())) {
  std::vector<std::string> topics;
  for (const GroupSetting& group : kGroups) {
    if (options_.saga || !group.saga) {
      topics.push_back(std::string(group.group) + suffix_ + ".retry");
      topics.push_back(std::string(group.group) + suffix_ + ".dlq");
    }
  }
  CreateKafkaTopicsOn(Bootstrap(), topics, 1);

  key_ = std::make_unique<auth::SigningKey>(auth::SigningKey::Generate(kKeyId));
  keys_dir_ = RequiredEnv("SHOP_TEST_TMPDIR") + "/shop-keys-" + std::to_string(FreePort());
  std::filesystem::create_directories(keys_dir_);
  std::ofstream(keys_dir_ + "/" + kKeyId + ".pem") << key_->PrivatePem();

  // Every instance gets its port now, so each can name the others' URLs.
  for (const char* name : {"auth", "category", "product", "cart", "order", "payment", "payment-sim",
                           "delivery", "notification", "gateway"}) {
    const auto replicas = options_.replicas.find(name);
    const int count = replicas == options_.replicas.end() ? 1 : replicas->second;
    if (count < 1) {
      throw std::runtime_error(std::string("ShopOptions::replicas: ") + name + " needs at least 1");
    }
    Component& component = components_[name];
    for (int i = 0; i < count; ++i) {
      component.ports.push_back(FreePort());
    }
    component.processes.resize(component.ports.size());
  }
  const auto url_of = [&](const char* name) { return Urls(name); };
  const std::string auth_url = url_of("auth");
  Add("auth", AUTH_SERVICE_BIN, CreateDatabase("shop_e2e_auth"),
      {{"SHOP_JWT_KEYS_DIR", keys_dir_},
       {"SHOP_PASSWORD_MEMLIMIT", "19MiB"},
       {"SHOP_ADMIN_EMAIL", kAdminEmail},
       {"SHOP_ADMIN_PASSWORD", kAdminPassword}});
  Add("category", CATEGORY_SERVICE_BIN, CreateDatabase("shop_e2e_category"),
      {{"SHOP_AUTH_URL", auth_url}});
  Add("product", PRODUCT_SERVICE_BIN, CreateDatabase("shop_e2e_product"),
      {{"SHOP_AUTH_URL", auth_url}, {"SHOP_CATEGORY_URL", url_of("category")}});
  Add("cart", CART_SERVICE_BIN, CreateDatabase("shop_e2e_cart"),
      {{"SHOP_AUTH_URL", auth_url},
       {"SHOP_PRODUCT_URL", url_of("product")},
       {"SHOP_PRODUCT_TIMEOUT", "500ms"},
       {"SHOP_PRODUCT_BREAKER_OPEN", "1s"}});
  std::map<std::string, std::string> gateway_env{{"SHOP_AUTH_URL", auth_url},
                                                 {"SHOP_CATEGORY_URL", url_of("category")},
                                                 {"SHOP_PRODUCT_URL", url_of("product")},
                                                 {"SHOP_CART_URL", url_of("cart")},
                                                 {"SHOP_ORDER_URL", "http://127.0.0.1:1"},
                                                 {"SHOP_PAYMENT_URL", "http://127.0.0.1:1"},
                                                 {"SHOP_DELIVERY_URL", "http://127.0.0.1:1"},
                                                 {"SHOP_GATEWAY_RATE_AUTH", "1000000"},
                                                 {"SHOP_GATEWAY_RATE_ADMIN", "1000000"},
                                                 {"SHOP_GATEWAY_RATE_OTHER", "1000000"},
                                                 {"SHOP_GATEWAY_TIMEOUT", "10s"}};
  if (options_.saga) {
    Add("payment-sim", PAYMENT_PROVIDER_SIM_BIN, CreateDatabase("shop_e2e_payment_sim"),
        {{"SHOP_HTTP_WORKERS", "16"}, {"SHOP_SIM_TIMEOUT_DELAY", "3s"}});
    Add("order", ORDER_SERVICE_BIN, CreateDatabase("shop_e2e_order"),
        {{"SHOP_AUTH_URL", auth_url}});
    Add("payment", PAYMENT_SERVICE_BIN, CreateDatabase("shop_e2e_payment"),
        {{"SHOP_AUTH_URL", auth_url},
         {"SHOP_PAYMENT_PROVIDER_URL", url_of("payment-sim")},
         {"SHOP_PAYMENT_PROVIDER_TIMEOUT", "1s"},
         {"SHOP_PAYMENT_PROVIDER_BREAKER_OPEN", "1s"},
         {"SHOP_PAYMENT_RETRY_BASE", "200ms"},
         {"SHOP_PAYMENT_RETRY_CAP", "1s"},
         {"SHOP_PAYMENT_POLL_INTERVAL", "50ms"}});
    Add("delivery", DELIVERY_SERVICE_BIN, CreateDatabase("shop_e2e_delivery"),
        {{"SHOP_AUTH_URL", auth_url}});
    gateway_env["SHOP_ORDER_URL"] = url_of("order");
    gateway_env["SHOP_PAYMENT_URL"] = url_of("payment");
    gateway_env["SHOP_DELIVERY_URL"] = url_of("delivery");
  }
  if (options_.notifications) {
    const std::string dir = keys_dir_ + "-mail";
    mail_ = std::make_unique<MailSink>(
        MailSink::Options{.maildir = dir + "/Maildir", .log_file = dir + "-sink.log"});
    Add("notification", NOTIFICATION_SERVICE_BIN, CreateDatabase("shop_e2e_notification"),
        {{"SHOP_SMTP_URL", mail_->Url()},
         {"SHOP_MAIL_FROM", "shop@shop.test"},
         {"SHOP_PUBLIC_URL", Url(components_.at("gateway").ports.front())},
         {"SHOP_SMTP_CONNECT_TIMEOUT", "500ms"},
         {"SHOP_SMTP_TIMEOUT", "5s"},
         {"SHOP_NOTIFY_SEND_LEASE", "30s"}});
  }
  Add("gateway", GATEWAY_BIN, "", std::move(gateway_env));
  for (const GroupSetting& group : kGroups) {
    if (components_.at(group.component).binary.empty()) {
      continue;  // not part of this system
    }
    components_.at(group.component).env[group.variable] = std::string(group.group) + suffix_;
  }
  for (const std::string& name : start_order_) {
    for (int i = 0; i < Replicas(name); ++i) {
      Start(name, i);
    }
  }
  StartRelay();

  const HttpResult login =
      Api("POST", "/auth/login", "",
          nlohmann::json{{"email", kAdminEmail}, {"password", kAdminPassword}}.dump());
  if (login.status != 200) {
    throw std::runtime_error("admin login: " + std::to_string(login.status) + " " + login.body);
  }
  admin_.token = nlohmann::json::parse(login.body).at("access_token");
  admin_.id = nlohmann::json::parse(Api("GET", "/auth/me", admin_.token).body).at("id");
}

ShopSystem::~ShopSystem() {
  relay_.reset();
  for (auto it = start_order_.rbegin(); it != start_order_.rend(); ++it) {
    for (auto& process : components_.at(*it).processes) {
      process.reset();
    }
  }
  kafka_.reset();  // last: the services and the relay are gone
}

void ShopSystem::Add(const std::string& name, std::string binary, std::string database,
                     std::map<std::string, std::string> env) {
  Component& component = components_[name];
  component.binary = std::move(binary);
  component.database = std::move(database);
  for (auto& [variable, value] : env) {
    component.env[variable] = std::move(value);
  }
  component.env["SHOP_KAFKA_BOOTSTRAP"] = Bootstrap();
  component.env["SHOP_DISABLED_TASKS"] = "";  // every task: the system is the whole saga
  // SHOP_KAFKA_INSTANCE_ID (static membership: a restarted one resumes at once) is set per
  // instance in Start().
  if (const auto extra = options_.env.find(name); extra != options_.env.end()) {
    for (const auto& [variable, value] : extra->second) {
      component.env[variable] = value;
    }
  }
  start_order_.push_back(name);
  // The provider sim and notification-service write no events: no outbox.
  if (!component.database.empty() && name != "payment-sim" && name != "notification") {
    outboxes_.push_back(component.database);
  }
}

ShopSystem::Component& ShopSystem::At(const std::string& name, int instance) {
  return const_cast<Component&>(std::as_const(*this).At(name, instance));
}

const ShopSystem::Component& ShopSystem::At(const std::string& name, int instance) const {
  const Component& component = components_.at(name);
  if (instance < 0 || static_cast<std::size_t>(instance) >= component.ports.size()) {
    throw std::runtime_error(name + " has no instance " + std::to_string(instance));
  }
  return component;
}

int ShopSystem::Replicas(const std::string& name) const {
  return static_cast<int>(components_.at(name).ports.size());
}

std::string ShopSystem::Urls(const std::string& name) const {
  std::string urls;
  for (const std::uint16_t port : components_.at(name).ports) {
    urls += (urls.empty() ? "" : ",") + Url(port);
  }
  return urls;
}

void ShopSystem::Start(const std::string& name, int instance) {
  Component& component = At(name, instance);
  std::map<std::string, std::string> env = component.env;
  // One static member id per instance (two live members with one id fence each other); the group
  // id stays the service's, so the instances share its partitions.
  env["SHOP_KAFKA_INSTANCE_ID"] =
      name + (instance == 0 ? "" : "-" + std::to_string(instance + 1)) + suffix_;
  const auto index = static_cast<std::size_t>(instance);
  component.processes[index] = std::make_unique<ServiceProcess>(
      component.binary, component.database, std::move(env), component.ports[index]);
}

void ShopSystem::Kill(const std::string& name, int instance) {
  Component& component = At(name, instance);
  std::unique_ptr<ServiceProcess>& process =
      component.processes[static_cast<std::size_t>(instance)];
  if (!process) {
    throw std::runtime_error(name + " instance " + std::to_string(instance) + " is not running");
  }
  process->process().Signal(SIGKILL);
  if (!process->process().Wait(std::chrono::seconds(10))) {
    throw std::runtime_error(name + " did not exit after SIGKILL");
  }
  process.reset();
}

std::string ShopSystem::Metrics(const std::string& name, int instance) const {
  const HttpResult metrics = Service(name, instance).Call("GET", "/metrics");
  if (metrics.status != 200) {
    throw std::runtime_error(name + " instance " + std::to_string(instance) +
                             " /metrics: " + std::to_string(metrics.status));
  }
  return metrics.body;
}

void ShopSystem::StartRelay() {
  if (relay_port_ == 0) {
    relay_port_ = FreePort();  // kept across restarts, like the services' ports
  }
  const auto extra = options_.env.find("relay");
  relay_ = std::make_unique<ChildProcess>(StartOutboxRelay(
      outboxes_, Bootstrap(), "shop",
      extra != options_.env.end() ? extra->second : std::map<std::string, std::string>{},
      relay_port_));
}

void ShopSystem::StopKafka() {
  if (!kafka_) {
    throw std::runtime_error("this system uses a broker it does not own");
  }
  kafka_->Stop();
}

void ShopSystem::StartKafka() {
  if (!kafka_) {
    throw std::runtime_error("this system uses a broker it does not own");
  }
  kafka_->Start();
}

PrivateKafka& ShopSystem::Kafka() {
  if (!kafka_) {
    throw std::runtime_error("this system uses a broker it does not own");
  }
  return *kafka_;
}

std::vector<ShopSystem::ScrapeTarget> ShopSystem::ScrapeTargets() const {
  std::vector<ScrapeTarget> targets;
  for (const std::string& name : start_order_) {
    for (const std::uint16_t port : components_.at(name).ports) {
      targets.push_back({name, port});
    }
  }
  targets.push_back({"outbox-relay", relay_port_});
  return targets;
}

void ShopSystem::KillRelay() {
  relay_->Signal(SIGKILL);
  if (!relay_->Wait(std::chrono::seconds(10))) {
    throw std::runtime_error("the relay did not exit after SIGKILL");
  }
  relay_.reset();
}

std::string ShopSystem::Bootstrap() const {
  return kafka_ ? kafka_->Bootstrap() : options_.bootstrap;
}

const MailSink& ShopSystem::Mail() const {
  if (!mail_) {
    throw std::runtime_error("this system sends no mail (ShopOptions::notifications)");
  }
  return *mail_;
}

const ServiceProcess& ShopSystem::Service(const std::string& name, int instance) const {
  const auto& process = At(name, instance).processes[static_cast<std::size_t>(instance)];
  if (!process) {
    throw std::runtime_error(name + " instance " + std::to_string(instance) + " is not running");
  }
  return *process;
}

const std::string& ShopSystem::Database(const std::string& name) const {
  return components_.at(name).database;
}

long long ShopSystem::Scalar(const std::string& name, const std::string& sql) const {
  pqxx::connection connection(Database(name));
  pqxx::nontransaction query(connection);
  return query.exec(sql).at(0).at(0).as<long long>();
}

HttpResult ShopSystem::Api(const std::string& method, const std::string& target,
                           const std::string& token, const std::string& body,
                           const std::map<std::string, std::string>& headers) const {
  std::map<std::string, std::string> all = headers;
  if (!body.empty() && !all.contains("Content-Type")) {
    all["Content-Type"] = "application/json";
  }
  all["Authorization"] = token.empty() ? "" : "Bearer " + token;
  return Service("gateway").Call(method, target, body, all);
}

ShopSystem::User ShopSystem::NewCustomer(const std::string& name) const {
  const nlohmann::json credentials = {{"email", name + "@shop.test"},
                                      {"password", name + " password 123"}};
  const HttpResult created = Api("POST", "/auth/register", "", credentials.dump());
  if (created.status != 201) {
    throw std::runtime_error("register " + name + ": " + created.body);
  }
  const HttpResult login = Api("POST", "/auth/login", "", credentials.dump());
  if (login.status != 200) {
    throw std::runtime_error("login " + name + ": " + login.body);
  }
  return {.id = nlohmann::json::parse(created.body).at("id"),
          .token = nlohmann::json::parse(login.body).at("access_token")};
}

ShopSystem::User ShopSystem::NewUserInRole(const std::string& name, const std::string& role) const {
  const User account = NewCustomer(name);
  const HttpResult changed = Api("PATCH", "/auth/users/" + account.id, admin_.token,
                                 nlohmann::json{{"role", role}}.dump());
  if (changed.status != 200) {
    throw std::runtime_error("make " + name + " a " + role + ": " + changed.body);
  }
  // A new login: the role is in the access token.
  const HttpResult login = Api(
      "POST", "/auth/login", "",
      nlohmann::json{{"email", name + "@shop.test"}, {"password", name + " password 123"}}.dump());
  if (login.status != 200) {
    throw std::runtime_error("login " + name + " as " + role + ": " + login.body);
  }
  return {.id = account.id, .token = nlohmann::json::parse(login.body).at("access_token")};
}

nlohmann::json ShopSystem::CreateCategory(const std::string& name) const {
  const HttpResult created =
      Api("POST", "/api/categories", admin_.token, nlohmann::json{{"name", name}}.dump());
  if (created.status != 201) {
    throw std::runtime_error("create category " + name + ": " + created.body);
  }
  return nlohmann::json::parse(created.body);
}

nlohmann::json ShopSystem::CreateProduct(const std::string& name, const std::string& price,
                                         int stock, const std::string& category_id) const {
  const HttpResult created =
      Api("POST", "/api/products", admin_.token,
          nlohmann::json{
              {"name", name}, {"price", price}, {"stock", stock}, {"category_id", category_id}}
              .dump());
  if (created.status != 201) {
    throw std::runtime_error("create product " + name + ": " + created.body);
  }
  return nlohmann::json::parse(created.body);
}

}  // namespace shop::testing

#include "platform/db/pool.hpp"

#include <regex>
#include <utility>

namespace shop::db {

std::string RedactConninfo(const std::string& conninfo) {
  static const std::regex kUriScheme(R"(^postgres(ql)?://)");
  static const std::regex kUriPassword(R"(^(postgres(?:ql)?://[^:/@?]*:)[^@/?]*@)");
  static const std::regex kUriParameter(R"(([?&]password=)[^&]*)");
  static const std::regex kKeywordValue(R"((\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s']\S*))");
  if (std::regex_search(conninfo, kUriScheme)) {
    const std::string without_userinfo = std::regex_replace(conninfo, kUriPassword, "$1***@");
    return std::regex_replace(without_userinfo, kUriParameter, "$1***");
  }
  return std::regex_replace(conninfo, kKeywordValue, "$1***");
}

Lease::Lease(ConnectionPool& pool, std::unique_ptr<pqxx::connection> connection)
    : pool_(&pool), connection_(std::move(connection)) {}

Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      connection_(std::move(other.connection_)),
      broken_(other.broken_) {}

Lease::~Lease() {
  if (pool_ != nullptr) {
    pool_->Return(std::move(connection_), broken_);
  }
}

ConnectionPool::ConnectionPool(PoolOptions options) : options_(std::move(options)) {
  if (options_.size == 0) {
    throw std::invalid_argument("database pool size must be at least 1");
  }
  idle_.resize(options_.size);  // null slots: connections open on first use
}

// Every Lease must have been destroyed by now: a Lease keeps a pointer to its pool.
ConnectionPool::~ConnectionPool() = default;

Lease ConnectionPool::Acquire() {
  std::unique_ptr<pqxx::connection> connection;
  {
    std::unique_lock lock(mutex_);
    if (!available_.wait_for(lock, options_.acquire_timeout, [&] { return !idle_.empty(); })) {
      throw DatabaseUnavailable("no free database connection within " +
                                std::to_string(options_.acquire_timeout.count()) + "ms");
    }
    connection = std::move(idle_.back());
    idle_.pop_back();
    ++in_use_;
  }
  // Connect outside the lock: opening a connection takes a network round trip or more.
  if (connection == nullptr || !connection->is_open()) {
    connection.reset();
    try {
      connection = Connect();
    } catch (...) {
      Return(nullptr, true);
      throw;
    }
  }
  return Lease(*this, std::move(connection));
}

std::unique_ptr<pqxx::connection> ConnectionPool::Connect() {
  try {
    auto connection = std::make_unique<pqxx::connection>(options_.conninfo);
    for (const PreparedStatement& statement : options_.statements) {
      connection->prepare(statement.name, statement.sql);
      // Prepare now rather than on first use, so a bad statement fails here, loudly.
      connection->prepare_now(statement.name);
    }
    return connection;
  } catch (const pqxx::broken_connection& e) {
    // libpq's message names host and port but never the password; the conninfo is redacted.
    throw DatabaseUnavailable("cannot connect to database " + RedactConninfo(options_.conninfo) +
                              ": " + e.what());
  }
}

void ConnectionPool::Return(std::unique_ptr<pqxx::connection> connection, bool broken) noexcept {
  if (connection != nullptr && (broken || !connection->is_open())) {
    // Discard it (outside the lock); the slot opens a fresh connection on its next Acquire.
    // Never hand a broken one out again: libpqxx 6 would try to "reactivate" it by itself.
    connection.reset();
  }
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
    --in_use_;
  }
  available_.notify_one();
}

bool ConnectionPool::Ping() {
  try {
    Run([](pqxx::connection& c) {
      pqxx::nontransaction txn(c);
      txn.exec("SELECT 1");
    });
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

std::size_t ConnectionPool::InUse() const {
  std::lock_guard lock(mutex_);
  return in_use_;
}

}  // namespace shop::db

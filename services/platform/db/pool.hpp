#pragma once
// A fixed-size pool of libpqxx connections with statements prepared on every connection.
// Thread-safe. Connections are opened lazily and replaced when broken, so the pool recovers by
// itself after Postgres restarts: the request that meets the broken connection fails (and is
// mapped to 503), the next one gets a fresh connection.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace shop::db {

struct PreparedStatement {
  std::string name;
  std::string sql;  // with $1.. parameters
};

struct PoolOptions {
  std::string conninfo;  // libpq URI or key=value string
  std::size_t size = 4;
  std::chrono::milliseconds acquire_timeout{2000};
  std::vector<PreparedStatement> statements;
};

// Postgres could not be reached or a connection broke; callers answer 503, not 500.
class DatabaseUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ConnectionPool;

// RAII lease of one connection; returns it to the pool on destruction.
class Lease {
 public:
  Lease(Lease&&) noexcept;
  Lease& operator=(Lease&&) = delete;
  ~Lease();
  pqxx::connection& operator*() const { return *connection_; }
  pqxx::connection* operator->() const { return connection_.get(); }

 private:
  friend class ConnectionPool;
  Lease(ConnectionPool& pool, std::unique_ptr<pqxx::connection> connection);
  ConnectionPool* pool_;
  std::unique_ptr<pqxx::connection> connection_;
  bool broken_ = false;  // set by ConnectionPool::Run; the pool then discards the connection
};

// `conninfo` with any password replaced by "***" (URI user:password@ and key=value password=),
// safe to log or put in an error message.
std::string RedactConninfo(const std::string& conninfo);

class ConnectionPool {
 public:
  explicit ConnectionPool(PoolOptions options);
  ~ConnectionPool();

  // Waits up to acquire_timeout for a free slot; opens a connection if the slot has none (or its
  // connection is closed), preparing every PoolOptions::statements on it.
  // Throws DatabaseUnavailable when it cannot connect or times out. Throws std::invalid_argument
  // from the constructor when size is 0.
  Lease Acquire();

  // Runs `work` in one transaction and commits it. pqxx::broken_connection and connect failures
  // become DatabaseUnavailable (the connection is discarded); other exceptions pass through after
  // rollback.
  template <typename Fn>
  auto WithTransaction(Fn&& work) {
    return Run([&](pqxx::connection& c) {
      pqxx::work txn(c);
      if constexpr (std::is_void_v<decltype(work(txn))>) {
        work(txn);
        txn.commit();
      } else {
        auto result = work(txn);
        txn.commit();
        return result;
      }
    });
  }

  // Runs `work` with a leased connection, with the same error mapping as WithTransaction.
  template <typename Fn>
  auto Run(Fn&& work) {
    Lease lease = Acquire();
    try {
      return work(*lease);
    } catch (const pqxx::broken_connection& e) {
      lease.broken_ = true;
      throw DatabaseUnavailable(std::string("database connection lost: ") + e.what());
    } catch (const pqxx::failure& e) {
      // E.g. "terminating connection due to administrator command" arrives as sql_error, and a
      // commit whose outcome is unknown as in_doubt_error; both leave the connection closed.
      if (lease->is_open()) {
        throw;
      }
      lease.broken_ = true;
      throw DatabaseUnavailable(std::string("database connection lost: ") + e.what());
    }
  }

  // True when a connection can run `SELECT 1` now (used by /ready).
  bool Ping();

  std::size_t Size() const { return options_.size; }
  std::size_t InUse() const;

 private:
  friend class Lease;
  void Return(std::unique_ptr<pqxx::connection> connection, bool broken) noexcept;
  std::unique_ptr<pqxx::connection> Connect();

  PoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;  // open or not-yet-opened (null) slots
  std::size_t in_use_ = 0;
};

}  // namespace shop::db

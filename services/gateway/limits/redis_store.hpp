#pragma once
// The shared limiter's store in Redis (hiredis, synchronous): the sliding-window script of
// sliding_window.hpp run by EVALSHA (loaded on first use and again after NOSCRIPT, e.g. when Redis
// restarted empty). Each command is bounded by `timeout` (connect, write and read), so a slow or
// dead Redis costs a request at most that long before the gateway falls back to its local limiter.
// Connections are pooled (at most `max_idle` kept); one that failed is closed, never reused.
// Thread-safe. Creating one ignores SIGPIPE in the process (see the constructor).

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gateway/limits/window_store.hpp"

struct redisContext;

namespace shop::gateway {

struct RedisAddress {
  std::string host;
  int port = 6379;
  std::string user;      // ACL user (Redis 6+), with password
  std::string password;  // empty: no AUTH
  int database = 0;
};

// redis://[[user:]password@]host[:port][/db]. Throws std::invalid_argument on anything else.
RedisAddress ParseRedisUrl(const std::string& url);

class RedisStore final : public WindowStore {
 public:
  struct Options {
    RedisAddress address;
    std::chrono::milliseconds timeout{100};
    std::size_t max_idle = 8;
    std::string key_prefix = "shop:gateway:rate:";
  };

  explicit RedisStore(Options options);
  ~RedisStore() override;

  WindowCount Hit(const std::string& key, const RateLimit& limit) override;
  void Ping() override;
  void Reset() override;
  std::string Describe() const override;

 private:
  struct ContextDeleter {
    void operator()(redisContext* context) const;
  };
  using Context = std::unique_ptr<redisContext, ContextDeleter>;

  Context Connect() const;  // throws StoreError
  Context Take();
  void Give(Context context);
  std::string LoadScript(redisContext* context);  // SCRIPT LOAD; throws StoreError

  const Options options_;
  std::mutex mutex_;
  std::vector<Context> idle_;
  std::string sha_;  // of the loaded script; empty until loaded
};

}  // namespace shop::gateway

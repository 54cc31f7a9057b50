#include "cart/store/idempotency_purge.hpp"

#include <condition_variable>
#include <mutex>

#include "cart/store/cart_store.hpp"
#include "platform/logging/log.hpp"

namespace shop::cart {
namespace {

constexpr std::chrono::minutes kEvery{10};
constexpr int kBatch = 1000;

class IdempotencyKeyPurge final : public service::BackgroundTask {
 public:
  IdempotencyKeyPurge(db::ConnectionPool& pool, std::chrono::seconds ttl)
      : pool_(pool), ttl_(ttl) {}
  std::string Name() const override { return "idempotency-key-purge"; }

  void Run() override {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      PurgeOnce();
      lock.lock();
      wake_.wait_for(lock, kEvery, [this] { return stopping_; });
    }
  }

  void Stop() override {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
  }

 private:
  void PurgeOnce() {
    try {
      long total = 0;
      for (long purged = kBatch; purged == kBatch && !Stopping();) {
        purged = pool_.WithTransaction(
            [&](pqxx::work& txn) { return PurgeIdempotencyKeys(txn, ttl_, kBatch); });
        total += purged;
      }
      if (total > 0) {
        logging::Info("idempotency_keys_purged", {{"rows", total}});
      }
    } catch (const std::exception& e) {
      logging::Warn("idempotency_key_purge_failed", {{"error", e.what()}});
    }
  }

  bool Stopping() {
    const std::lock_guard lock(mutex_);
    return stopping_;
  }

  db::ConnectionPool& pool_;
  const std::chrono::seconds ttl_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace

std::chrono::seconds IdempotencyKeyTtl(const config::EnvConfig& env) {
  const auto ttl = std::chrono::duration_cast<std::chrono::seconds>(
      env.Duration("SHOP_IDEMPOTENCY_KEY_TTL", std::chrono::hours(24)));
  if (ttl < std::chrono::seconds(1)) {
    throw config::ConfigError("SHOP_IDEMPOTENCY_KEY_TTL must be at least 1s");
  }
  return ttl;
}

std::unique_ptr<service::BackgroundTask> MakeIdempotencyKeyPurge(service::ServiceContext& context) {
  return std::make_unique<IdempotencyKeyPurge>(context.pool, IdempotencyKeyTtl(context.config));
}

}  // namespace shop::cart

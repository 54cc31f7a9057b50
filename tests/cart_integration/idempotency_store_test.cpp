// Idempotency-Key storage of cart-service (store/cart_store.hpp) on the real Postgres: a key is
// remembered for its TTL, then counts as new, and the purge removes only expired keys.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "cart/migrations.hpp"
#include "cart/store/cart_store.hpp"
#include "platform/db/migrations.hpp"
#include "test_support.hpp"

namespace shop::cart {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

constexpr const char* kUser = "0192f0c4-7a1e-7b3c-8d2e-1f2a3b4c5d6e";

class IdempotencyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    uri_ = shop::testing::CreateDatabase("cart_idempotency_it");
    pqxx::connection connection(uri_);
    db::ApplyMigrations(connection, db::OrderMigrations(cart::Migrations()));
    db::PoolOptions options;
    options.conninfo = uri_;
    options.size = 2;
    options.statements = CartStatements();
    pool_ = std::make_unique<db::ConnectionPool>(std::move(options));
  }

  bool Claim(const std::string& key, const std::string& hash, seconds ttl = hours(24)) {
    return pool_->WithTransaction(
        [&](pqxx::work& txn) { return ClaimIdempotencyKey(txn, kUser, key, hash, ttl); });
  }
  void Answer(const std::string& key, const std::string& body) {
    pool_->WithTransaction(
        [&](pqxx::work& txn) { StoreIdempotentAnswer(txn, kUser, key, 201, body); });
  }
  std::optional<IdempotentAnswer> Find(const std::string& key) {
    return pool_->WithTransaction(
        [&](pqxx::work& txn) { return FindIdempotentAnswer(txn, kUser, key); });
  }
  void AgeKey(const std::string& key, const std::string& age) {
    pqxx::connection connection(uri_);
    pqxx::work txn(connection);
    txn.exec_params("UPDATE idempotency_keys SET created_at = now() - $2::interval WHERE key = $1",
                    key, age);
    txn.commit();
  }

  std::string uri_;
  std::unique_ptr<db::ConnectionPool> pool_;
};

TEST_F(IdempotencyStoreTest, AKeyIsRememberedWithItsAnswerUntilItsTtlPasses) {
  ASSERT_TRUE(Claim("k1", "hash-a"));
  Answer("k1", "first answer");
  EXPECT_FALSE(Claim("k1", "hash-a"));
  EXPECT_FALSE(Claim("k1", "hash-b")) << "a live key is never claimed again, whatever the body";
  ASSERT_TRUE(Find("k1"));
  EXPECT_EQ(Find("k1")->request_hash, "hash-a");
  EXPECT_EQ(Find("k1")->body, "first answer");

  AgeKey("k1", "25 hours");
  EXPECT_TRUE(Claim("k1", "hash-b")) << "an expired key starts afresh";
  EXPECT_FALSE(Find("k1")) << "no answer until the new request stores one";
}

TEST_F(IdempotencyStoreTest, ThePurgeRemovesOnlyExpiredKeys) {
  for (const char* key : {"old-1", "old-2", "old-3", "fresh"}) {
    ASSERT_TRUE(Claim(key, "h"));
    Answer(key, "answer");
  }
  for (const char* key : {"old-1", "old-2", "old-3"}) {
    AgeKey(key, "2 days");
  }
  const auto purge = [&](int batch) {
    return pool_->WithTransaction(
        [&](pqxx::work& txn) { return PurgeIdempotencyKeys(txn, hours(24), batch); });
  };
  EXPECT_EQ(purge(2), 2);
  EXPECT_EQ(purge(2), 1);
  EXPECT_EQ(purge(2), 0);
  EXPECT_TRUE(Find("fresh"));
  EXPECT_FALSE(Find("old-1"));
}

}  // namespace
}  // namespace shop::cart

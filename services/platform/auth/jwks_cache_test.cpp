// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include "platform/auth/jwks_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "platform/auth/token_test_support.hpp"
#include "platform/http/server_test_fixture.hpp"

namespace shop::auth {
namespace {

using namespace shop::auth::testing;  // NOLINT(google-build-using-namespace): test helpers

// A JwksCache whose fetches are counted and answered from `published` (or fail while `down`),
// on a clock that only moves when the test says so.
class JwksCacheTest : public ::testing::Test {
 protected:
  JwksCache& Cache() {
    if (!cache_) {
      cache_ = std::make_unique<JwksCache>(
          [this] {
            ++fetches_;
            std::this_thread::sleep_for(fetch_latency_);  // a slow auth-service
            if (down_) {
              throw std::runtime_error("connection refused");
            }
            return published_;
          },
          std::chrono::seconds(10), [this] { return clock_.load(); });
    }
    return *cache_;
  }
  std::optional<VerifyFailure> Failure(const SigningKey& key) {
    const VerifyResult result = Cache().VerifyToken(IssueToken(key, ValidClaims()), options_, kNow);
    if (const auto* failure = std::get_if<VerifyFailure>(&result)) {
      return *failure;
    }
    return std::nullopt;
  }
  void Publish(const std::vector<const SigningKey*>& keys) { published_ = ToJwks(keys).dump(); }
  void Advance(std::chrono::seconds by) { clock_ = clock_.load() + by; }

  const SigningKey k1_ = SigningKey::Generate("k1");
  const SigningKey k2_ = SigningKey::Generate("k2");
  const VerifyOptions options_{.issuer = kIssuer, .audience = kAudience};
  std::atomic<int> fetches_{0};
  std::atomic<bool> down_{false};
  std::chrono::milliseconds fetch_latency_{0};
  std::string published_;
  std::atomic<JwksCache::Clock::time_point> clock_{JwksCache::Clock::time_point{}};
  std::unique_ptr<JwksCache> cache_;
};

TEST_F(JwksCacheTest, FetchesOnFirstUseThenServesFromTheCache) {
  Publish({&k1_});
  EXPECT_EQ(Failure(k1_), std::nullopt);
  Advance(std::chrono::seconds(60));
  EXPECT_EQ(Failure(k1_), std::nullopt);
  EXPECT_EQ(Failure(k1_), std::nullopt);
  EXPECT_EQ(fetches_, 1);
}

TEST_F(JwksCacheTest, LearnsANewlyPublishedKeyOnItsFirstToken) {
  Publish({&k1_});
  EXPECT_EQ(Failure(k1_), std::nullopt);
  Publish({&k1_, &k2_});  // rotation: the new key is published before it signs
  Advance(std::chrono::seconds(30));
  EXPECT_EQ(Failure(k2_), std::nullopt);
  EXPECT_EQ(Failure(k1_), std::nullopt);
  EXPECT_EQ(fetches_, 2);
  EXPECT_EQ(Cache().Keys()->Size(), 2u);
}

TEST_F(JwksCacheTest, RefreshesForUnknownKidsAtMostOncePerInterval) {
  Publish({&k1_});
  EXPECT_EQ(Failure(k1_), std::nullopt);
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(Failure(k2_), VerifyFailure::kUnknownKey);
  }
  EXPECT_EQ(fetches_, 1);  // the first fetch was just now
  Advance(std::chrono::seconds(9));
  EXPECT_EQ(Failure(k2_), VerifyFailure::kUnknownKey);
  EXPECT_EQ(fetches_, 1);
  Advance(std::chrono::seconds(1));
  EXPECT_EQ(Failure(k2_), VerifyFailure::kUnknownKey);
  EXPECT_EQ(Failure(k2_), VerifyFailure::kUnknownKey);
  EXPECT_EQ(fetches_, 2);
  Advance(std::chrono::seconds(10));
  Publish({&k1_, &k2_});
  EXPECT_EQ(Failure(k2_), std::nullopt);
  EXPECT_EQ(fetches_, 3);
}

TEST_F(JwksCacheTest, KeysUnavailableUntilAFetchSucceeds) {
  Publish({&k1_});
  down_ = true;
  EXPECT_EQ(Failure(k1_), VerifyFailure::kKeysUnavailable);
  EXPECT_EQ(Failure(k1_), VerifyFailure::kKeysUnavailable);
  EXPECT_EQ(fetches_, 1);
  EXPECT_FALSE(Cache().Refresh());
  EXPECT_EQ(fetches_, 1);
  down_ = false;
  Advance(std::chrono::seconds(10));
  EXPECT_EQ(Failure(k1_), std::nullopt);
  EXPECT_EQ(fetches_, 2);
}

TEST_F(JwksCacheTest, AFailedRefreshKeepsTheKeysItHas) {
  Publish({&k1_});
  EXPECT_TRUE(Cache().Refresh());
  down_ = true;
  Advance(std::chrono::seconds(10));
  EXPECT_EQ(Failure(k2_), VerifyFailure::kUnknownKey);
  EXPECT_EQ(Failure(k1_), std::nullopt);
  down_ = false;
  published_ = R"({"not":"a jwks"})";
  Advance(std::chrono::seconds(10));
  EXPECT_EQ(Failure(k2_), VerifyFailure::kUnknownKey);
  EXPECT_EQ(Failure(k1_), std::nullopt);
  EXPECT_EQ(fetches_, 3);
}

TEST_F(JwksCacheTest, ConcurrentCallersShareOneFetch) {
  Publish({&k1_});
  EXPECT_TRUE(Cache().Refresh());
  Publish({&k1_, &k2_});
  Advance(std::chrono::seconds(10));
  fetch_latency_ = std::chrono::milliseconds(50);  // so callers pile up behind the fetch
  const std::string token = IssueToken(k2_, ValidClaims());
  constexpr int kCallers = 8;
  std::atomic<int> accepted{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&] {
      const VerifyResult result = Cache().VerifyToken(token, options_, kNow);
      accepted += std::holds_alternative<TokenClaims>(result) ? 1 : 0;
    });
  }
  for (std::thread& caller : callers) {
    caller.join();
  }
  EXPECT_EQ(accepted, kCallers);
  EXPECT_EQ(fetches_, 2);
}

// HttpFetch over the instances of auth-service (SHOP_AUTH_URL may list several, decision 0040).
class JwksHttpFetchTest : public http::ServerTestFixture {};

TEST_F(JwksHttpFetchTest, AskEachInstanceInTurnUntilOneAnswers) {
  router_.Add(http::Method::kGet, std::string(kJwksTarget),
              [](http::Request&) { return http::JsonResponse(200, R"({"keys":[]})"); });
  const std::uint16_t dead = StartServer(DefaultOptions());
  server_.reset();
  const std::uint16_t live = StartServer(DefaultOptions());
  const JwksCache::Fetch fetch = JwksCache::HttpFetch(
      {{.host = "127.0.0.1", .port = dead}, {.host = "127.0.0.1", .port = live}});
  EXPECT_EQ(fetch(), R"({"keys":[]})");
  const JwksCache::Fetch nowhere = JwksCache::HttpFetch({{.host = "127.0.0.1", .port = dead}});
  EXPECT_THROW(nowhere(), std::runtime_error);
}

}  // namespace
}  // namespace shop::auth

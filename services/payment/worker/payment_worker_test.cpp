#include "payment/worker/payment_worker.hpp"

#include <gtest/gtest.h>

#include <map>

namespace shop::payment {
namespace {

using std::chrono::milliseconds;

config::EnvConfig Env(std::map<std::string, std::string> values) {
  return config::EnvConfig([values = std::move(values)](const std::string& name) {
    const auto it = values.find(name);
    return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
  });
}

http::UpstreamOptions Provider(milliseconds timeout, int attempts) {
  http::UpstreamOptions options;
  options.timeout = timeout;
  options.max_attempts = attempts;
  options.backoff = {milliseconds(50), milliseconds(400)};
  return options;
}

TEST(WorkerOptionsTest, DefaultsAndTheLeaseFollowFromTheProviderCall) {
  const WorkerOptions options = LoadWorkerOptions(Env({}), Provider(milliseconds(5000), 2));
  EXPECT_EQ(options.workers, 2);
  EXPECT_EQ(options.poll_interval, milliseconds(100));
  EXPECT_EQ(options.schedule.retry.base, milliseconds(1000));
  EXPECT_EQ(options.schedule.retry.cap, milliseconds(30000));
  EXPECT_EQ(options.schedule.lease, milliseconds(12400));
}

TEST(WorkerOptionsTest, VariablesOverrideTheDefaults) {
  const WorkerOptions options = LoadWorkerOptions(Env({{"SHOP_PAYMENT_WORKERS", "4"},
                                                       {"SHOP_PAYMENT_POLL_INTERVAL", "20ms"},
                                                       {"SHOP_PAYMENT_RETRY_BASE", "200ms"},
                                                       {"SHOP_PAYMENT_RETRY_CAP", "5s"}}),
                                                  Provider(milliseconds(1000), 1));
  EXPECT_EQ(options.workers, 4);
  EXPECT_EQ(options.poll_interval, milliseconds(20));
  EXPECT_EQ(options.schedule.retry.base, milliseconds(200));
  EXPECT_EQ(options.schedule.retry.cap, milliseconds(5000));
  EXPECT_EQ(options.schedule.lease, milliseconds(3000));
}

TEST(WorkerOptionsTest, NonsenseIsAConfigurationError) {
  const http::UpstreamOptions provider = Provider(milliseconds(1000), 1);
  EXPECT_THROW(LoadWorkerOptions(Env({{"SHOP_PAYMENT_WORKERS", "0"}}), provider),
               config::ConfigError);
  EXPECT_THROW(LoadWorkerOptions(Env({{"SHOP_PAYMENT_POLL_INTERVAL", "0ms"}}), provider),
               config::ConfigError);
  EXPECT_THROW(
      LoadWorkerOptions(Env({{"SHOP_PAYMENT_RETRY_BASE", "10s"}, {"SHOP_PAYMENT_RETRY_CAP", "1s"}}),
                        provider),
      config::ConfigError);
}

}  // namespace
}  // namespace shop::payment

#pragma once
// Idempotency-Key answers are kept for SHOP_IDEMPOTENCY_KEY_TTL (default 24h): a repeat within
// that time gets the stored answer, a later one counts as a new request. A background task
// deletes expired keys in batches every 10 minutes, so the table does not grow without bound.

#include <chrono>
#include <memory>

#include "platform/config/env_config.hpp"
#include "platform/service/background_task.hpp"
#include "platform/service/service_main.hpp"

namespace shop::cart {

// SHOP_IDEMPOTENCY_KEY_TTL, at least one second. Throws config::ConfigError.
std::chrono::seconds IdempotencyKeyTtl(const config::EnvConfig& env);

std::unique_ptr<service::BackgroundTask> MakeIdempotencyKeyPurge(service::ServiceContext& context);

}  // namespace shop::cart

#include "gateway/limits/redis_store.hpp"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <charconv>
#include <csignal>
#include <stdexcept>

namespace shop::gateway {
namespace {

struct ReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

timeval ToTimeval(std::chrono::milliseconds ms) {
  return timeval{.tv_sec = static_cast<time_t>(ms.count() / 1000),
                 .tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

int ParseInt(const std::string& text, int min, int max, const std::string& what) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    throw std::invalid_argument("redis URL: bad " + what + " \"" + text + "\"");
  }
  return value;
}

// One command; throws StoreError on a connection error (the context is then unusable). Error
// replies are returned (the caller decides).
Reply Command(redisContext* context, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const std::string& arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  Reply reply(static_cast<redisReply*>(
      redisCommandArgv(context, static_cast<int>(argv.size()), argv.data(), lengths.data())));
  if (!reply) {
    throw StoreError(std::string("redis: ") + (context->err != 0 ? context->errstr : "no reply"));
  }
  return reply;
}

std::string ErrorText(const redisReply& reply) { return std::string(reply.str, reply.len); }

}  // namespace

RedisAddress ParseRedisUrl(const std::string& url) {
  constexpr std::string_view kScheme = "redis://";
  if (url.rfind(kScheme, 0) != 0) {
    throw std::invalid_argument("redis URL must start with redis://");
  }
  std::string rest = url.substr(kScheme.size());
  RedisAddress address;
  if (const auto at = rest.rfind('@'); at != std::string::npos) {
    const std::string credentials = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (const auto colon = credentials.find(':'); colon != std::string::npos) {
      address.user = credentials.substr(0, colon);
      address.password = credentials.substr(colon + 1);
    } else {
      address.password = credentials;
    }
  }
  if (const auto slash = rest.find('/'); slash != std::string::npos) {
    const std::string db = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
    if (!db.empty()) {
      address.database = ParseInt(db, 0, 1'000'000, "database");
    }
  }
  if (const auto colon = rest.rfind(':'); colon != std::string::npos) {
    address.port = ParseInt(rest.substr(colon + 1), 1, 65535, "port");
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) {
    throw std::invalid_argument("redis URL names no host");
  }
  address.host = rest;
  return address;
}

void RedisStore::ContextDeleter::operator()(redisContext* context) const { redisFree(context); }

RedisStore::RedisStore(Options options) : options_(std::move(options)) {
  // hiredis writes with write(2): a write to a connection Redis has closed (it stopped) would
  // raise SIGPIPE and end the gateway. Ignored process-wide (the HTTP layer sends with
  // MSG_NOSIGNAL already, so nothing else relies on it); the write then fails with EPIPE.
  std::signal(SIGPIPE, SIG_IGN);
}

RedisStore::~RedisStore() = default;

std::string RedisStore::Describe() const {
  return "redis://" + options_.address.host + ":" + std::to_string(options_.address.port) + "/" +
         std::to_string(options_.address.database);
}

RedisStore::Context RedisStore::Connect() const {
  const timeval timeout = ToTimeval(options_.timeout);
  Context context(
      redisConnectWithTimeout(options_.address.host.c_str(), options_.address.port, timeout));
  if (!context) {
    throw StoreError("redis: cannot allocate a connection");
  }
  if (context->err != 0) {
    throw StoreError("redis: connect to " + Describe() + ": " + context->errstr);
  }
  if (redisSetTimeout(context.get(), timeout) != REDIS_OK) {
    throw StoreError("redis: cannot set the timeout");
  }
  const auto expect_ok = [&](const std::vector<std::string>& args, const char* what) {
    const Reply reply = Command(context.get(), args);
    if (reply->type == REDIS_REPLY_ERROR) {
      throw StoreError(std::string("redis: ") + what + ": " + ErrorText(*reply));
    }
  };
  if (!options_.address.password.empty()) {
    if (options_.address.user.empty()) {
      expect_ok({"AUTH", options_.address.password}, "AUTH");
    } else {
      expect_ok({"AUTH", options_.address.user, options_.address.password}, "AUTH");
    }
  }
  if (options_.address.database != 0) {
    expect_ok({"SELECT", std::to_string(options_.address.database)}, "SELECT");
  }
  return context;
}

RedisStore::Context RedisStore::Take() {
  {
    const std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      Context context = std::move(idle_.back());
      idle_.pop_back();
      return context;
    }
  }
  return Connect();
}

void RedisStore::Give(Context context) {
  const std::lock_guard lock(mutex_);
  if (idle_.size() < options_.max_idle) {
    idle_.push_back(std::move(context));
  }
}

void RedisStore::Reset() {
  std::vector<Context> closing;
  const std::lock_guard lock(mutex_);
  closing.swap(idle_);
}

std::string RedisStore::LoadScript(redisContext* context) {
  const Reply reply = Command(context, {"SCRIPT", "LOAD", kSlidingWindowScript});
  if (reply->type != REDIS_REPLY_STRING) {
    throw StoreError("redis: SCRIPT LOAD: " +
                     (reply->type == REDIS_REPLY_ERROR ? ErrorText(*reply) : "unexpected reply"));
  }
  std::string sha(reply->str, reply->len);
  const std::lock_guard lock(mutex_);
  sha_ = sha;
  return sha;
}

WindowCount RedisStore::Hit(const std::string& key, const RateLimit& limit) {
  Context context = Take();  // a failure below drops it (never given back)
  std::string sha;
  {
    const std::lock_guard lock(mutex_);
    sha = sha_;
  }
  if (sha.empty()) {
    sha = LoadScript(context.get());
  }
  const std::vector<std::string> args{"EVALSHA",
                                      "",  // the sha, below
                                      "1",
                                      options_.key_prefix + key,
                                      std::to_string(limit.limit),
                                      std::to_string(limit.window.count())};
  auto evalsha = [&](const std::string& with) {
    std::vector<std::string> call = args;
    call[1] = with;
    return Command(context.get(), call);
  };
  Reply reply = evalsha(sha);
  if (reply->type == REDIS_REPLY_ERROR && ErrorText(*reply).rfind("NOSCRIPT", 0) == 0) {
    reply = evalsha(LoadScript(context.get()));  // Redis restarted or flushed its scripts
  }
  if (reply->type == REDIS_REPLY_ERROR) {
    throw StoreError("redis: EVALSHA: " + ErrorText(*reply));
  }
  if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 4) {
    throw StoreError("redis: EVALSHA: unexpected reply");
  }
  std::int64_t values[4] = {};
  for (std::size_t i = 0; i < 4; ++i) {
    if (reply->element[i]->type != REDIS_REPLY_INTEGER) {
      throw StoreError("redis: EVALSHA: unexpected reply element");
    }
    values[i] = reply->element[i]->integer;
  }
  Give(std::move(context));
  return WindowCount{.allowed = values[0] == 1,
                     .previous = values[1],
                     .current = values[2],
                     .elapsed_ms = values[3]};
}

void RedisStore::Ping() {
  Context context = Connect();  // a fresh connection: pooled ones may predate an outage
  const Reply reply = Command(context.get(), {"PING"});
  if (reply->type != REDIS_REPLY_STATUS) {
    throw StoreError("redis: PING: " +
                     (reply->type == REDIS_REPLY_ERROR ? ErrorText(*reply) : "unexpected reply"));
  }
  Give(std::move(context));
}

}  // namespace shop::gateway

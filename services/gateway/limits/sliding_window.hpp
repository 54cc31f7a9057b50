#pragma once
// The shared limiter's algorithm: a sliding-window counter over two fixed windows (decision 0038).
// Per key, Redis holds the count of the current fixed window and of the one before it; at a point
// `elapsed` into the current window, the requests of the last `window` are estimated as
//   previous * (window - elapsed) / window + current
// and a request passes when that estimate plus one stays within the limit (a refused request is
// not counted). Two integers per key, whatever the limit; the estimate assumes the previous
// window's requests were spread evenly over it.
//
// kSlidingWindowScript does the check and the count atomically inside Redis (EVALSHA), on Redis's
// own clock (TIME), so gateways need no synchronised clocks. SlidingWindowAllows is the same rule
// in C++ (the unit tests' fake store uses it); SlidingWindowVerdict turns the script's answer into
// the headers' numbers.

#include <chrono>
#include <cstdint>

#include "gateway/limits/rate_limiter.hpp"

namespace shop::gateway {

// What the script answers: whether the request passed, and the counts after it.
struct WindowCount {
  bool allowed = false;
  std::int64_t previous = 0;  // requests of the previous fixed window
  std::int64_t current = 0;   // requests of the current fixed window, this one included if allowed
  std::int64_t elapsed_ms = 0;  // into the current fixed window
};

// KEYS[1] = the key's prefix; ARGV[1] = limit, ARGV[2] = window in ms. Returns {allowed (0|1),
// previous, current, elapsed_ms}. The window's counters are "<prefix>:<index>" and expire two
// windows after their start (plus a second).
inline constexpr const char* kSlidingWindowScript = R"lua(
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local index = math.floor(now / window)
local elapsed = now - index * window
local current_key = KEYS[1] .. ':' .. index
local current = tonumber(redis.call('GET', current_key) or '0')
local previous = tonumber(redis.call('GET', KEYS[1] .. ':' .. (index - 1)) or '0')
local allowed = 0
if previous * (window - elapsed) / window + current + 1 <= limit then
  allowed = 1
  current = redis.call('INCR', current_key)
  if current == 1 then
    redis.call('PEXPIRE', current_key, 2 * window + 1000)
  end
end
return {allowed, previous, current, elapsed}
)lua";

// The script's rule: may one more request pass?
bool SlidingWindowAllows(std::int64_t previous, std::int64_t current, std::int64_t elapsed_ms,
                         const RateLimit& limit);

// The verdict for the headers: remaining after this request, until the estimate is back to zero
// (reset), and for a refusal until the rule lets one request pass again (retry_after, >= 1 s).
RateVerdict SlidingWindowVerdict(const WindowCount& count, const RateLimit& limit);

}  // namespace shop::gateway

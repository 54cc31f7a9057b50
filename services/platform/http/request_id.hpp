#pragma once
// Correlation headers: X-Request-ID and W3C trace context (traceparent). Pure functions.

#include <string>
#include <string_view>

namespace shop::http {

// True for 1..128 characters of [A-Za-z0-9._-]: safe to echo in headers and logs.
bool IsSaneRequestId(std::string_view id);

// 32 lowercase hex characters (128 random bits) from a per-thread engine seeded by
// std::random_device.
std::string GenerateRequestId();

// The client's id when sane, else a generated one.
std::string RequestIdFrom(std::string_view header_value);

// `value` when it is a valid version-00 traceparent
// ("00-<32 hex trace id, not all zero>-<16 hex parent id, not all zero>-<2 hex flags>", lowercase),
// otherwise "".
std::string ValidTraceparent(std::string_view value);

// A new trace at this hop: "00-<random trace id>-<random parent id>-01" (sampled).
std::string GenerateTraceparent();

// The trace id of a valid traceparent, "" otherwise.
std::string TraceIdOf(std::string_view traceparent);

}  // namespace shop::http

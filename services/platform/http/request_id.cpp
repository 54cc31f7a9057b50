#include "platform/http/request_id.hpp"

#include <random>

namespace shop::http {
namespace {

constexpr std::size_t kMaxRequestIdLength = 128;
constexpr std::size_t kTraceparentLength = 55;  // 2 + 1 + 32 + 1 + 16 + 1 + 2

bool IsLowerHex(std::string_view text) {
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

bool AllZero(std::string_view text) {
  return text.find_first_not_of('0') == std::string_view::npos;
}

}  // namespace

bool IsSaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) {
    return false;
  }
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}

std::string GenerateRequestId() {
  thread_local std::mt19937_64 engine{[] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(32);
  for (int half = 0; half < 2; ++half) {
    std::uint64_t bits = engine();
    for (int i = 0; i < 16; ++i) {
      id += kHex[bits & 0xf];
      bits >>= 4;
    }
  }
  return id;
}

std::string RequestIdFrom(std::string_view header_value) {
  return IsSaneRequestId(header_value) ? std::string(header_value) : GenerateRequestId();
}

std::string GenerateTraceparent() {
  // Two random 128-bit ids: the trace id, and the parent id from the first 64 bits of the second.
  // An all-zero id, which W3C forbids, comes once in 2^64 draws: drawn again.
  std::string trace_id;
  do {
    trace_id = GenerateRequestId();
  } while (trace_id.find_first_not_of('0') == std::string::npos);
  std::string parent_id;
  do {
    parent_id = GenerateRequestId().substr(0, 16);
  } while (parent_id.find_first_not_of('0') == std::string::npos);
  return "00-" + trace_id + "-" + parent_id + "-01";
}

std::string ValidTraceparent(std::string_view value) {
  if (value.size() != kTraceparentLength || value[2] != '-' || value[35] != '-' ||
      value[52] != '-') {
    return {};
  }
  const std::string_view version = value.substr(0, 2);
  const std::string_view trace_id = value.substr(3, 32);
  const std::string_view parent_id = value.substr(36, 16);
  const std::string_view flags = value.substr(53, 2);
  if (version != "00" || !IsLowerHex(trace_id) || !IsLowerHex(parent_id) || !IsLowerHex(flags) ||
      AllZero(trace_id) || AllZero(parent_id)) {
    return {};
  }
  return std::string(value);
}

std::string TraceIdOf(std::string_view traceparent) {
  if (ValidTraceparent(traceparent).empty()) {
    return {};
  }
  return std::string(traceparent.substr(3, 32));
}

}  // namespace shop::http

#include "delivery/domain/tracking_number.hpp"

#include <sodium.h>

#include <stdexcept>

namespace shop::delivery {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford base32
constexpr std::string_view kPrefix = "SH";
constexpr std::size_t kDigits = 12;  // 12 x 5 bits = 60

}  // namespace

std::string TrackingNumberOf(std::uint64_t bits) {
  std::string number(kPrefix);
  for (std::size_t i = 0; i < kDigits; ++i) {
    const std::size_t shift = 5 * (kDigits - 1 - i);  // most significant digit first
    number += kAlphabet[(bits >> shift) & 0x1f];
  }
  return number;
}

std::string NewTrackingNumber() {
  // sodium_init is idempotent and thread-safe.
  static const int kInit = sodium_init();
  if (kInit < 0) {
    throw std::runtime_error("libsodium could not be initialised");
  }
  std::uint64_t bits = 0;
  randombytes_buf(&bits, sizeof bits);
  return TrackingNumberOf(bits);
}

bool IsTrackingNumber(std::string_view text) {
  if (text.size() != kPrefix.size() + kDigits || !text.starts_with(kPrefix)) {
    return false;
  }
  for (const char c : text.substr(kPrefix.size())) {
    if (kAlphabet.find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

}  // namespace shop::delivery

#include "events/uuid_v7.hpp"

#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <utility>

namespace shop::events {
namespace {

constexpr std::uint16_t kCounterMask = 0x0fff;

void EnsureSodium() {
  // sodium_init is idempotent and thread-safe; it picks the system's random source once.
  static const int kInit = sodium_init();
  if (kInit < 0) {
    throw std::runtime_error("libsodium could not be initialised");
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;  // upper case is not canonical output of FormatUuid, and ids are compared as text
}

}  // namespace

std::int64_t SystemUnixMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

UuidV7Generator::UuidV7Generator(MillisClock now) : now_(std::move(now)) { EnsureSodium(); }

UuidBytes UuidV7Generator::Next() {
  UuidBytes out{};
  randombytes_buf(out.data(), out.size());

  std::int64_t millis = now_();
  if (millis > last_millis_) {
    last_millis_ = millis;
    // Start the counter in the lower half so a burst still has room to count up.
    counter_ = static_cast<std::uint16_t>((out[6] & 0x07) << 8 | out[7]);
  } else if (counter_ < kCounterMask) {
    ++counter_;  // same millisecond, or the clock stepped back: keep the order
  } else {
    ++last_millis_;
    counter_ = 0;
  }
  millis = last_millis_;

  for (int i = 0; i < 6; ++i) {
    out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(millis >> (8 * (5 - i)));
  }
  out[6] = static_cast<std::uint8_t>(0x70 | (counter_ >> 8));
  out[7] = static_cast<std::uint8_t>(counter_ & 0xff);
  out[8] = static_cast<std::uint8_t>(0x80 | (out[8] & 0x3f));
  return out;
}

std::string FormatUuid(const UuidBytes& uuid) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(36);
  for (std::size_t i = 0; i < uuid.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      text.push_back('-');
    }
    text.push_back(kHex[uuid[i] >> 4]);
    text.push_back(kHex[uuid[i] & 0x0f]);
  }
  return text;
}

std::string NewUuidV7() {
  // Per-thread so that no lock is needed; each thread's ids are ordered among themselves.
  thread_local UuidV7Generator generator;
  return FormatUuid(generator.Next());
}

std::optional<std::int64_t> UuidV7Millis(std::string_view text) {
  if (text.size() != 36) {
    return std::nullopt;
  }
  UuidBytes bytes{};
  std::size_t nibble = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position) {
      if (text[i] != '-') {
        return std::nullopt;
      }
      continue;
    }
    const int value = HexValue(text[i]);
    if (value < 0) {
      return std::nullopt;
    }
    bytes[nibble / 2] |= static_cast<std::uint8_t>(nibble % 2 == 0 ? value << 4 : value);
    ++nibble;
  }
  if ((bytes[6] >> 4) != 7 || (bytes[8] >> 6) != 2) {
    return std::nullopt;
  }
  std::int64_t millis = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    millis = millis << 8 | bytes[i];
  }
  return millis;
}

}  // namespace shop::events

#pragma once
// RFC 9562 UUID version 7: a 48-bit big-endian Unix timestamp in milliseconds, the version nibble
// (7), a 12-bit counter (rand_a, "method 1" of RFC 9562 section 6.2), the variant bits (10) and 62
// random bits from libsodium's CSPRNG. Ids of one generator sort by creation order, also within a
// millisecond and when the clock steps back; ids of different generators sort by millisecond.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace shop::events {

using UuidBytes = std::array<std::uint8_t, 16>;

// Milliseconds since the Unix epoch from the system clock.
std::int64_t SystemUnixMillis();

// Not thread-safe: one generator per thread (NewUuidV7 does that for you).
class UuidV7Generator {
 public:
  using MillisClock = std::function<std::int64_t()>;
  explicit UuidV7Generator(MillisClock now = SystemUnixMillis);

  // Strictly greater (as bytes and as text) than every id this generator returned before. When
  // the 12-bit counter of a millisecond is exhausted, the timestamp field runs ahead of the clock
  // by a millisecond rather than break the order.
  UuidBytes Next();

 private:
  MillisClock now_;
  std::int64_t last_millis_ = -1;
  std::uint16_t counter_ = 0;  // 12 bits used
};

// Lower-case 8-4-4-4-12 text form.
std::string FormatUuid(const UuidBytes& uuid);

// A new UUIDv7 in text form from a per-thread generator. Thread-safe.
std::string NewUuidV7();

// The Unix-millisecond timestamp of a UUIDv7 text, or nullopt when `text` is not a canonical
// UUID of version 7 and variant 10.
std::optional<std::int64_t> UuidV7Millis(std::string_view text);

}  // namespace shop::events

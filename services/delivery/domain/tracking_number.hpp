#pragma once
// Tracking numbers: the carrier's reference a customer reads and types, "SH" followed by 12
// characters of Crockford's base32 (digits and capitals without I, L, O and U, so nothing is
// misread), 60 random bits. Unique per shipment (a UNIQUE index; a collision, about one in 10^18
// per pair, fails the insert and the consumer retries it with a new number).

#include <cstdint>
#include <string>
#include <string_view>

namespace shop::delivery {

// The tracking number of the low 60 bits of `bits`. Pure.
std::string TrackingNumberOf(std::uint64_t bits);
// A new tracking number from the system's CSPRNG (libsodium). Thread-safe.
std::string NewTrackingNumber();
// True for what TrackingNumberOf writes.
bool IsTrackingNumber(std::string_view text);

}  // namespace shop::delivery

#pragma once
// The postal address the order saga's events carry (cart.checked_out's shipping_address, every
// order.* state), and its JSON form, the schemas' Address object: every string 1 to 200
// characters, `country` two upper-case letters (ISO 3166-1 alpha-2), `line2` optional.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace shop::events {

class PayloadReader;

struct Address {
  std::string name;
  std::string line1;
  std::optional<std::string> line2{};  // JSON null (or absent) without one
  std::string city;
  std::string postal_code;
  std::string country;  // "DE"

  friend bool operator==(const Address&, const Address&) = default;
};

// The longest an address string may be, in characters.
inline constexpr std::size_t kMaxAddressChars = 200;

nlohmann::json AddressJson(const Address& address);
// Reads the address object `object` (PayloadReader::Object); throws PayloadError.
Address ReadAddress(const PayloadReader& object);

}  // namespace shop::events

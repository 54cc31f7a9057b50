#include "events/catalog/address.hpp"

#include "events/catalog/payload_json.hpp"

namespace shop::events {

nlohmann::json AddressJson(const Address& address) {
  return {{"name", address.name},
          {"line1", address.line1},
          {"line2", NullableJson(address.line2)},
          {"city", address.city},
          {"postal_code", address.postal_code},
          {"country", address.country}};
}

Address ReadAddress(const PayloadReader& object) {
  const auto text = [&object](const char* member) {
    return object.StringOfLength(member, 1, kMaxAddressChars);
  };
  Address address{.name = text("name"),
                  .line1 = text("line1"),
                  .line2 = std::nullopt,
                  .city = text("city"),
                  .postal_code = text("postal_code"),
                  .country = object.String("country")};
  if (object.NullableString("line2")) {
    address.line2 = text("line2");
  }
  const std::string& country = address.country;
  if (country.size() != 2 || country[0] < 'A' || country[0] > 'Z' || country[1] < 'A' ||
      country[1] > 'Z') {
    object.Fail("has a country that is not two upper-case letters (ISO 3166-1 alpha-2)");
  }
  return address;
}

}  // namespace shop::events

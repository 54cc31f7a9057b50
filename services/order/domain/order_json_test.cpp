#include "order/domain/order_json.hpp"

#include <gtest/gtest.h>

namespace shop::order {
namespace {

TEST(OrderJsonTest, LinesRoundTripWithAndWithoutASeller) {
  const std::vector<OrderLine> lines = {{.product_id = "0190a3c4-1b2c-7d3e-8f40-000000000001",
                                         .name = "Lamp",
                                         .unit_price = "12.50",
                                         .quantity = 2,
                                         .line_total = "25.00",
                                         .seller_id = "0190a3c4-1b2c-7d3e-8f40-000000000002"},
                                        {.product_id = "0190a3c4-1b2c-7d3e-8f40-000000000003",
                                         .name = "Chair",
                                         .unit_price = "30.00",
                                         .quantity = 1,
                                         .line_total = "30.00",
                                         .seller_id = std::nullopt}};
  const nlohmann::json json = LinesJson(lines);
  EXPECT_TRUE(json[1].at("seller_id").is_null());
  EXPECT_EQ(json[0].at("unit_price"), "12.50");
  EXPECT_EQ(LinesFromJson(json), lines);
}

TEST(OrderJsonTest, AnAddressRoundTripsAndLine2MayBeNull) {
  const ShippingAddress address{.name = "Ada Lovelace",
                                .line1 = "1 Analytical Way",
                                .line2 = std::nullopt,
                                .city = "London",
                                .postal_code = "N1 7AA",
                                .country = "GB"};
  const nlohmann::json json = AddressJson(address);
  EXPECT_TRUE(json.at("line2").is_null());
  EXPECT_EQ(AddressFromJson(json), address);
  nlohmann::json with_line2 = json;
  with_line2["line2"] = "Flat 2";
  EXPECT_EQ(AddressFromJson(with_line2).line2, "Flat 2");
}

TEST(OrderJsonTest, ARowThatIsNotWhatWasWrittenThrows) {
  EXPECT_THROW(LinesFromJson(nlohmann::json::parse(R"([{"name":"x"}])")),
               nlohmann::json::exception);
  EXPECT_THROW(AddressFromJson(nlohmann::json::object()), nlohmann::json::exception);
}

}  // namespace
}  // namespace shop::order

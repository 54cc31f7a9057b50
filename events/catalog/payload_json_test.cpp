// The field rules of the catalogue's readers: required members, types, formats, nullable and
// optional members, arrays, and errors that name the event and the member.
#include "events/catalog/payload_json.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "events/catalog/catalog.hpp"
#include "events/catalog/catalog_samples.hpp"

namespace shop::events {
namespace {

constexpr const char* kId = "0f8fad5b-d9cb-469f-a165-70867728950e";
constexpr const char* kCategoryId = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

std::string WithId(const std::string& members) {
  return std::string(R"({"id":")") + kId + R"(",)" + members + "}";
}

std::string Product(const std::string& members) {
  return WithId(std::string(R"("category_id":")") + kCategoryId + R"(",)" + members);
}

TEST(PayloadJsonTest, AnAmountIsADecimalStringWithTwoFractionDigits) {
  for (const char* good : {"0.00", "19.90", "-1.00", "12345678901234.99"}) {
    EXPECT_TRUE(IsDecimalAmount(good)) << good;
  }
  for (const char* bad :
       {"", "-", "1", "1.9", "1.000", ".50", "-.50", "1,00", "+1.00", "1.0a", "a.00", "1.-0"}) {
    EXPECT_FALSE(IsDecimalAmount(bad)) << bad;
  }
}

TEST(PayloadJsonTest, DataThatIsNotAJsonObjectIsRefused) {
  for (const char* bad : {"{not json", "[1,2]", "\"text\"", "", "null"}) {
    EXPECT_EQ(testing::PayloadErrorOf([&] { UserCreated::FromJson(bad); }),
              "user.created data is not a JSON object")
        << bad;
  }
}

TEST(PayloadJsonTest, AUserWithAMissingOrMistypedMemberIsRefusedNamingIt) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"email":"a@b.c","name":null,"role":"customer","version":1})", "id"},
      {R"({"id":"not-a-uuid","email":"a@b.c","name":null,"role":"customer","version":1})", "id"},
      {WithId(R"("name":null,"role":"customer","version":1)"), "email"},
      {WithId(R"("email":"abc","name":null,"role":"customer","version":1)"), "email"},
      {WithId(R"("email":"a@b.c","role":"customer","version":1)"), "name"},
      {WithId(R"("email":"a@b.c","name":7,"role":"customer","version":1)"), "name"},
      {WithId(R"("email":"a@b.c","name":null,"version":1)"), "role"},
      {WithId(R"("email":"a@b.c","name":null,"role":"root","version":1)"), "role"},
      {WithId(R"("email":"a@b.c","name":null,"role":"customer")"), "version"},
      {WithId(R"("email":"a@b.c","name":null,"role":"customer","version":0)"), "version"},
      {WithId(R"("email":"a@b.c","name":null,"role":"customer","version":"2")"), "version"},
      {WithId(R"("email":"a@b.c","name":null,"role":"customer","version":1.5)"), "version"},
  };
  for (const auto& [data, member] : cases) {
    const std::string error = testing::PayloadErrorOf([&] { UserUpdated::FromJson(data); });
    EXPECT_TRUE(error.starts_with("user.updated data ")) << data << ": " << error;
    EXPECT_NE(error.find(member), std::string::npos) << data << ": " << error;
  }
}

TEST(PayloadJsonTest, AProductWithAMissingOrMistypedMemberIsRefused) {
  for (const std::string& bad : std::vector<std::string>{
           Product(R"("price":"1.00","stock":1,"category_name":"T","version":1)"),
           Product(R"("name":"","price":"1.00","stock":1,"category_name":"T","version":1)"),
           Product(R"("name":"B","stock":1,"category_name":"T","version":1)"),
           Product(R"("name":"B","price":1.00,"stock":1,"category_name":"T","version":1)"),
           Product(R"("name":"B","price":"1.001","stock":1,"category_name":"T","version":1)"),
           Product(R"("name":"B","price":"1.00","category_name":"T","version":1)"),
           Product(R"("name":"B","price":"1.00","stock":-1,"category_name":"T","version":1)"),
           Product(R"("name":"B","price":"1.00","stock":"3","category_name":"T","version":1)"),
           Product(R"("name":"B","price":"1.00","stock":1,"version":1)"),
           Product(R"("name":"B","price":"1.00","stock":1,"category_name":"T")"),
           Product(R"("name":"B","price":"1.00","stock":1,"category_name":"T","version":1,)"
                   R"("seller_id":"nobody")"),
           Product(R"("name":"B","price":"1.00","stock":1,"category_name":"T","version":1,)"
                   R"("description":5)"),
           WithId(R"("name":"B","price":"1.00","stock":1,"category_name":"T","version":1)"),
       }) {
    EXPECT_THROW(ProductCreated::FromJson(bad), PayloadError) << bad;
  }
}

TEST(PayloadJsonTest, AbsentAndNullOptionalMembersReadAsUnset) {
  const std::string base = R"("name":"B","price":"1.00","stock":1,"category_name":"T","version":1)";
  const ProductUpdated absent = ProductUpdated::FromJson(Product(base));
  EXPECT_EQ(absent.description, std::nullopt);
  EXPECT_EQ(absent.seller_id, std::nullopt);
  const ProductUpdated null =
      ProductUpdated::FromJson(Product(base + R"(,"description":null,"seller_id":null)"));
  EXPECT_EQ(null, absent);
  const ProductUpdated set = ProductUpdated::FromJson(
      Product(base + R"(,"description":"d","seller_id":")" + kCategoryId + R"(")"));
  EXPECT_EQ(set.description, "d");
  EXPECT_EQ(set.seller_id, kCategoryId);
}

TEST(PayloadJsonTest, ADeletionNeedsIdAndVersionAndChecksTheLastValuesItCarries) {
  const ProductDeleted bare = ProductDeleted::FromJson(WithId(R"("version":7)"));
  EXPECT_EQ(bare, (ProductDeleted{.id = kId, .version = 7}));
  EXPECT_THROW(ProductDeleted::FromJson(R"({"version":7})"), PayloadError);
  EXPECT_THROW(ProductDeleted::FromJson(WithId(R"("name":"B")")), PayloadError);
  EXPECT_THROW(ProductDeleted::FromJson(WithId(R"("price":12,"version":7)")), PayloadError);
  EXPECT_THROW(ProductDeleted::FromJson(WithId(R"("stock":-1,"version":7)")), PayloadError);
  EXPECT_THROW(UserDeleted::FromJson(WithId(R"("role":"root","version":2)")), PayloadError);
  EXPECT_THROW(CategoryDeleted::FromJson(WithId(R"("version":2)")), PayloadError);  // name
  const CategoryDeleted category =
      CategoryDeleted::FromJson(WithId(R"("name":"Toys","parent_id":null,"version":2)"));
  EXPECT_EQ(category, (CategoryDeleted{.id = kId, .name = "Toys", .version = 2}));
}

TEST(PayloadJsonTest, ACheckoutNeedsLinesThatAreObjectsWithinTheirLimits) {
  const std::string head = std::string(R"({"checkout_id":")") + kId + R"(","user_id":")" +
                           kCategoryId +
                           R"(","subtotal":"1.00","discount":"0.00","total":"1.00",)"
                           R"("promo_code":null,"version":1,"lines":)";
  const std::string line = std::string(R"({"product_id":")") + kId +
                           R"(","name":"B","category_name":"","unit_price":"1.00",)"
                           R"("line_total":"1.00","quantity":)";
  EXPECT_EQ(CartCheckedOut::FromJson(head + "[" + line + "1}]}").lines.size(), 1u);
  EXPECT_THROW(CartCheckedOut::FromJson(head + "[]}"), PayloadError);
  EXPECT_THROW(CartCheckedOut::FromJson(head + "{}}"), PayloadError);
  EXPECT_THROW(CartCheckedOut::FromJson(head + "[7]}"), PayloadError);
  EXPECT_THROW(CartCheckedOut::FromJson(head + "[" + line + "0}]}"), PayloadError);
  EXPECT_NE(testing::PayloadErrorOf([&] {
              CartCheckedOut::FromJson(head + "[" + line + "100}]}");
            }).find("cart.checked_out data lines[] has no integer quantity"),
            std::string::npos);
}

}  // namespace
}  // namespace shop::events

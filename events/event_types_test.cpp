#include "events/event_types.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace shop::events {
namespace {

TEST(EventTypeTest, RegistryHoldsEveryPlatformEventType) {
  const std::set<std::string> expected = {
      "user.created",     "user.updated",     "user.deleted",    "category.created",
      "category.updated", "category.deleted", "product.created", "product.updated",
      "product.deleted",  "cart.checked_out"};
  std::set<std::string> actual;
  for (const EventTypeInfo& info : KnownEventTypes()) {
    actual.emplace(info.type);
  }
  EXPECT_EQ(actual, expected);
  EXPECT_EQ(KnownEventTypes().size(), expected.size());
}

TEST(EventTypeTest, TopicIsTheTypeAndSchemaIdNamesTypeAndVersion) {
  EXPECT_TRUE(IsKnownType("category.updated"));
  EXPECT_EQ(TopicOf("category.updated"), "category.updated");
  EXPECT_EQ(SchemaIdOf("category.updated"), "urn:shop:schema:category.updated:v1");
  EXPECT_EQ(SchemaIdOf("cart.checked_out"), "urn:shop:schema:cart.checked_out:v1");
  for (const EventTypeInfo& info : KnownEventTypes()) {
    EXPECT_EQ(info.topic, info.type);
    EXPECT_EQ(info.schema_id.substr(0, 16), "urn:shop:schema:");
  }
}

TEST(EventTypeTest, UnknownTypesAreRejected) {
  EXPECT_FALSE(IsKnownType("category.renamed"));
  EXPECT_FALSE(IsKnownType(""));
  EXPECT_FALSE(IsKnownType("Category.Updated"));
  EXPECT_FALSE(SchemaIdOf("order.placed").has_value());
  EXPECT_FALSE(TopicOf("order.placed").has_value());
}

}  // namespace
}  // namespace shop::events

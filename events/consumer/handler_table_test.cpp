// The typed handler table without a database: topics come from the handled types, a type is
// handled once, and an event is read (schema id and data checked) before any transaction.
#include "events/consumer/handler_table.hpp"

#include <gtest/gtest.h>

#include "events/catalog/catalog.hpp"

namespace shop::events::consumer {
namespace {

constexpr const char* kId = "0191d0a2-7c4e-7a3b-9f10-2b3c4d5e6f70";

HandlerTable CategoryHandlers() {
  HandlerTable handlers;
  handlers.On<CategoryCreated>([](pqxx::work&, const CategoryState&) {})
      .On<CategoryUpdated>([](pqxx::work&, const CategoryUpdated&, const CloudEvent&) {})
      .On<CategoryDeleted>([](pqxx::work&, const CategoryDeleted&) {});
  return handlers;
}

CloudEvent Envelope(const EventTypeInfo& type, std::string data) {
  return CloudEvent{.id = "0191d0a2-0000-7000-8000-000000000001",
                    .source = "/services/test",
                    .type = std::string(type.type),
                    .time = "2024-05-01T12:00:00.000Z",
                    .subject = kId,
                    .data_schema = std::string(type.schema_id),
                    .traceparent = std::nullopt,
                    .data = std::move(data)};
}

std::string CategoryData(int version) {
  return CategoryUpdated{
      {.id = kId, .name = "Books", .slug = "books", .parent_id = std::nullopt, .version = version}}
      .ToJson();
}

TEST(HandlerTableTest, TheTopicsAreThoseOfTheHandledTypes) {
  EXPECT_EQ(CategoryHandlers().Topics(),
            (std::vector<std::string>{"category.created", "category.deleted", "category.updated"}));
  EXPECT_TRUE(HandlerTable().Topics().empty());
  EXPECT_TRUE(HandlerTable().empty());
}

TEST(HandlerTableTest, OnlyHandledTypesAreFound) {
  const HandlerTable handlers = CategoryHandlers();
  EXPECT_NE(handlers.Find("category.updated"), nullptr);
  EXPECT_EQ(handlers.Find("product.updated"), nullptr);
  EXPECT_EQ(handlers.Find("category.renamed"), nullptr);
}

TEST(HandlerTableTest, ATypeHasOneHandler) {
  HandlerTable handlers = CategoryHandlers();
  EXPECT_THROW(handlers.On<CategoryUpdated>([](pqxx::work&, const CategoryUpdated&) {}),
               std::invalid_argument);
}

TEST(HandlerTableTest, AnEventIsReadBeforeItIsApplied) {
  const HandlerTable handlers = CategoryHandlers();
  const HandlerTable::Reader& read = *handlers.Find("category.updated");
  EXPECT_TRUE(read(Envelope(CategoryUpdated::kType, CategoryData(2))));
  EXPECT_THROW(read(Envelope(CategoryUpdated::kType, R"({"id":"x","version":2})")), PayloadError);
  EXPECT_THROW(read(Envelope(CategoryUpdated::kType, "not json")), PayloadError);
}

TEST(HandlerTableTest, DataOfAnotherSchemaVersionIsRefused) {
  const HandlerTable handlers = CategoryHandlers();
  CloudEvent envelope = Envelope(CategoryUpdated::kType, CategoryData(2));
  envelope.data_schema = "urn:shop:schema:category.updated:v2";
  try {
    (*handlers.Find("category.updated"))(envelope);
    FAIL() << "a v2 event was read as v1";
  } catch (const PayloadError& e) {
    EXPECT_NE(std::string(e.what()).find("urn:shop:schema:category.updated:v2"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace shop::events::consumer

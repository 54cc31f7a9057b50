// The catalogue against the contracts: each type has its schema file with the catalogue's schema
// id and each schema folder is a type; every topic is created by deploy/local/kafka/topics.txt;
// FromJson accepts each valid example and refuses each invalid one; FromJson(ToJson(x)) == x.
#include "events/catalog/catalog.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "events/catalog/catalog_samples.hpp"
#include "tests/support/deployed_topics.hpp"

namespace shop::events {
namespace {

const std::filesystem::path kSchemas = std::filesystem::path(SHOP_SOURCE_DIR) / "schemas/events";

std::set<std::string> CatalogueTypes() {
  std::set<std::string> types;
  for (const EventTypeInfo& info : kKnownEventTypes) {
    types.emplace(info.type);
  }
  return types;
}

// Parses `data` with the FromJson of the catalogue type named `type`; false when there is none.
bool ParseAs(const std::string& type, const std::string& data) {
  bool found = false;
  ForEachEventType([&]<typename T>() {
    if (T::kType.type == type) {
      found = true;
      T::FromJson(data);
    }
  });
  return found;
}

TEST(EventCatalogTest, EachTypeHasItsSchemaFileWithTheCataloguesSchemaId) {
  EXPECT_EQ(kKnownEventTypes.size(), 27u);
  for (const EventTypeInfo& info : kKnownEventTypes) {
    const std::string version(info.schema_id.substr(info.schema_id.rfind(':') + 1));
    const std::filesystem::path file = kSchemas / std::string(info.type) / (version + ".json");
    std::ifstream in(file);
    ASSERT_TRUE(in) << "no schema file " << file;
    EXPECT_EQ(nlohmann::json::parse(in).at("$id"), info.schema_id) << file;
  }
}

TEST(EventCatalogTest, EachSchemaFolderIsATypeOfTheCatalogue) {
  std::set<std::string> folders;
  for (const auto& entry : std::filesystem::directory_iterator(kSchemas)) {
    if (entry.is_directory()) {
      folders.insert(entry.path().filename().string());
    }
  }
  EXPECT_EQ(folders, CatalogueTypes());
}

TEST(EventCatalogTest, TopicsTxtCreatesEveryTopicOfTheCatalogue) {
  const std::set<std::string> deployed = shop::testing::DeployedTopics();
  ASSERT_FALSE(deployed.empty());
  for (const EventTypeInfo& info : kKnownEventTypes) {
    EXPECT_TRUE(deployed.contains(std::string(info.topic)))
        << info.topic << " is missing from deploy/local/kafka/topics.txt";
  }
}

TEST(EventCatalogTest, FromJsonAcceptsEachValidExampleAndRefusesEachInvalidOne) {
  const std::vector<testing::ExampleFile> examples = testing::SchemaExamples();
  std::set<std::string> types_with_examples;
  for (const testing::ExampleFile& example : examples) {
    types_with_examples.insert(example.type);
    const std::string where = example.type + "/examples/" + example.name;
    if (example.valid) {
      EXPECT_NO_THROW(EXPECT_TRUE(ParseAs(example.type, example.data)) << where) << where;
    } else {
      EXPECT_THROW(ParseAs(example.type, example.data), PayloadError) << where;
    }
  }
  EXPECT_EQ(types_with_examples, CatalogueTypes());
}

TEST(EventCatalogTest, ReadingWhatAnEventWritesGivesTheSameEvent) {
  ForEachEventType([]<typename T>() {
    const std::vector<T> samples = testing::SamplesOf<T>();
    EXPECT_GE(samples.size(), 2u) << T::kType.type;
    for (const T& sample : samples) {
      EXPECT_EQ(T::FromJson(sample.ToJson()), sample) << sample.ToJson();
      EXPECT_FALSE(sample.AggregateId().empty()) << T::kType.type;
    }
  });
}

TEST(EventCatalogTest, ValidExamplesKeepTheirMeaningWhenWrittenAgain) {
  for (const testing::ExampleFile& example : testing::SchemaExamples()) {
    if (!example.valid) {
      continue;
    }
    ForEachEventType([&]<typename T>() {
      if (T::kType.type == example.type) {
        const T read = T::FromJson(example.data);
        EXPECT_EQ(T::FromJson(read.ToJson()), read) << example.type << "/" << example.name;
      }
    });
  }
}

TEST(EventCatalogTest, UnknownMembersAreIgnoredAndOrderDoesNotMatter) {
  const CategoryUpdated read = CategoryUpdated::FromJson(
      R"({"version":3,"added_later":{"x":[1,2]},"parent_id":null,"slug":"books",)"
      R"("name":"Books","id":"0191d0a2-7c4e-7a3b-9f10-2b3c4d5e6f70"})");
  EXPECT_EQ(read, (CategoryUpdated{{.id = "0191d0a2-7c4e-7a3b-9f10-2b3c4d5e6f70",
                                    .name = "Books",
                                    .slug = "books",
                                    .parent_id = std::nullopt,
                                    .version = 3}}));
}

TEST(EventCatalogTest, StatesAreWrittenInFullAndDeletionsOnlyWithWhatTheyCarry) {
  const auto product = nlohmann::json::parse(testing::SamplesOf<ProductCreated>()[1].ToJson());
  EXPECT_TRUE(product.at("description").is_null());
  EXPECT_TRUE(product.at("seller_id").is_null());
  const auto bare = nlohmann::json::parse(
      ProductDeleted{.id = "0191d0b3-1111-7abc-8def-0123456789ab", .version = 5}.ToJson());
  EXPECT_EQ(bare, (nlohmann::json{{"id", "0191d0b3-1111-7abc-8def-0123456789ab"}, {"version", 5}}));
  const auto checkout = nlohmann::json::parse(testing::SamplesOf<CartCheckedOut>()[1].ToJson());
  EXPECT_TRUE(checkout.at("promo_code").is_null());
}

TEST(EventCatalogTest, ADeletionTellsWhetherItCarriesTheLastState) {
  const ProductDeleted full =
      ProductDeleted::WithLastState(testing::SamplesOf<ProductCreated>()[0]);
  EXPECT_TRUE(full.HasLastState());
  EXPECT_EQ(full.version, 1);
  EXPECT_EQ(full.price, "59.90");
  EXPECT_FALSE(testing::SamplesOf<ProductDeleted>()[2].HasLastState());
  EXPECT_FALSE(testing::SamplesOf<ProductDeleted>()[3].HasLastState());  // a price alone
}

}  // namespace
}  // namespace shop::events

// Every category change writes its event to the outbox in the same transaction; a refused change
// writes nothing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "service_process.hpp"

namespace shop::testing {
namespace {

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

struct OutboxRow {
  std::string type;
  std::string key;
  nlohmann::json payload;
  nlohmann::json headers;
};

std::vector<OutboxRow> ReadOutbox(const std::string& database) {
  pqxx::connection connection(database);
  pqxx::work txn(connection);
  std::vector<OutboxRow> rows;
  for (const auto& r :
       txn.exec("SELECT event_type, key, payload::text, headers::text FROM outbox ORDER BY id")) {
    rows.push_back({r[0].as<std::string>(), r[1].as<std::string>(),
                    nlohmann::json::parse(r[2].as<std::string>()),
                    nlohmann::json::parse(r[3].as<std::string>())});
  }
  return rows;
}

TEST(CategoryOutboxTest, CreateRenameDeleteWriteOneEventEachWithGrowingVersions) {
  const std::string database = CreateDatabase("category_outbox");
  ServiceProcess service(CATEGORY_SERVICE_BIN, database);
  const std::string traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  const HttpResult created =
      service.Call("POST", "/api/categories", R"({"name":"Toys"})",
                   {{"Content-Type", "application/json"}, {"traceparent", traceparent}});
  ASSERT_EQ(created.status, 201u) << created.body;
  const std::string id = nlohmann::json::parse(created.body).at("id");
  ASSERT_EQ(service.Call("PATCH", "/api/categories/" + id, R"({"name":"Games"})", kJson).status,
            200u);
  ASSERT_EQ(service.Call("DELETE", "/api/categories/" + id).status, 204u);

  const std::vector<OutboxRow> rows = ReadOutbox(database);
  ASSERT_EQ(rows.size(), 3u);
  const std::vector<std::string> types = {"category.created", "category.updated",
                                          "category.deleted"};
  const std::vector<std::string> names = {"Toys", "Games", "Games"};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].type, types[i]);
    EXPECT_EQ(rows[i].key, id);
    EXPECT_EQ(rows[i].payload.at("id"), id);
    EXPECT_EQ(rows[i].payload.at("name"), names[i]);
    EXPECT_EQ(rows[i].payload.at("version"), static_cast<int>(i) + 1);
    EXPECT_EQ(rows[i].headers.at("ce_type"), types[i]);
    EXPECT_EQ(rows[i].headers.at("ce_source"), "/services/category");
    EXPECT_EQ(rows[i].headers.at("ce_subject"), id);
    EXPECT_EQ(rows[i].headers.at("ce_specversion"), "1.0");
  }
  EXPECT_EQ(rows[0].headers.at("traceparent"), traceparent);
}

TEST(CategoryOutboxTest, RefusedChangesWriteNoEvent) {
  const std::string database = CreateDatabase("category_outbox_refused");
  ServiceProcess service(CATEGORY_SERVICE_BIN, database);
  const HttpResult parent = service.Call("POST", "/api/categories", R"({"name":"Parent"})", kJson);
  ASSERT_EQ(parent.status, 201u);
  const std::string parent_id = nlohmann::json::parse(parent.body).at("id");
  const auto child = nlohmann::json{{"name", "Child"}, {"parent_id", parent_id}};
  ASSERT_EQ(service.Call("POST", "/api/categories", child.dump(), kJson).status, 201u);

  EXPECT_EQ(service.Call("POST", "/api/categories", R"({"name":"parent"})", kJson).status, 409u);
  EXPECT_EQ(service.Call("DELETE", "/api/categories/" + parent_id).status, 409u);
  EXPECT_EQ(
      service.Call("PATCH", "/api/categories/" + parent_id, R"({"name":"Parent"})", kJson).status,
      200u);  // no change, no event
  EXPECT_EQ(ReadOutbox(database).size(), 2u);
}

}  // namespace
}  // namespace shop::testing

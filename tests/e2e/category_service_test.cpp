// category-service's HTTP API, driven over real sockets against a real Postgres.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "service_process.hpp"

namespace shop::testing {
namespace {

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

class CategoryApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    try {
      service_ =
          std::make_unique<ServiceProcess>(CATEGORY_SERVICE_BIN, CreateDatabase("category_api"));
    } catch (const std::exception& e) {
      setup_error_ = e.what();  // reported as a failure by SetUp, not as a skip
    }
  }
  void SetUp() override {
    ASSERT_NE(service_, nullptr) << "service did not start: " << setup_error_;
  }
  static void TearDownTestSuite() { service_.reset(); }
  static HttpResult Post(const std::string& body) {
    return service_->Call("POST", "/api/categories", body, kJson);
  }
  static void ExpectProblem(const HttpResult& result, unsigned status) {
    EXPECT_EQ(result.status, status) << result.body;
    EXPECT_EQ(result.headers.at("content-type"), "application/problem+json");
    const auto problem = nlohmann::json::parse(result.body);
    EXPECT_EQ(problem.at("status"), status);
    EXPECT_TRUE(problem.contains("type"));
    EXPECT_TRUE(problem.contains("title"));
    EXPECT_TRUE(problem.contains("detail"));
  }
  static inline std::string setup_error_;
  static inline std::unique_ptr<ServiceProcess> service_;  // one process and database per suite
};

TEST_F(CategoryApiTest, CreatedCategoryCanBeReadBack) {
  const HttpResult created = Post(R"({"name":"  Home   & Garden "})");
  ASSERT_EQ(created.status, 201u) << created.body;
  const auto body = nlohmann::json::parse(created.body);
  EXPECT_EQ(body.at("name"), "Home & Garden");
  EXPECT_EQ(body.at("slug"), "home-garden");
  EXPECT_TRUE(body.at("parent_id").is_null());
  EXPECT_EQ(body.at("version"), 1);
  const std::string id = body.at("id");
  EXPECT_EQ(created.headers.at("location"), "/api/categories/" + id);

  const HttpResult read = service_->Call("GET", "/api/categories/" + id);
  ASSERT_EQ(read.status, 200u);
  EXPECT_EQ(nlohmann::json::parse(read.body), body);
}

TEST_F(CategoryApiTest, ListContainsCreatedCategories) {
  const auto parent = nlohmann::json::parse(Post(R"({"name":"Listed Parent"})").body);
  const auto child_body = nlohmann::json{{"name", "Listed Child"}, {"parent_id", parent.at("id")}};
  const HttpResult child = Post(child_body.dump());
  ASSERT_EQ(child.status, 201u) << child.body;

  const auto list = nlohmann::json::parse(service_->Call("GET", "/api/categories").body);
  int found = 0;
  for (const auto& item : list.at("items")) {
    if (item.at("name") == "Listed Parent" || item.at("name") == "Listed Child") {
      ++found;
    }
    if (item.at("name") == "Listed Child") {
      EXPECT_EQ(item.at("parent_id"), parent.at("id"));
    }
  }
  EXPECT_EQ(found, 2);
}

TEST_F(CategoryApiTest, SiblingWithTheSameNameIsAConflict) {
  ASSERT_EQ(Post(R"({"name":"Unique Sibling"})").status, 201u);
  ExpectProblem(Post(R"({"name":"unique sibling"})"), 409);
}

TEST_F(CategoryApiTest, SameNameUnderAnotherParentIsAllowed) {
  const auto parent = nlohmann::json::parse(Post(R"({"name":"Other Parent"})").body);
  ASSERT_EQ(Post(R"({"name":"Shared Name"})").status, 201u);
  const auto body = nlohmann::json{{"name", "Shared Name"}, {"parent_id", parent.at("id")}};
  EXPECT_EQ(Post(body.dump()).status, 201u);
}

TEST_F(CategoryApiTest, UnknownParentIsUnprocessable) {
  ExpectProblem(Post(R"({"name":"Orphan","parent_id":"0f8fad5b-d9cb-469f-a165-70867728950e"})"),
                422);
}

TEST_F(CategoryApiTest, InvalidFieldsAreUnprocessable) {
  ExpectProblem(Post(R"({"name":"   "})"), 422);
  ExpectProblem(Post(R"({"name":42})"), 422);
  ExpectProblem(Post(R"({"name":"x","parent_id":"not-a-uuid"})"), 422);
  ExpectProblem(Post(R"({})"), 422);
}

TEST_F(CategoryApiTest, MalformedJsonIsABadRequest) {
  ExpectProblem(Post(R"({"name": "unterminated)"), 400);
  ExpectProblem(Post(R"([1,2,3])"), 400);
}

TEST_F(CategoryApiTest, BodyOverOneMebibyteIsRejectedWith413) {
  const std::string two_mib(2 * 1024 * 1024, 'x');
  HttpResult result;
  try {
    result = Post(R"({"name":")" + two_mib + R"("})");
  } catch (const std::exception& e) {
    FAIL() << "expected a 413 answer, got " << e.what();
  }
  ExpectProblem(result, 413);
}

TEST_F(CategoryApiTest, UnknownCategoryIsNotFound) {
  ExpectProblem(service_->Call("GET", "/api/categories/0f8fad5b-d9cb-469f-a165-70867728950e"), 404);
  ExpectProblem(service_->Call("GET", "/api/categories/not-a-uuid"), 404);
  ExpectProblem(service_->Call("GET", "/api/nothing-here"), 404);
}

TEST_F(CategoryApiTest, WrongMethodIs405WithAllow) {
  const HttpResult result = service_->Call("PUT", "/api/categories", "{}", kJson);
  ExpectProblem(result, 405);
  EXPECT_NE(result.headers.at("allow").find("POST"), std::string::npos);
  EXPECT_NE(result.headers.at("allow").find("GET"), std::string::npos);
}

TEST_F(CategoryApiTest, RequestIdIsEchoedOrGenerated) {
  const HttpResult echoed = service_->Call("GET", "/health", {}, {{"X-Request-ID", "req-abc.123"}});
  EXPECT_EQ(echoed.headers.at("x-request-id"), "req-abc.123");
  const HttpResult generated = service_->Call("GET", "/health");
  EXPECT_FALSE(generated.headers.at("x-request-id").empty());
}

TEST_F(CategoryApiTest, TraceparentIsPassedThrough) {
  const std::string traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  const HttpResult result = service_->Call("GET", "/health", {}, {{"traceparent", traceparent}});
  EXPECT_EQ(result.headers.at("traceparent"), traceparent);
}

TEST_F(CategoryApiTest, ReadyIsTrueWhenDatabaseAndMigrationsAreThere) {
  const HttpResult ready = service_->Call("GET", "/ready");
  EXPECT_EQ(ready.status, 200u) << ready.body;
}

}  // namespace
}  // namespace shop::testing

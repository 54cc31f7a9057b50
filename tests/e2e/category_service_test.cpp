// category-service's HTTP API, driven over real sockets against a real Postgres.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "problem_checks.hpp"
#include "service_process.hpp"
#include "test_identity.hpp"

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
  static HttpResult Patch(const std::string& id, const std::string& body) {
    return service_->Call("PATCH", "/api/categories/" + id, body, kJson);
  }
  static HttpResult Delete(const std::string& id) {
    return service_->Call("DELETE", "/api/categories/" + id);
  }
  // Creates a category and returns its id (fails the test on anything but 201).
  static std::string Create(const std::string& name, const std::string& parent_id = {}) {
    nlohmann::json body{{"name", name}};
    if (!parent_id.empty()) {
      body["parent_id"] = parent_id;
    }
    const HttpResult created = Post(body.dump());
    EXPECT_EQ(created.status, 201u) << created.body;
    return nlohmann::json::parse(created.body).at("id");
  }
  // A problem (problem_checks.hpp) that says what was wrong.
  static void ExpectProblem(const HttpResult& result, unsigned status) {
    shop::testing::ExpectProblem(result, status);
    EXPECT_TRUE(nlohmann::json::parse(result.body).contains("detail")) << result.body;
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

TEST_F(CategoryApiTest, RenameBumpsTheVersionAndTheSlug) {
  const std::string id = Create("Paperbacks");
  const HttpResult renamed = Patch(id, R"({"name":"  Used   Paperbacks "})");
  ASSERT_EQ(renamed.status, 200u) << renamed.body;
  const auto body = nlohmann::json::parse(renamed.body);
  EXPECT_EQ(body.at("id"), id);
  EXPECT_EQ(body.at("name"), "Used Paperbacks");
  EXPECT_EQ(body.at("slug"), "used-paperbacks");
  EXPECT_TRUE(body.at("parent_id").is_null());
  EXPECT_EQ(body.at("version"), 2);
  EXPECT_EQ(nlohmann::json::parse(service_->Call("GET", "/api/categories/" + id).body), body);
}

TEST_F(CategoryApiTest, PatchThatChangesNothingKeepsTheVersion) {
  const std::string id = Create("Unchanged");
  for (const char* body : {R"({"name":"Unchanged"})", R"({"parent_id":null})", R"({})"}) {
    const HttpResult result = Patch(id, body);
    ASSERT_EQ(result.status, 200u) << result.body;
    EXPECT_EQ(nlohmann::json::parse(result.body).at("version"), 1) << body;
  }
}

TEST_F(CategoryApiTest, RenameIntoASiblingsNameIsAConflict) {
  const std::string parent = Create("Rename Parent");
  Create("Taken Name", parent);
  const std::string id = Create("Free Name", parent);
  ExpectProblem(Patch(id, R"({"name":"TAKEN name"})"), 409);
  const auto unchanged = nlohmann::json::parse(service_->Call("GET", "/api/categories/" + id).body);
  EXPECT_EQ(unchanged.at("name"), "Free Name");
  EXPECT_EQ(unchanged.at("version"), 1);
}

TEST_F(CategoryApiTest, MoveUnderItselfOrOwnDescendantIsUnprocessable) {
  const std::string top = Create("Cycle Top");
  const std::string middle = Create("Cycle Middle", top);
  const std::string bottom = Create("Cycle Bottom", middle);
  ExpectProblem(Patch(top, nlohmann::json{{"parent_id", bottom}}.dump()), 422);
  ExpectProblem(Patch(top, nlohmann::json{{"parent_id", middle}}.dump()), 422);
  ExpectProblem(Patch(middle, nlohmann::json{{"parent_id", middle}}.dump()), 422);
  const auto still = nlohmann::json::parse(service_->Call("GET", "/api/categories/" + top).body);
  EXPECT_TRUE(still.at("parent_id").is_null());
  EXPECT_EQ(still.at("version"), 1);
}

TEST_F(CategoryApiTest, MoveUnderAnotherBranchThenToTheRootWithNullParent) {
  const std::string left = Create("Move Left");
  const std::string right = Create("Move Right");
  const std::string leaf = Create("Move Leaf", left);

  const HttpResult moved = Patch(leaf, nlohmann::json{{"parent_id", right}}.dump());
  ASSERT_EQ(moved.status, 200u) << moved.body;
  EXPECT_EQ(nlohmann::json::parse(moved.body).at("parent_id"), right);
  EXPECT_EQ(nlohmann::json::parse(moved.body).at("version"), 2);

  const HttpResult to_root = Patch(leaf, R"({"parent_id":null})");
  ASSERT_EQ(to_root.status, 200u) << to_root.body;
  const auto body = nlohmann::json::parse(to_root.body);
  EXPECT_TRUE(body.at("parent_id").is_null());
  EXPECT_EQ(body.at("version"), 3);
  EXPECT_EQ(body.at("name"), "Move Leaf");
}

TEST_F(CategoryApiTest, MoveUnderUnknownParentIsUnprocessable) {
  const std::string id = Create("Homeless");
  ExpectProblem(Patch(id, R"({"parent_id":"0f8fad5b-d9cb-469f-a165-70867728950e"})"), 422);
  ExpectProblem(Patch(id, R"({"parent_id":"not-a-uuid"})"), 422);
  ExpectProblem(Patch(id, R"({"name":"   "})"), 422);
  ExpectProblem(Patch(id, R"({"name":null})"), 422);
}

TEST_F(CategoryApiTest, PatchWithMalformedJsonIsABadRequest) {
  const std::string id = Create("Malformed Patch Target");
  ExpectProblem(Patch(id, R"({"name": "unterminated)"), 400);
  ExpectProblem(Patch(id, R"([1,2,3])"), 400);
}

TEST_F(CategoryApiTest, PatchOfUnknownCategoryIsNotFound) {
  ExpectProblem(Patch("0f8fad5b-d9cb-469f-a165-70867728950e", R"({"name":"Ghost"})"), 404);
  ExpectProblem(Patch("not-a-uuid", R"({"name":"Ghost"})"), 404);
}

TEST_F(CategoryApiTest, DeletedLeafIsGone) {
  const std::string id = Create("Short Lived");
  const HttpResult deleted = Delete(id);
  EXPECT_EQ(deleted.status, 204u) << deleted.body;
  EXPECT_TRUE(deleted.body.empty());
  ExpectProblem(service_->Call("GET", "/api/categories/" + id), 404);
  ExpectProblem(Delete(id), 404);
}

TEST_F(CategoryApiTest, DeleteOfACategoryWithChildrenIsAConflict) {
  const std::string parent = Create("Busy Parent");
  const std::string child = Create("Busy Child", parent);
  ExpectProblem(Delete(parent), 409);
  EXPECT_EQ(service_->Call("GET", "/api/categories/" + parent).status, 200u);
  // Once the child is gone the parent can go too.
  EXPECT_EQ(Delete(child).status, 204u);
  EXPECT_EQ(Delete(parent).status, 204u);
}

TEST_F(CategoryApiTest, DeleteOfUnknownCategoryIsNotFound) {
  ExpectProblem(Delete("0f8fad5b-d9cb-469f-a165-70867728950e"), 404);
  ExpectProblem(Delete("not-a-uuid"), 404);
}

}  // namespace
}  // namespace shop::testing

namespace shop::testing {
namespace {

TEST_F(CategoryApiTest, OnlyAdminsWriteCategories) {
  const std::string customer =
      TestIdentity::Shared().Token("0190a3c4-0000-7000-8000-00000000c0c0", "customer");
  const std::string seller =
      TestIdentity::Shared().Token("0190a3c4-0000-7000-8000-00000000c0c1", "seller");
  const std::string body = R"({"name": "Forbidden fruit"})";
  for (const std::string& token : {customer, seller}) {
    const HttpResult r = service_->Call(
        "POST", "/api/categories", body,
        {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}});
    EXPECT_EQ(r.status, 403u) << r.body;
    EXPECT_EQ(r.headers.at("content-type"), "application/problem+json");
  }
  const HttpResult anonymous =
      service_->Call("POST", "/api/categories", body,
                     {{"Content-Type", "application/json"}, {"Authorization", ""}});
  EXPECT_EQ(anonymous.status, 401u);
  const std::string id = Create("Orchard");
  const HttpResult rename = service_->Call(
      "PATCH", "/api/categories/" + id, R"({"name": "Mine"})",
      {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + customer}});
  EXPECT_EQ(rename.status, 403u);
  EXPECT_EQ(
      service_
          ->Call("DELETE", "/api/categories/" + id, {}, {{"Authorization", "Bearer " + customer}})
          .status,
      403u);
  EXPECT_EQ(service_->Call("GET", "/api/categories/" + id, {}, {{"Authorization", ""}}).status,
            200u)
      << "reads are public";
}

}  // namespace
}  // namespace shop::testing

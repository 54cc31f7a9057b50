// GET /api/categories?tree=true against a real service and Postgres: the nested view of the
// category tree, and how it follows moves.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "service_process.hpp"

namespace shop::testing {
namespace {

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

// One process and one database for the suite; every test asserts on the subtree it created.
class CategoryTreeApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    try {
      service_ =
          std::make_unique<ServiceProcess>(CATEGORY_SERVICE_BIN, CreateDatabase("category_tree"));
    } catch (const std::exception& e) {
      setup_error_ = e.what();
    }
  }
  void SetUp() override {
    ASSERT_NE(service_, nullptr) << "service did not start: " << setup_error_;
  }
  static void TearDownTestSuite() { service_.reset(); }

  static std::string Create(const std::string& name, const std::string& parent_id = {}) {
    nlohmann::json body{{"name", name}};
    if (!parent_id.empty()) {
      body["parent_id"] = parent_id;
    }
    const HttpResult created = service_->Call("POST", "/api/categories", body.dump(), kJson);
    EXPECT_EQ(created.status, 201u) << created.body;
    return nlohmann::json::parse(created.body).at("id");
  }
  static nlohmann::json Tree() {
    const HttpResult result = service_->Call("GET", "/api/categories?tree=true");
    EXPECT_EQ(result.status, 200u) << result.body;
    return nlohmann::json::parse(result.body).at("items");
  }
  // The node with `id` among `nodes`, or null json when absent.
  static nlohmann::json FindIn(const nlohmann::json& nodes, const std::string& id) {
    for (const auto& node : nodes) {
      if (node.at("id") == id) {
        return node;
      }
    }
    return nullptr;
  }
  static std::vector<std::string> Names(const nlohmann::json& nodes) {
    std::vector<std::string> names;
    for (const auto& node : nodes) {
      names.push_back(node.at("name"));
    }
    return names;
  }

  static inline std::string setup_error_;
  static inline std::unique_ptr<ServiceProcess> service_;
};

TEST_F(CategoryTreeApiTest, TreeNestsChildrenUnderTheirParentsOrderedByName) {
  const std::string root = Create("Tree Root");
  const std::string zebra = Create("zebra", root);
  const std::string apple = Create("Apple", root);
  const std::string leaf = Create("Leaf", apple);

  const nlohmann::json node = FindIn(Tree(), root);
  ASSERT_FALSE(node.is_null()) << "roots must be at the top level";
  EXPECT_TRUE(node.at("parent_id").is_null());
  EXPECT_EQ(node.at("slug"), "tree-root");
  EXPECT_EQ(node.at("version"), 1);
  ASSERT_EQ(Names(node.at("children")), (std::vector<std::string>{"Apple", "zebra"}));
  const nlohmann::json& apple_node = node.at("children")[0];
  EXPECT_EQ(apple_node.at("id"), apple);
  EXPECT_EQ(apple_node.at("parent_id"), root);
  ASSERT_EQ(apple_node.at("children").size(), 1u);
  EXPECT_EQ(apple_node.at("children")[0].at("id"), leaf);
  EXPECT_TRUE(apple_node.at("children")[0].at("children").empty());
  EXPECT_EQ(node.at("children")[1].at("id"), zebra);
  EXPECT_TRUE(FindIn(Tree(), apple).is_null()) << "children must not appear at the top level";
}

TEST_F(CategoryTreeApiTest, EveryTopLevelItemIsARoot) {
  const std::string root = Create("Only Roots");
  Create("Not A Root", root);
  for (const auto& item : Tree()) {
    EXPECT_TRUE(item.at("parent_id").is_null()) << item.dump();
  }
}

TEST_F(CategoryTreeApiTest, TreeFollowsAMove) {
  const std::string from = Create("Move From");
  const std::string to = Create("Move To");
  const std::string moving = Create("Moving", from);
  const HttpResult moved = service_->Call("PATCH", "/api/categories/" + moving,
                                          nlohmann::json{{"parent_id", to}}.dump(), kJson);
  ASSERT_EQ(moved.status, 200u) << moved.body;

  const nlohmann::json tree = Tree();
  EXPECT_TRUE(FindIn(tree, from).at("children").empty());
  const nlohmann::json under = FindIn(FindIn(tree, to).at("children"), moving);
  ASSERT_FALSE(under.is_null());
  EXPECT_EQ(under.at("version"), 2);
}

TEST_F(CategoryTreeApiTest, FlatListIsTheDefaultAndOtherTreeValuesAreBadRequests) {
  const std::string root = Create("Flat Root");
  const std::string child = Create("Flat Child", root);
  const auto flat =
      nlohmann::json::parse(service_->Call("GET", "/api/categories?tree=false").body).at("items");
  EXPECT_FALSE(FindIn(flat, child).is_null());
  EXPECT_FALSE(FindIn(flat, root).contains("children"));
  const HttpResult bad = service_->Call("GET", "/api/categories?tree=yes");
  EXPECT_EQ(bad.status, 400u) << bad.body;
  EXPECT_EQ(bad.headers.at("content-type"), "application/problem+json");
}

// a under b and b under a at the same time: each alone is valid, together they close a cycle.
// Moves serialise on the tree lock, so the second one sees the first and is refused.
TEST_F(CategoryTreeApiTest, ConcurrentCrossMovesNeverCloseACycle) {
  for (int round = 0; round < 10; ++round) {
    const std::string a = Create("Cross A " + std::to_string(round));
    const std::string b = Create("Cross B " + std::to_string(round));
    HttpResult a_under_b;
    HttpResult b_under_a;
    std::thread first([&] {
      a_under_b = service_->Call("PATCH", "/api/categories/" + a,
                                 nlohmann::json{{"parent_id", b}}.dump(), kJson);
    });
    std::thread second([&] {
      b_under_a = service_->Call("PATCH", "/api/categories/" + b,
                                 nlohmann::json{{"parent_id", a}}.dump(), kJson);
    });
    first.join();
    second.join();
    const std::multiset<unsigned> statuses = {a_under_b.status, b_under_a.status};
    EXPECT_EQ(statuses, (std::multiset<unsigned>{200u, 422u})) << a_under_b.body << "\n"
                                                               << b_under_a.body;
  }
  // The tree is still a forest: building it succeeds (a cycle would make it fail with a 500).
  Tree();
}

}  // namespace
}  // namespace shop::testing

#include "gateway/routing/route_table.hpp"

#include <gtest/gtest.h>

namespace shop::gateway {
namespace {

using http::Method;

class RouteTableTest : public ::testing::Test {
 protected:
  std::string UpstreamOf(const std::string& path) const {
    const auto decision = table_.Decide(Method::kGet, path);
    return decision ? decision->rule->upstream : "(none)";
  }
  bool NeedsToken(Method method, const std::string& path) const {
    return table_.Decide(method, path).value().needs_token;
  }
  RouteClass ClassOf(Method method, const std::string& path) const {
    return table_.Decide(method, path).value().route_class;
  }

  const RouteTable table_ = RouteTable::Default();
};

TEST_F(RouteTableTest, EachPrefixGoesToItsService) {
  EXPECT_EQ(UpstreamOf("/auth/login"), "auth");
  EXPECT_EQ(UpstreamOf("/api/categories"), "category");
  EXPECT_EQ(UpstreamOf("/api/categories/7"), "category");
  EXPECT_EQ(UpstreamOf("/api/products/7"), "product");
  EXPECT_EQ(UpstreamOf("/cart"), "cart");
  EXPECT_EQ(UpstreamOf("/cart/items/1"), "cart");
  EXPECT_EQ(UpstreamOf("/orders/9"), "order");
  EXPECT_EQ(UpstreamOf("/payments/9"), "payment");
  EXPECT_EQ(UpstreamOf("/delivery/orders/9"), "delivery");
  EXPECT_EQ(UpstreamOf("/delivery/shipments"), "delivery");
}

TEST_F(RouteTableTest, UnknownPrefixesAndSiblingsGoNowhere) {
  EXPECT_EQ(UpstreamOf("/"), "(none)");
  EXPECT_EQ(UpstreamOf("/api"), "(none)");
  EXPECT_EQ(UpstreamOf("/api/productsX"), "(none)");
  EXPECT_EQ(UpstreamOf("/cartoon"), "(none)");
  EXPECT_EQ(UpstreamOf("/deliveryman"), "(none)");
  EXPECT_EQ(UpstreamOf("/authx/login"), "(none)");
  EXPECT_EQ(UpstreamOf("/health/x"), "(none)");
}

TEST_F(RouteTableTest, TheWaysToGetATokenAndReadsOfTheCatalogueArePublic) {
  EXPECT_FALSE(NeedsToken(Method::kPost, "/auth/register"));
  EXPECT_FALSE(NeedsToken(Method::kPost, "/auth/login"));
  EXPECT_FALSE(NeedsToken(Method::kPost, "/auth/refresh"));
  EXPECT_FALSE(NeedsToken(Method::kPost, "/auth/logout"));
  EXPECT_FALSE(NeedsToken(Method::kGet, "/auth/.well-known/jwks.json"));
  EXPECT_FALSE(NeedsToken(Method::kHead, "/auth/.well-known/jwks.json"));
  EXPECT_FALSE(NeedsToken(Method::kPost, "/auth/verify-email"));
  EXPECT_FALSE(NeedsToken(Method::kPost, "/auth/password-reset/request"));
  EXPECT_FALSE(NeedsToken(Method::kPost, "/auth/password-reset/confirm"));
  EXPECT_FALSE(NeedsToken(Method::kGet, "/api/categories"));
  EXPECT_FALSE(NeedsToken(Method::kGet, "/api/categories/7"));
  EXPECT_FALSE(NeedsToken(Method::kHead, "/api/products/7"));
  EXPECT_FALSE(NeedsToken(Method::kGet, "/api/products"));
}

TEST_F(RouteTableTest, EverythingElseNeedsAToken) {
  EXPECT_TRUE(NeedsToken(Method::kGet, "/auth/me"));
  EXPECT_TRUE(NeedsToken(Method::kPatch, "/auth/users/1"));
  EXPECT_TRUE(NeedsToken(Method::kGet, "/auth/login"));
  EXPECT_TRUE(NeedsToken(Method::kPost, "/auth/login/"));
  EXPECT_TRUE(NeedsToken(Method::kPost, "/auth//login"));
  EXPECT_TRUE(NeedsToken(Method::kPost, "/auth/verify-email/resend"));
  EXPECT_TRUE(NeedsToken(Method::kGet, "/auth/password-reset/request"));
  EXPECT_TRUE(NeedsToken(Method::kPost, "/api/categories"));
  EXPECT_TRUE(NeedsToken(Method::kPatch, "/api/categories/7"));
  EXPECT_TRUE(NeedsToken(Method::kDelete, "/api/products/7"));
  EXPECT_TRUE(NeedsToken(Method::kOptions, "/api/products"));
  EXPECT_TRUE(NeedsToken(Method::kGet, "/cart"));
  EXPECT_TRUE(NeedsToken(Method::kGet, "/orders/9"));
  EXPECT_TRUE(NeedsToken(Method::kGet, "/delivery/orders/9"));
}

TEST_F(RouteTableTest, RateLimitClasses) {
  EXPECT_EQ(ClassOf(Method::kPost, "/auth/login"), RouteClass::kAuth);
  EXPECT_EQ(ClassOf(Method::kGet, "/auth/me"), RouteClass::kAuth);
  EXPECT_EQ(ClassOf(Method::kPost, "/auth/verify-email"), RouteClass::kAuth);
  EXPECT_EQ(ClassOf(Method::kPost, "/auth/password-reset/request"), RouteClass::kAuth);
  EXPECT_EQ(ClassOf(Method::kPost, "/auth/password-reset/confirm"), RouteClass::kAuth);
  EXPECT_EQ(ClassOf(Method::kPost, "/api/categories"), RouteClass::kAdmin);
  EXPECT_EQ(ClassOf(Method::kDelete, "/api/categories/7"), RouteClass::kAdmin);
  EXPECT_EQ(ClassOf(Method::kGet, "/api/categories/7"), RouteClass::kOther);
  EXPECT_EQ(ClassOf(Method::kPost, "/api/products"), RouteClass::kOther);
  EXPECT_EQ(ClassOf(Method::kPost, "/orders"), RouteClass::kOther);
  EXPECT_EQ(RouteClassName(RouteClass::kAdmin), "admin");
}

TEST_F(RouteTableTest, TheLiveOrderStatusIsTheOneWebSocketAndNeedsAToken) {
  ASSERT_EQ(table_.websockets().size(), 1u);
  EXPECT_EQ(table_.websockets()[0].path, "/orders/live");
  EXPECT_EQ(table_.websockets()[0].upstream, "order");
  EXPECT_EQ(UpstreamOf("/orders/live"), "order") << "the same upstream as its prefix";
  EXPECT_TRUE(NeedsToken(Method::kGet, "/orders/live"));
  EXPECT_EQ(ClassOf(Method::kGet, "/orders/live"), RouteClass::kOther);
}

}  // namespace
}  // namespace shop::gateway

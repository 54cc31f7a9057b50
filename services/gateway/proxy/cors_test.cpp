#include "gateway/proxy/cors.hpp"

#include <gtest/gtest.h>

namespace shop::gateway {
namespace {

http::Request Preflight(const char* origin, const char* method = "POST") {
  http::Request request;
  request.method = http::Method::kOptions;
  request.headers.Set("Origin", origin);
  request.headers.Set("Access-Control-Request-Method", method);
  request.headers.Set("Access-Control-Request-Headers", "authorization, content-type");
  return request;
}

const CorsPolicy kPolicy({"https://shop.example", "http://localhost:3000"});

TEST(CorsPolicy, APreflightFromAnAllowedOriginIsAnswered) {
  const http::Request request = Preflight("https://shop.example");
  ASSERT_TRUE(CorsPolicy::IsPreflight(request));
  const http::Response response = kPolicy.Preflight(request);
  EXPECT_EQ(response.status, 204u);
  EXPECT_EQ(response.headers.Get("Access-Control-Allow-Origin"), "https://shop.example");
  EXPECT_NE(response.headers.Get("Access-Control-Allow-Methods")->find("PATCH"),
            std::string_view::npos);
  EXPECT_NE(response.headers.Get("Access-Control-Allow-Headers")->find("Authorization"),
            std::string_view::npos);
  EXPECT_TRUE(response.headers.Has("Access-Control-Max-Age"));
  EXPECT_FALSE(response.headers.Has("Access-Control-Allow-Credentials"));
}

TEST(CorsPolicy, OtherOriginsAndMethodsAreRefused) {
  EXPECT_EQ(kPolicy.Preflight(Preflight("https://evil.example")).status, 403u);
  EXPECT_EQ(kPolicy.Preflight(Preflight("https://shop.example.evil.example")).status, 403u);
  EXPECT_EQ(kPolicy.Preflight(Preflight("https://shop.example", "TRACE")).status, 403u);
  EXPECT_EQ(CorsPolicy({}).Preflight(Preflight("https://shop.example")).status, 403u);
}

TEST(CorsPolicy, OnlyOptionsWithOriginAndRequestMethodIsAPreflight) {
  http::Request plain_options;
  plain_options.method = http::Method::kOptions;
  plain_options.headers.Set("Origin", "https://shop.example");
  EXPECT_FALSE(CorsPolicy::IsPreflight(plain_options));
  http::Request get = Preflight("https://shop.example");
  get.method = http::Method::kGet;
  EXPECT_FALSE(CorsPolicy::IsPreflight(get));
}

TEST(CorsPolicy, ResponsesToAnAllowedOriginMayBeReadByItsScripts) {
  http::Request request;
  request.headers.Set("Origin", "http://localhost:3000");
  http::Response response = http::JsonResponse(429, "{}");
  response.headers.Set("Vary", "Accept");
  kPolicy.Decorate(request, response);
  EXPECT_EQ(response.headers.Get("Access-Control-Allow-Origin"), "http://localhost:3000");
  EXPECT_NE(response.headers.Get("Access-Control-Expose-Headers")->find("RateLimit-Remaining"),
            std::string_view::npos);
  EXPECT_EQ(response.headers.Get("Vary"), "Accept, Origin");

  http::Request stranger;
  stranger.headers.Set("Origin", "https://evil.example");
  http::Response other = http::JsonResponse(200, "{}");
  kPolicy.Decorate(stranger, other);
  EXPECT_FALSE(other.headers.Has("Access-Control-Allow-Origin"));
  EXPECT_EQ(other.headers.Get("Vary"), "Origin");
}

TEST(CorsPolicy, WithoutOriginsNoCorsHeaderIsEverSent) {
  http::Request request;
  request.headers.Set("Origin", "https://shop.example");
  http::Response response = http::JsonResponse(200, "{}");
  CorsPolicy({}).Decorate(request, response);
  EXPECT_EQ(response.headers.All().size(), 1u);
}

TEST(CorsPolicy, AStarAllowsAnyOrigin) {
  EXPECT_EQ(CorsPolicy({"*"}).Preflight(Preflight("https://any.example")).status, 204u);
}

}  // namespace
}  // namespace shop::gateway

#include "platform/http/json_body.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "platform/http/problem.hpp"

namespace shop::http {
namespace {

Request JsonRequest(std::string body, std::string content_type = "application/json") {
  Request request;
  request.method = Method::kPost;
  request.headers.Set("Content-Type", std::move(content_type));
  request.body = std::move(body);
  return request;
}

unsigned StatusOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const HttpError& error) {
    return error.problem().status;
  }
  return 0;
}

TEST(JsonBodyTest, MalformedJsonIsA400) {
  EXPECT_EQ(StatusOf([] { JsonBody body(JsonRequest("{\"a\":")); }), 400u);
  EXPECT_EQ(StatusOf([] { JsonBody body(JsonRequest("")); }), 400u);
}

TEST(JsonBodyTest, NonObjectBodyIsA400) {
  EXPECT_EQ(StatusOf([] { JsonBody body(JsonRequest("[1,2]")); }), 400u);
  EXPECT_EQ(StatusOf([] { JsonBody body(JsonRequest("\"text\"")); }), 400u);
}

TEST(JsonBodyTest, WrongContentTypeIsA415) {
  EXPECT_EQ(StatusOf([] { JsonBody body(JsonRequest("{}", "text/plain")); }), 415u);
  Request no_type = JsonRequest("{}");
  no_type.headers = Headers{};
  EXPECT_EQ(StatusOf([&] { JsonBody body(no_type); }), 415u);
}

TEST(JsonBodyTest, JsonMediaTypesWithParametersAndSuffixesAreAccepted) {
  EXPECT_TRUE(IsJsonContentType("application/json; charset=utf-8"));
  EXPECT_TRUE(IsJsonContentType("Application/JSON"));
  EXPECT_TRUE(IsJsonContentType("application/merge-patch+json"));
  EXPECT_FALSE(IsJsonContentType("application/+json"));
  EXPECT_FALSE(IsJsonContentType("text/json"));
}

TEST(JsonBodyTest, TypedAccessorsReadFields) {
  const JsonBody body(JsonRequest(R"({"name":"Shoes","count":-3,"on":true,"attrs":{"a":[1]}})"));
  EXPECT_EQ(body.RequiredString("name"), "Shoes");
  EXPECT_EQ(body.OptionalInt64("count"), -3);
  EXPECT_EQ(body.OptionalBool("on"), true);
  EXPECT_EQ(body.OptionalRawJson("attrs"), R"({"a":[1]})");
  EXPECT_FALSE(body.OptionalString("missing").has_value());
}

TEST(JsonBodyTest, TypeMismatchIsA422NamingTheField) {
  const JsonBody body(JsonRequest(R"({"name":5,"count":"x","big":1e3})"));
  try {
    (void)body.OptionalString("name");
    FAIL() << "expected HttpError";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.problem().status, 422u);
    EXPECT_NE(error.problem().detail.find("'name'"), std::string::npos);
    EXPECT_EQ(error.problem().extensions["errors"][0]["field"], "name");
  }
  EXPECT_EQ(StatusOf([&] { (void)body.OptionalInt64("count"); }), 422u);
  EXPECT_EQ(StatusOf([&] { (void)body.OptionalInt64("big"); }), 422u);
  EXPECT_EQ(StatusOf([&] { (void)body.RequiredString("absent"); }), 422u);
}

TEST(JsonBodyTest, NullableDistinguishesAbsentFromNull) {
  const JsonBody body(JsonRequest(R"({"parent_id":null,"other_id":7})"));
  EXPECT_FALSE(body.OptionalNullableInt64("missing").has_value());
  const auto parent = body.OptionalNullableInt64("parent_id");
  ASSERT_TRUE(parent.has_value());
  EXPECT_FALSE(parent->has_value());
  EXPECT_EQ(body.OptionalNullableInt64("other_id"), std::optional<std::int64_t>(7));
  EXPECT_TRUE(body.Has("parent_id"));
  EXPECT_TRUE(body.IsNull("parent_id"));
  EXPECT_FALSE(body.IsNull("missing"));
  EXPECT_EQ(StatusOf([&] { (void)body.OptionalInt64("parent_id"); }), 422u);
}

}  // namespace
}  // namespace shop::http

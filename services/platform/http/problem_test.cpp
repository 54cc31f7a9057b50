#include "platform/http/problem.hpp"

#include <gtest/gtest.h>

namespace shop::http {
namespace {

TEST(ProblemTest, RendersStandardMembersAndExtensions) {
  Problem problem;
  problem.status = 422;
  problem.type = "urn:shop:problem:validation";
  problem.title = "Validation failed";
  problem.detail = "name is required";
  problem.extensions = {{"errors", {{{"field", "name"}}}}, {"status", 999}};
  const auto body = nlohmann::json::parse(RenderProblemJson(problem, "/api/x"));
  EXPECT_EQ(body["type"], "urn:shop:problem:validation");
  EXPECT_EQ(body["title"], "Validation failed");
  EXPECT_EQ(body["status"], 422);  // an extension cannot override a standard member
  EXPECT_EQ(body["detail"], "name is required");
  EXPECT_EQ(body["instance"], "/api/x");
  EXPECT_EQ(body["errors"][0]["field"], "name");
}

TEST(ProblemTest, MissingTypeIsAboutBlankAndEmptyMembersAreOmitted) {
  Problem problem;
  problem.status = 400;
  problem.title = "Bad";
  const auto body = nlohmann::json::parse(RenderProblemJson(problem));
  EXPECT_EQ(body["type"], "about:blank");
  EXPECT_FALSE(body.contains("detail"));
  EXPECT_FALSE(body.contains("instance"));
}

TEST(ProblemTest, ResponseHasProblemContentTypeAndStatus) {
  const Response response = ToResponse(NotFound("no such category").problem(), "/c/1");
  EXPECT_EQ(response.status, 404u);
  EXPECT_EQ(response.headers.Get("content-type"), "application/problem+json");
  EXPECT_FALSE(response.headers.Has("Retry-After"));
}

TEST(ProblemTest, RetryAfterHeaderComesFromTheProblem) {
  const Response response = ToResponse(ServiceUnavailable("busy", 3).problem());
  EXPECT_EQ(response.status, 503u);
  EXPECT_EQ(response.headers.Get("Retry-After"), "3");
}

TEST(ProblemTest, UnauthorizedCarriesABearerChallenge) {
  const Response response = ToResponse(Unauthorized("the access token has expired").problem());
  EXPECT_EQ(response.status, 401u);
  EXPECT_EQ(response.headers.Get("WWW-Authenticate"), "Bearer error=\"invalid_token\"");
  EXPECT_EQ(nlohmann::json::parse(response.body)["type"], "urn:shop:problem:unauthorized");
  EXPECT_EQ(ToResponse(Unauthorized("no token", "").problem()).headers.Get("WWW-Authenticate"),
            "Bearer");
}

TEST(ProblemTest, ForbiddenIs403) {
  const Response response = ToResponse(Forbidden("admins only").problem());
  EXPECT_EQ(response.status, 403u);
  EXPECT_EQ(nlohmann::json::parse(response.body)["type"], "urn:shop:problem:forbidden");
}

TEST(ProblemTest, UnprocessableCarriesErrorsExtension) {
  const HttpError error = Unprocessable("bad fields", {{{"field", "price"}}});
  EXPECT_EQ(error.problem().status, 422u);
  EXPECT_EQ(error.problem().extensions["errors"][0]["field"], "price");
  EXPECT_STREQ(error.what(), "bad fields");
}

TEST(ProblemTest, InvalidUtf8InDetailDoesNotThrow) {
  const std::string rendered = RenderProblemJson(BadRequest("bad \xff byte").problem());
  EXPECT_TRUE(nlohmann::json::accept(rendered));
}

}  // namespace
}  // namespace shop::http

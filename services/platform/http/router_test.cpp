#include "platform/http/router.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "platform/http/problem.hpp"
#include "platform/http/upgraded_connection.hpp"

namespace shop::http {
namespace {

Request MakeRequest(Method method, std::string path) {
  Request request;
  request.method = method;
  request.target = path;
  request.path = std::move(path);
  request.request_id = "test-id";
  return request;
}

Handler Reply(std::string text) {
  return [text](Request&) { return JsonResponse(200, text); };
}

TEST(RouterTest, LiteralRouteAnswersWithItsHandler) {
  Router router;
  router.Add(Method::kGet, "/health", Reply("\"ok\""));
  Request request = MakeRequest(Method::kGet, "/health");
  const Response response = router.Dispatch(request);
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(response.body, "\"ok\"");
  EXPECT_EQ(request.route, "/health");
}

TEST(RouterTest, ParamsAreCapturedByName) {
  Router router;
  router.Add(Method::kGet, "/api/categories/{id}/products/{sku}", [](Request& request) {
    return JsonResponse(200, request.PathParam("id") + "/" + request.PathParam("sku"));
  });
  Request request = MakeRequest(Method::kGet, "/api/categories/42/products/ab-1");
  const Response response = router.Dispatch(request);
  EXPECT_EQ(response.body, "42/ab-1");
  EXPECT_EQ(request.route, "/api/categories/{id}/products/{sku}");
  EXPECT_EQ(request.path_params.at("id"), "42");
}

TEST(RouterTest, LiteralSegmentBeatsParamWhateverTheOrderOfRegistration) {
  Router router;
  router.Add(Method::kGet, "/items/{id}", Reply("\"param\""));
  router.Add(Method::kGet, "/items/new", Reply("\"literal\""));
  Request literal = MakeRequest(Method::kGet, "/items/new");
  Request param = MakeRequest(Method::kGet, "/items/7");
  EXPECT_EQ(router.Dispatch(literal).body, "\"literal\"");
  EXPECT_EQ(router.Dispatch(param).body, "\"param\"");
}

TEST(RouterTest, UnknownPathIsA404ProblemWithRouteUnmatched) {
  Router router;
  router.Add(Method::kGet, "/a", Reply("1"));
  Request request = MakeRequest(Method::kGet, "/b");
  const Response response = router.Dispatch(request);
  EXPECT_EQ(response.status, 404u);
  EXPECT_EQ(response.headers.Get("Content-Type"), "application/problem+json");
  EXPECT_EQ(request.route, "unmatched");
  EXPECT_EQ(nlohmann::json::parse(response.body)["instance"], "/b");
}

TEST(RouterTest, TrailingSlashAndEmptyParamDoNotMatch) {
  Router router;
  router.Add(Method::kGet, "/a", Reply("1"));
  router.Add(Method::kGet, "/b/{id}", Reply("2"));
  Request trailing = MakeRequest(Method::kGet, "/a/");
  Request empty_param = MakeRequest(Method::kGet, "/b/");
  EXPECT_EQ(router.Dispatch(trailing).status, 404u);
  EXPECT_EQ(router.Dispatch(empty_param).status, 404u);
}

TEST(RouterTest, KnownPathWithOtherMethodIsA405ListingAllowedMethods) {
  Router router;
  router.Add(Method::kGet, "/things/{id}", Reply("1"));
  router.Add(Method::kDelete, "/things/{id}", Reply("2"));
  Request request = MakeRequest(Method::kPost, "/things/3");
  const Response response = router.Dispatch(request);
  EXPECT_EQ(response.status, 405u);
  EXPECT_EQ(response.headers.Get("Allow"), "GET, HEAD, DELETE");
  EXPECT_EQ(request.route, "/things/{id}");
}

TEST(RouterTest, HeadFallsBackToGet) {
  Router router;
  router.Add(Method::kGet, "/a", Reply("\"body\""));
  Request request = MakeRequest(Method::kHead, "/a");
  const Response response = router.Dispatch(request);
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(request.route, "/a");
}

TEST(RouterTest, HttpErrorFromAHandlerBecomesItsProblem) {
  Router router;
  router.Add(Method::kPost, "/a", [](Request&) -> Response { throw Conflict("version moved"); });
  Request request = MakeRequest(Method::kPost, "/a");
  const Response response = router.Dispatch(request);
  EXPECT_EQ(response.status, 409u);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["detail"], "version moved");
  EXPECT_EQ(body["type"], "urn:shop:problem:conflict");
}

TEST(RouterTest, OtherExceptionsBecomeA500WithoutLeakingTheMessage) {
  Router router;
  router.Add(Method::kGet, "/a",
             [](Request&) -> Response { throw std::runtime_error("password=hunter2"); });
  Request request = MakeRequest(Method::kGet, "/a");
  const Response response = router.Dispatch(request);
  EXPECT_EQ(response.status, 500u);
  EXPECT_EQ(response.body.find("hunter2"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(response.body)["detail"], "internal error");
}

TEST(RouterTest, ErrorTranslatorTurnsLowerLayerErrorsIntoProblems) {
  struct Unavailable : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  Router router;
  router.SetErrorTranslator([](const std::exception& e) -> std::optional<Problem> {
    if (dynamic_cast<const Unavailable*>(&e) != nullptr) {
      return ServiceUnavailable("down").problem();
    }
    return std::nullopt;
  });
  router.Add(Method::kGet, "/down", [](Request&) -> Response { throw Unavailable("db gone"); });
  router.Add(Method::kGet, "/bug", [](Request&) -> Response { throw std::logic_error("bug"); });
  Request down = MakeRequest(Method::kGet, "/down");
  const Response translated = router.Dispatch(down);
  EXPECT_EQ(translated.status, 503u);
  EXPECT_TRUE(translated.headers.Has("Retry-After"));
  Request bug = MakeRequest(Method::kGet, "/bug");
  EXPECT_EQ(router.Dispatch(bug).status, 500u);
}

TEST(RouterTest, DuplicateRoutesAreRejected) {
  Router router;
  router.Add(Method::kGet, "/a/{id}", Reply("1"));
  EXPECT_THROW(router.Add(Method::kGet, "/a/{key}", Reply("2")), std::invalid_argument);
  EXPECT_THROW(router.Add(Method::kGet, "no-slash", Reply("2")), std::invalid_argument);
}

TEST(RouterTest, APrefixTakesEveryMethodOnItsPathAndBelow) {
  Router router;
  router.AddPrefix("/api/products", Reply("\"products\""));
  for (const char* path : {"/api/products", "/api/products/", "/api/products/7/photos"}) {
    for (Method method : {Method::kGet, Method::kPost, Method::kDelete, Method::kOther}) {
      Request request = MakeRequest(method, path);
      const Response response = router.Dispatch(request);
      EXPECT_EQ(response.body, "\"products\"") << path;
      EXPECT_EQ(request.route, "/api/products*") << path;
    }
  }
  Request sibling = MakeRequest(Method::kGet, "/api/productsX");
  EXPECT_EQ(router.Dispatch(sibling).status, 404u);
  Request parent = MakeRequest(Method::kGet, "/api");
  EXPECT_EQ(router.Dispatch(parent).status, 404u);
}

TEST(RouterTest, PatternsWinOverPrefixesAndTheLongestPrefixWins) {
  Router router;
  router.AddPrefix("/", Reply("\"root\""));
  router.AddPrefix("/auth", Reply("\"auth\""));
  router.AddPrefix("/auth/admin", Reply("\"admin\""));
  router.Add(Method::kGet, "/health", Reply("\"health\""));
  Request health = MakeRequest(Method::kGet, "/health");
  EXPECT_EQ(router.Dispatch(health).body, "\"health\"");
  Request post_health = MakeRequest(Method::kPost, "/health");
  EXPECT_EQ(router.Dispatch(post_health).status, 405u) << "a pattern keeps its 405";
  Request admin = MakeRequest(Method::kGet, "/auth/admin/x");
  EXPECT_EQ(router.Dispatch(admin).body, "\"admin\"");
  Request login = MakeRequest(Method::kPost, "/auth/login");
  EXPECT_EQ(router.Dispatch(login).body, "\"auth\"");
  Request other = MakeRequest(Method::kGet, "/elsewhere");
  EXPECT_EQ(router.Dispatch(other).body, "\"root\"");
  EXPECT_EQ(other.route, "/*");
}

TEST(RouterTest, BadOrDuplicatePrefixesAreRejected) {
  Router router;
  router.AddPrefix("/a", Reply("1"));
  EXPECT_THROW(router.AddPrefix("/a", Reply("2")), std::invalid_argument);
  EXPECT_THROW(router.AddPrefix("/b/", Reply("2")), std::invalid_argument);
  EXPECT_THROW(router.AddPrefix("b", Reply("2")), std::invalid_argument);
  EXPECT_THROW(router.AddPrefix("", Reply("2")), std::invalid_argument);
}

TEST(RouterTest, AnUpgradeRouteTakesOverAndAPlainGetOfItIs426) {
  Router router;
  router.AddUpgrade("/live/{topic}", [](Request& request) {
    EXPECT_EQ(request.PathParam("topic"), "orders");
    return UpgradeAnswer{.takeover = [](std::unique_ptr<UpgradedConnection>) {}};
  });
  Request upgrade = MakeRequest(Method::kGet, "/live/orders");
  const UpgradeAnswer answer = router.DispatchUpgrade(upgrade);
  EXPECT_TRUE(static_cast<bool>(answer.takeover));
  EXPECT_EQ(upgrade.route, "/live/{topic}");

  Request plain = MakeRequest(Method::kGet, "/live/orders");
  const Response response = router.Dispatch(plain);
  EXPECT_EQ(response.status, 426u);
  EXPECT_EQ(response.headers.Get("Upgrade"), "websocket");
  EXPECT_EQ(response.headers.Get("Content-Type"), "application/problem+json");
  Request post = MakeRequest(Method::kPost, "/live/orders");
  EXPECT_EQ(router.Dispatch(post).status, 405u);
}

TEST(RouterTest, AnUpgradeHandlerMayRefuseAndItsErrorsAreMappedAsAnyHandlers) {
  Router router;
  router.AddUpgrade("/refuse", [](Request&) {
    return UpgradeAnswer{.takeover = {}, .response = JsonResponse(409, "{}")};
  });
  router.AddUpgrade("/throw",
                    [](Request&) -> UpgradeAnswer { throw Unauthorized("no token", ""); });
  router.AddUpgrade("/crash", [](Request&) -> UpgradeAnswer { throw std::runtime_error("bug"); });
  Request refuse = MakeRequest(Method::kGet, "/refuse");
  EXPECT_EQ(router.DispatchUpgrade(refuse).response.status, 409u);
  Request unauthorized = MakeRequest(Method::kGet, "/throw");
  const UpgradeAnswer answer = router.DispatchUpgrade(unauthorized);
  EXPECT_FALSE(static_cast<bool>(answer.takeover));
  EXPECT_EQ(answer.response.status, 401u);
  Request crash = MakeRequest(Method::kGet, "/crash");
  EXPECT_EQ(router.DispatchUpgrade(crash).response.status, 500u);
}

TEST(RouterTest, AnUpgradeRequestForAnOrdinaryRouteIsDispatchedAsUsual) {
  Router router;
  router.Add(Method::kGet, "/plain", Reply("\"plain\""));
  Request request = MakeRequest(Method::kGet, "/plain");
  const UpgradeAnswer answer = router.DispatchUpgrade(request);
  EXPECT_FALSE(static_cast<bool>(answer.takeover));
  EXPECT_EQ(answer.response.body, "\"plain\"");
  Request unknown = MakeRequest(Method::kGet, "/nothing");
  EXPECT_EQ(router.DispatchUpgrade(unknown).response.status, 404u);
}

TEST(RouterTest, APathIsAnUpgradeRouteOrAGetRouteNotBoth) {
  Router router;
  router.Add(Method::kGet, "/x", Reply("1"));
  EXPECT_THROW(router.AddUpgrade("/x", [](Request&) { return UpgradeAnswer{}; }),
               std::invalid_argument);
}

}  // namespace
}  // namespace shop::http

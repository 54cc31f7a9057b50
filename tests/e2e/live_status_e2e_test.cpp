// Live order status through the gateway on the whole platform (issue 13, docs/decisions/0034):
// a customer's socket follows their checkout from created to confirmed while another customer's
// gets nothing of it; a resume with ?after= replays the gap exactly; forged, expired and missing
// tokens are refused at the gateway's handshake with 401; a client that never reads is cut with
// 1008 "send queue full" (the close relayed by the gateway) while another socket of the same user
// keeps receiving. Many messages are made cheaply by writing timeline rows straight into
// order-service's database.
#include <gtest/gtest.h>

#include "events/uuid_v7.hpp"
#include "live_support.hpp"
#include "platform/auth/token_test_support.hpp"
#include "saga_fixture.hpp"

namespace shop::testing {
namespace {

using namespace std::chrono_literals;
namespace forge = shop::auth::testing;

constexpr std::chrono::seconds kDeadline{60};

std::string Unique(const std::string& name) { return name + events::NewUuidV7().substr(24); }

class LiveStatusTest : public SagaTest {
 protected:
  static std::uint16_t Gateway() { return System().Service("gateway").port(); }
  static double OrderMetric(const std::string& series) {
    return MetricValue(System().Service("order").Call("GET", "/metrics").body, series).value_or(0);
  }
  // A socket counts once order-service's feed holds it.
  static bool WaitForOpenSockets(double count) {
    return WaitFor([&] { return OrderMetric("order_live_sockets") == count; }, kDeadline);
  }
  static OrderRows Rows() { return OrderRows(System().Database("order")); }
  // A token of `user_id` signed with auth-service's key; `changes` edit the payload.
  static std::string ForgedToken(const std::string& user_id,
                                 const nlohmann::json& changes = nlohmann::json::object()) {
    nlohmann::json payload = forge::ValidPayload(std::chrono::system_clock::now());
    payload["sub"] = user_id;
    payload["iss"] = "shop-auth";
    payload["aud"] = "shop";
    payload.merge_patch(changes);
    return forge::SignedToken(System().SigningKey(), forge::Es256Header(ShopSystem::kKeyId),
                              payload);
  }
};

TEST_F(LiveStatusTest, ACustomerFollowsTheirCheckoutToConfirmedAndAnotherCustomerSeesNothingOfIt) {
  const User a = System().NewCustomer(Unique("ada"));
  const User b = System().NewCustomer(Unique("bob"));
  const std::string product = NewProduct("Lamp", "12.50", 10);
  LiveListener listener_a(Gateway(), "/orders/live", a.token);
  LiveListener listener_b(Gateway(), "/orders/live", b.token);
  ASSERT_TRUE(WaitForOpenSockets(2));

  const std::string id = Buy(a, product, 1, "tok_visa");
  const nlohmann::json order = WaitForStatus(a, id, "confirmed|cancelled");
  ASSERT_EQ(order.value("status", ""), "confirmed") << order.dump();
  const nlohmann::json& timeline = order.at("timeline");
  ASSERT_TRUE(listener_a.WaitForCount(timeline.size(), kDeadline))
      << listener_a.Messages().size() << " of " << timeline.size();

  // Every line of the order's timeline, in order, each once, with growing seqs.
  const std::vector<nlohmann::json> messages = listener_a.Messages();
  ASSERT_EQ(messages.size(), timeline.size());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    EXPECT_EQ(messages[i].at("type"), "order.status");
    EXPECT_EQ(messages[i].at("order_id"), id);
    EXPECT_EQ(messages[i].at("status"), timeline[i].at("to_status")) << i;
    EXPECT_EQ(messages[i].at("from_status"), timeline[i].at("from_status")) << i;
    EXPECT_EQ(messages[i].at("version"), timeline[i].at("version")) << i;
    EXPECT_EQ(messages[i].at("cause"), timeline[i].at("cause")) << i;
    if (i > 0) {
      EXPECT_GT(messages[i].at("seq").get<std::int64_t>(),
                messages[i - 1].at("seq").get<std::int64_t>());
    }
  }
  EXPECT_EQ(messages.front().at("status"), "pending");
  EXPECT_TRUE(messages.front().at("from_status").is_null()) << "the order's creation";
  EXPECT_EQ(messages.back().at("status"), "confirmed");

  // B's socket got nothing of it: the first thing it receives is a row of B's own.
  const std::string own = Rows().InsertOrder(b.id);
  const std::vector<std::int64_t> marker = Rows().AppendRows(own, 1);
  ASSERT_TRUE(listener_b.WaitForCount(1, kDeadline));
  EXPECT_EQ(listener_b.Seqs(), marker);
  EXPECT_EQ(listener_b.Messages().front().at("order_id"), own);

  // A reconnects after the first message: the gap, exactly, from the table.
  const std::vector<std::int64_t> seqs = listener_a.Seqs();
  LiveListener resumed(Gateway(), "/orders/live?after=" + std::to_string(seqs.front()), a.token);
  ASSERT_TRUE(resumed.WaitForSeq(seqs.back(), kDeadline));
  EXPECT_EQ(resumed.Seqs(), std::vector<std::int64_t>(seqs.begin() + 1, seqs.end()));
}

TEST_F(LiveStatusTest, ForgedExpiredAndMissingTokensAreRefusedAtTheGatewaysHandshakeWith401) {
  const User a = System().NewCustomer(Unique("eve"));
  const auto now = std::chrono::system_clock::now();
  const std::string valid = ForgedToken(a.id);
  WebSocketTestClient accepted(Gateway(), "/orders/live", LiveProtocols(valid));
  ASSERT_TRUE(accepted.open()) << "the forge must make a valid token first, or the refusals "
                                  "below prove nothing: "
                               << accepted.handshake();
  EXPECT_EQ(accepted.subprotocol(), "shop.v1") << "the gateway never answers the bearer entry";
  accepted.Close();

  std::string tampered = valid;
  tampered[tampered.find('.') + 5] ^= 1;
  const nlohmann::json payload = forge::ValidPayload(now);
  const std::map<std::string, std::string> refused = {
      {"alg none", forge::SigningInput(
                       {{"alg", "none"}, {"typ", "JWT"}, {"kid", ShopSystem::kKeyId}}, payload) +
                       "."},
      {"unknown kid",
       forge::SignedToken(System().SigningKey(), forge::Es256Header("no-such-kid"), payload)},
      {"expired", ForgedToken(a.id, {{"exp", forge::Seconds(now - 2h)}})},
      {"wrong audience", ForgedToken(a.id, {{"aud", "other"}})},
      {"tampered payload", tampered},
      {"missing", ""},
  };
  for (const auto& [name, token] : refused) {
    WebSocketTestClient client(Gateway(), "/orders/live", LiveProtocols(token));
    EXPECT_FALSE(client.open()) << name;
    EXPECT_EQ(client.handshake().result_int(), 401) << name;
    EXPECT_EQ(client.handshake()[boost::beast::http::field::content_type],
              "application/problem+json")
        << name;
    EXPECT_FALSE(
        std::string(client.handshake()[boost::beast::http::field::www_authenticate]).empty())
        << name;
    if (!token.empty()) {
      EXPECT_EQ(client.handshake().body().find(token), std::string::npos) << name;
    }
  }
  // None of them reached order-service: only the valid one's upgrade was answered there.
  EXPECT_EQ(OrderMetric(R"(http_requests_total{method="GET",route="/orders/live",status="401"})"),
            0);
  EXPECT_EQ(OrderMetric(R"(http_requests_total{method="GET",route="/orders/live",status="101"})"),
            1);
}

TEST_F(LiveStatusTest, AClientThatNeverReadsIsCutWith1008WhileTheUsersOtherSocketKeepsReceiving) {
  const User a = System().NewCustomer(Unique("sam"));
  // The 1008 and its reason are order-service's, relayed by the gateway.
  ExpectANonReaderCutWith1008(Gateway(), a.token, Rows(), Rows().InsertOrder(a.id), OrderMetric,
                              180s);
}

}  // namespace
}  // namespace shop::testing

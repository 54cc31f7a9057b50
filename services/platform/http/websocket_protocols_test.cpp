#include "platform/http/websocket_protocols.hpp"

#include <gtest/gtest.h>

namespace shop::http {
namespace {

Headers WithProtocols(std::initializer_list<std::string> values) {
  Headers headers;
  for (const std::string& value : values) {
    headers.Add("Sec-WebSocket-Protocol", value);
  }
  return headers;
}

TEST(WebSocketProtocolsTest, TheBearerEntryIsSetApartFromTheProtocols) {
  const OfferedProtocols offered =
      ParseOfferedProtocols(WithProtocols({"shop.v1, bearer.a.b-c_d"}));
  EXPECT_EQ(offered.protocols, std::vector<std::string>{"shop.v1"});
  EXPECT_EQ(offered.bearer_tokens, std::vector<std::string>{"a.b-c_d"});
  EXPECT_TRUE(offered.Offers("shop.v1"));
  EXPECT_FALSE(offered.Offers("bearer.a.b-c_d"));
}

TEST(WebSocketProtocolsTest, EveryFieldAndItemCountsInOrderAndEmptyItemsAreSkipped) {
  Headers headers = WithProtocols({" shop.v2 ,, shop.v1", "bearer.t1"});
  headers.Add("sec-websocket-protocol", "chat, bearer.t2");
  headers.Add("X-Other", "bearer.t3");
  const OfferedProtocols offered = ParseOfferedProtocols(headers);
  EXPECT_EQ(offered.protocols, (std::vector<std::string>{"shop.v2", "shop.v1", "chat"}));
  EXPECT_EQ(offered.bearer_tokens, (std::vector<std::string>{"t1", "t2"}));
}

TEST(WebSocketProtocolsTest, NamesAreCaseSensitive) {
  const OfferedProtocols offered = ParseOfferedProtocols(WithProtocols({"Bearer.t, SHOP.V1"}));
  EXPECT_TRUE(offered.bearer_tokens.empty()) << "only the lower-case prefix carries a token";
  EXPECT_FALSE(offered.Offers("shop.v1"));
  EXPECT_TRUE(offered.Offers("SHOP.V1"));
}

TEST(WebSocketProtocolsTest, NoFieldOffersNothing) {
  const OfferedProtocols offered = ParseOfferedProtocols(Headers{});
  EXPECT_TRUE(offered.protocols.empty());
  EXPECT_TRUE(offered.bearer_tokens.empty());
  EXPECT_EQ(ParseOfferedProtocols(WithProtocols({"bearer."})).bearer_tokens,
            std::vector<std::string>{""});
}

TEST(WebSocketProtocolsTest, JoinMakesOneFieldValue) {
  EXPECT_EQ(JoinProtocols({"shop.v1", "chat"}), "shop.v1, chat");
  EXPECT_EQ(JoinProtocols({}), "");
}

}  // namespace
}  // namespace shop::http

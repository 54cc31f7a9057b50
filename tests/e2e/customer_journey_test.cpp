// The customer's side of issue 13 end to end, on the whole platform with notification-service and
// a mail sink (docs/decisions/0034): the e-mails a customer gets, read from the mailbox and used as
// a customer would (the link's token), through the gateway, on real Postgres and Kafka.
// - Registration sends a verification e-mail whose link verifies the address once; a forgotten
//   password is reset through the e-mailed link, once, ending every earlier session; an unknown
//   address gets the same answer and no e-mail.
// - A checkout followed to the door by a courier: the customer's live socket (/orders/live through
//   the gateway) receives every change of the order in order, from its creation to its delivery
//   with each tracking step, while another customer's socket receives nothing of it; the
//   confirmation, shipment, "out for delivery" and "delivered" e-mails arrive once each, to the
//   customer only.
#include <gtest/gtest.h>

#include "events/uuid_v7.hpp"
#include "live_support.hpp"
#include "saga_fixture.hpp"

namespace shop::testing {
namespace {

using namespace std::chrono_literals;

std::string Unique(const std::string& name) { return name + events::NewUuidV7().substr(24); }

class CustomerJourneyTest : public SagaTest {
 protected:
  static void SetUpTestSuite() {
    ShopOptions options = DefaultOptions();
    options.notifications = true;
    StartSystem(std::move(options));
  }

  static std::string EmailOf(const std::string& name) { return name + "@shop.test"; }
  static std::string PasswordOf(const std::string& name) { return name + " password 123"; }

  // The one e-mail of `kind` to `address` once it arrived (asserts it does).
  static SunkMail MailOf(const std::string& kind, const std::string& address) {
    const std::optional<SunkMail> mail = System().Mail().WaitForMail(
        [&](const SunkMail& m) { return m.kind == kind && m.delivered_to == address; }, 60s);
    EXPECT_TRUE(mail.has_value()) << "no " << kind << " e-mail to " << address;
    return mail.value_or(SunkMail{});
  }

  // How many e-mails of `kind` to `address` the mailbox holds.
  static int CountOf(const std::string& kind, const std::string& address) {
    int count = 0;
    for (const SunkMail& mail : System().Mail().Mails()) {
      count += mail.kind == kind && mail.delivered_to == address ? 1 : 0;
    }
    return count;
  }

  // The token of the link `<public url><path>?token=...` in an e-mail's body.
  static std::string LinkToken(const SunkMail& mail, const std::string& path) {
    const std::string marker = path + "?token=";
    const std::size_t at = mail.body.find(marker);
    if (at == std::string::npos) {
      ADD_FAILURE() << "no " << marker << " link in: " << mail.body;
      return "";
    }
    const std::size_t start = at + marker.size();
    const std::size_t end = mail.body.find_first_of(" \r\n", start);
    return mail.body.substr(start, end == std::string::npos ? std::string::npos : end - start);
  }

  static HttpResult Post(const std::string& target, const nlohmann::json& body,
                         const std::string& token = {}) {
    return System().Api("POST", target, token, body.dump());
  }
};

TEST_F(CustomerJourneyTest, AccountEmailsCarryLinksThatWorkOnce) {
  const std::string name = Unique("ada");
  const User ada = System().NewCustomer(name);
  const std::string email = EmailOf(name);

  // Registration: the verification e-mail's link verifies the address, once.
  const std::string verify_token = LinkToken(MailOf("verify_email", email), "/verify-email");
  ASSERT_FALSE(verify_token.empty());
  EXPECT_EQ(nlohmann::json::parse(System().Api("GET", "/auth/me", ada.token).body)
                .value("verified", true),
            false);
  EXPECT_EQ(Post("/auth/verify-email", {{"token", verify_token}}).status, 204u);
  EXPECT_EQ(nlohmann::json::parse(System().Api("GET", "/auth/me", ada.token).body)
                .value("verified", false),
            true);
  EXPECT_EQ(Post("/auth/verify-email", {{"token", verify_token}}).status, 400u) << "used once";

  // A session from before the reset.
  const HttpResult before = Post("/auth/login", {{"email", email}, {"password", PasswordOf(name)}});
  ASSERT_EQ(before.status, 200u) << before.body;
  const std::string old_refresh = nlohmann::json::parse(before.body).at("refresh_token");

  // An unknown address and a known one get the same answer; only the known one gets an e-mail.
  const std::string stranger = EmailOf(Unique("nobody"));
  const HttpResult unknown = Post("/auth/password-reset/request", {{"email", stranger}});
  const HttpResult known = Post("/auth/password-reset/request", {{"email", email}});
  EXPECT_EQ(unknown.status, 202u);
  EXPECT_EQ(known.status, 202u);
  EXPECT_EQ(unknown.body, known.body);
  const std::string reset_token = LinkToken(MailOf("password_reset", email), "/reset-password");
  ASSERT_FALSE(reset_token.empty());
  for (const SunkMail& mail : System().Mail().Mails()) {
    EXPECT_NE(mail.delivered_to, stranger) << "an unknown address was e-mailed";
  }

  // The link sets a new password, once; the old password and the old session are gone.
  const std::string new_password = "a brand new password 456";
  EXPECT_EQ(
      Post("/auth/password-reset/confirm", {{"token", reset_token}, {"password", new_password}})
          .status,
      204u);
  EXPECT_EQ(Post("/auth/login", {{"email", email}, {"password", new_password}}).status, 200u);
  EXPECT_EQ(Post("/auth/login", {{"email", email}, {"password", PasswordOf(name)}}).status, 401u);
  EXPECT_EQ(Post("/auth/refresh", {{"refresh_token", old_refresh}}).status, 401u);
  EXPECT_EQ(Post("/auth/password-reset/confirm",
                 {{"token", reset_token}, {"password", "yet another password 789"}})
                .status,
            400u)
      << "a reset link works once";

  EXPECT_EQ(CountOf("verify_email", email), 1);
  EXPECT_EQ(CountOf("password_reset", email), 1);
}

TEST_F(CustomerJourneyTest, ACustomerFollowsTheOrderToTheDoorLiveAndIsMailedOnceAtEachStep) {
  const std::string name = Unique("eve");
  const User customer = System().NewCustomer(name);
  const User other = System().NewCustomer(Unique("mallory"));
  const User courier = System().NewUserInRole(Unique("carl"), "courier");
  const std::string product = NewProduct("Kettle", "24.50", 5);
  // ?after=0: every row of the caller's orders from the first, then the live ones, however soon
  // the socket is open.
  const std::uint16_t gateway = System().Service("gateway").port();
  LiveListener live(gateway, "/orders/live?after=0", customer.token);
  LiveListener others(gateway, "/orders/live?after=0", other.token);
  const std::string id = Buy(customer, product, 1, "tok_visa");
  ASSERT_EQ(WaitForStatus(customer, id, "confirmed|cancelled").value("status", ""), "confirmed");
  ASSERT_TRUE(WaitFor(
      [&] { return System().Api("GET", "/delivery/orders/" + id, courier.token).status == 200; },
      60s))
      << "no shipment";
  for (const std::string step : {"picked_up", "in_transit", "out_for_delivery", "delivered"}) {
    const HttpResult moved =
        Post("/delivery/orders/" + id + "/status", {{"status", step}}, courier.token);
    ASSERT_EQ(moved.status, 200u) << step << ": " << moved.body;
  }
  ASSERT_EQ(WaitForStatus(customer, id, "delivered").value("status", ""), "delivered");

  // The socket: each line of the order's timeline once, in order, within growing seqs, from
  // pending through confirmed, the shipment and its steps, shipped and delivered.
  nlohmann::json timeline;
  ASSERT_TRUE(WaitFor(
      [&] {
        timeline = OrderOf(customer, id)->at("timeline");
        return timeline.back().value("to_status", "") == "delivered" &&
               live.Messages().size() >= timeline.size();
      },
      60s))
      << live.Messages().size() << " messages for a timeline of " << timeline.size();
  const std::vector<nlohmann::json> messages = live.Messages();
  ASSERT_EQ(messages.size(), timeline.size());
  std::vector<std::string> statuses;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    EXPECT_EQ(messages[i].at("order_id"), id) << i;
    EXPECT_EQ(messages[i].at("status"), timeline[i].at("to_status")) << i;
    EXPECT_EQ(messages[i].at("cause"), timeline[i].at("cause")) << i;
    EXPECT_EQ(messages[i].at("detail"), timeline[i].at("detail")) << i;
    if (i > 0) {
      EXPECT_GT(messages[i].at("seq").get<std::int64_t>(),
                messages[i - 1].at("seq").get<std::int64_t>());
    }
    if (statuses.empty() || statuses.back() != messages[i].at("status")) {
      statuses.push_back(messages[i].at("status"));
    }
  }
  EXPECT_EQ(statuses, (std::vector<std::string>{"pending", "stock_reserved", "paid", "confirmed",
                                                "shipped", "delivered"}));
  std::vector<std::string> steps;
  for (const nlohmann::json& message : messages) {
    if (message.at("cause").get<std::string>().starts_with("delivery.")) {
      steps.push_back(message.at("detail").get<std::string>().substr(
          0, message.at("detail").get<std::string>().find_first_of(",:")));
    }
  }
  EXPECT_EQ(steps, (std::vector<std::string>{"label_created", "picked_up", "in_transit",
                                             "out_for_delivery", "delivered"}));
  // The other customer's socket: the first thing it receives is a row of their own order.
  const OrderRows rows(System().Database("order"));
  const std::string own = rows.InsertOrder(other.id);
  const std::vector<std::int64_t> marker = rows.AppendRows(own, 1);
  ASSERT_TRUE(others.WaitForCount(1, 30s));
  EXPECT_EQ(others.Seqs(), marker) << "another customer's socket got a row of someone else's";

  const std::string email = EmailOf(name);
  const SunkMail confirmed = MailOf("order_confirmed", email);
  EXPECT_NE(confirmed.subject.find(id), std::string::npos)
      << "the confirmation names the order: " << confirmed.subject;
  const SunkMail shipped = MailOf("shipment_created", email);
  const std::string tracking =
      nlohmann::json::parse(System().Api("GET", "/delivery/orders/" + id, customer.token).body)
          .value("tracking_number", "");
  EXPECT_NE(shipped.body.find(tracking), std::string::npos) << shipped.body;
  MailOf("out_for_delivery", email);
  MailOf("delivered", email);
  for (const std::string kind :
       {"order_confirmed", "shipment_created", "out_for_delivery", "delivered"}) {
    EXPECT_EQ(CountOf(kind, email), 1) << kind;
  }
  // Nothing about this order went to anyone else.
  for (const SunkMail& mail : System().Mail().Mails()) {
    if (mail.subject.find(id) != std::string::npos || mail.body.find(id) != std::string::npos ||
        mail.body.find(tracking) != std::string::npos) {
      EXPECT_EQ(mail.delivered_to, email) << mail.kind;
    }
  }
}

}  // namespace
}  // namespace shop::testing

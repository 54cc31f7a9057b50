// Delivery end to end through the gateway (issue 13, docs/decisions/0034), on the whole platform
// with real Postgres and Kafka: checkout -> confirmed -> shipment created -> a courier (a real
// user the admin made one) records picked_up, in_transit, out_for_delivery, delivered -> the order
// is shipped, then delivered, and its timeline shows each step. The delivery.* and order events
// are read back with kcat, valid under their schemas and on the checkout's trace. Privacy: another
// customer sees nothing, a customer moves nothing. An order cancelled before pickup cancels its
// shipment.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "events/uuid_v7.hpp"
#include "kafka_capture.hpp"
#include "saga_fixture.hpp"

namespace shop::testing {
namespace {

using namespace std::chrono_literals;

std::string Unique(const std::string& name) { return name + events::NewUuidV7().substr(24); }

std::string RandomHex(std::size_t digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device random;
  std::string text;
  for (std::size_t i = 0; i < digits; ++i) {
    text += kHex[random() % 16];
  }
  return text;
}

class DeliveryTest : public SagaTest {
 protected:
  // GET /delivery/orders/{id} as `user` once the shipment exists (asserts it comes).
  static nlohmann::json ShipmentOf(const User& user, const std::string& order_id) {
    nlohmann::json shipment = nullptr;
    EXPECT_TRUE(WaitFor(
        [&] {
          const HttpResult read = System().Api("GET", "/delivery/orders/" + order_id, user.token);
          if (read.status != 200) {
            return false;
          }
          shipment = nlohmann::json::parse(read.body);
          return true;
        },
        60s))
        << "no shipment for order " << order_id;
    return shipment;
  }

  static HttpResult Step(const User& courier, const std::string& order_id,
                         const std::string& status, const std::string& note = {}) {
    nlohmann::json body = {{"status", status}};
    if (!note.empty()) {
      body["note"] = note;
    }
    return System().Api("POST", "/delivery/orders/" + order_id + "/status", courier.token,
                        body.dump());
  }
};

TEST_F(DeliveryTest, ACourierTakesTheParcelToTheDoorAndTheCustomerFollowsEachStep) {
  const User customer = System().NewCustomer(Unique("eve"));
  const User courier = System().NewUserInRole(Unique("carl"), "courier");
  const std::string product = NewProduct("Teapot", "19.00", 5);
  AddToCart(customer, product, 1);
  const std::string trace_id = RandomHex(32);
  const HttpResult checkout = Checkout(
      customer, "tok_visa", {{"traceparent", "00-" + trace_id + "-" + RandomHex(16) + "-01"}});
  ASSERT_EQ(checkout.status, 202u) << checkout.body;
  const std::string id = nlohmann::json::parse(checkout.body).at("checkout_id");
  ASSERT_EQ(WaitForStatus(customer, id, "confirmed|cancelled").value("status", ""), "confirmed");

  const nlohmann::json created = ShipmentOf(customer, id);
  EXPECT_EQ(created.value("status", ""), "label_created");
  const std::string tracking = created.value("tracking_number", "");
  EXPECT_TRUE(tracking.starts_with("SH")) << created.dump();
  // The courier finds the work.
  bool listed = false;
  std::string cursor;
  do {
    const HttpResult page = System().Api(
        "GET",
        "/delivery/shipments?status=label_created" + (cursor.empty() ? "" : "&cursor=" + cursor),
        courier.token);
    ASSERT_EQ(page.status, 200u) << page.body;
    const nlohmann::json body = nlohmann::json::parse(page.body);
    for (const nlohmann::json& item : body.at("items")) {
      listed |= item.value("order_id", "") == id;
    }
    cursor = body.at("next_cursor").is_string() ? body.at("next_cursor").get<std::string>() : "";
  } while (!cursor.empty());
  EXPECT_TRUE(listed);

  ASSERT_EQ(Step(courier, id, "picked_up").status, 200u);
  EXPECT_EQ(WaitForStatus(customer, id, "shipped").value("status", ""), "shipped");
  EXPECT_EQ(System().Api("POST", "/orders/" + id + "/cancel", customer.token).status, 409u)
      << "a shipped order is no longer cancelled";
  ASSERT_EQ(Step(courier, id, "in_transit").status, 200u);
  ASSERT_EQ(Step(courier, id, "out_for_delivery").status, 200u);
  const HttpResult delivered = Step(courier, id, "delivered", "handed to the customer");
  ASSERT_EQ(delivered.status, 200u) << delivered.body;

  const nlohmann::json order = WaitForStatus(customer, id, "delivered");
  EXPECT_EQ(order.value("status", ""), "delivered");
  // The timeline shows every tracking step, in order (each step waited for above, or on one topic).
  std::vector<std::string> steps;
  EXPECT_TRUE(WaitFor(
      [&] {
        steps.clear();
        const nlohmann::json timeline = OrderOf(customer, id)->at("timeline");
        for (const nlohmann::json& line : timeline) {
          if (line.value("cause", "").starts_with("delivery.")) {
            steps.push_back(line.value("detail", ""));
          }
        }
        return steps.size() >= 5;
      },
      30s));
  EXPECT_EQ(steps, (std::vector<std::string>{"label_created, tracking number " + tracking,
                                             "picked_up", "in_transit", "out_for_delivery",
                                             "delivered: handed to the customer"}));
  const nlohmann::json shipment = ShipmentOf(customer, id);
  EXPECT_EQ(shipment.value("status", ""), "delivered");
  ASSERT_EQ(shipment.at("history").size(), 5u);
  for (const nlohmann::json& entry : shipment.at("history")) {
    EXPECT_FALSE(entry.value("at", "").empty());
  }

  // On Kafka, read with kcat: each event once, valid, on the checkout's trace.
  const std::vector<std::string> types = {"delivery.shipment_created", "delivery.status_changed",
                                          "order.shipped", "order.delivered"};
  std::vector<CapturedEvent> events;
  ASSERT_TRUE(WaitFor(
      [&] {
        events.clear();
        for (const CapturedEvent& event : CaptureEvents(System().Bootstrap(), types)) {
          if (event.subject == id) {
            events.push_back(event);
          }
        }
        return events.size() >= 7;
      },
      30s))
      << events.size() << " of 7 events on Kafka";
  std::map<std::string, int> counts;
  for (const CapturedEvent& event : events) {
    ++counts[event.type];
    const auto [rc, output] = ValidateEventData(event.type, event.data);
    EXPECT_EQ(rc, 0) << event.type << " does not conform: " << output;
    EXPECT_NE(event.traceparent.find(trace_id), std::string::npos)
        << event.type << " is not on the checkout's trace: '" << event.traceparent << "'";
  }
  EXPECT_EQ(counts, (std::map<std::string, int>{{"delivery.shipment_created", 1},
                                                {"delivery.status_changed", 4},
                                                {"order.shipped", 1},
                                                {"order.delivered", 1}}));
}

TEST_F(DeliveryTest, OnlyTheCustomerAndStaffSeeTheShipmentAndACancelBeforePickupCancelsIt) {
  const User customer = System().NewCustomer(Unique("fay"));
  const User other = System().NewCustomer(Unique("gus"));
  const User courier = System().NewUserInRole(Unique("cora"), "courier");
  const std::string id = Buy(customer, NewProduct("Vase", "8.00", 3), 1, "tok_visa");
  ASSERT_EQ(WaitForStatus(customer, id, "confirmed|cancelled").value("status", ""), "confirmed");
  ASSERT_EQ(ShipmentOf(customer, id).value("status", ""), "label_created");

  EXPECT_EQ(System().Api("GET", "/delivery/orders/" + id, other.token).status, 404u);
  EXPECT_EQ(Step(customer, id, "picked_up").status, 403u);
  EXPECT_EQ(Step(other, id, "picked_up").status, 403u);
  EXPECT_EQ(System().Api("GET", "/delivery/shipments", customer.token).status, 403u);
  EXPECT_EQ(System().Api("GET", "/delivery/orders/" + id, "").status, 401u);
  EXPECT_EQ(System().Api("GET", "/delivery/orders/" + id, courier.token).status, 200u);
  EXPECT_EQ(System().Api("GET", "/delivery/orders/" + id, System().Admin().token).status, 200u);

  // The customer changes their mind before the courier comes.
  ASSERT_EQ(System().Api("POST", "/orders/" + id + "/cancel", customer.token).status, 200u);
  EXPECT_TRUE(
      WaitFor([&] { return ShipmentOf(customer, id).value("status", "") == "cancelled"; }, 30s));
  const HttpResult late = Step(courier, id, "picked_up");
  EXPECT_EQ(late.status, 409u) << late.body;
  EXPECT_EQ(nlohmann::json::parse(late.body).value("current_status", ""), "cancelled");
  EXPECT_TRUE(WaitFor(
      [&] {
        const nlohmann::json timeline = OrderOf(customer, id)->at("timeline");
        return std::any_of(timeline.begin(), timeline.end(), [](const nlohmann::json& line) {
          return line.value("cause", "") == "delivery.cancelled";
        });
      },
      30s))
      << "the order's timeline shows the cancelled shipment";
  EXPECT_EQ(OrderOf(customer, id)->value("status", ""), "cancelled");
}

}  // namespace
}  // namespace shop::testing

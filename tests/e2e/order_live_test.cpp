// order-service's live order status (GET /orders/live, docs/decisions/0034) on its real binary and
// a real Postgres, connected to directly: the token as a subprotocol or as Authorization, refusals
// before the upgrade, the caller's rows only and in seq order, the resume with ?after=, a backlog
// larger than the send queue, a client that never reads (closed with 1008, another socket of the
// user unaffected), rows of one user committing in seq order (migrations/V005), and the drain.
// Rows are written straight into the database; the saga through the gateway is
// order_live_e2e_test.cpp's. The consumers are off: nothing here needs Kafka.
#include <gtest/gtest.h>

#include <csignal>
#include <future>
#include <pqxx/pqxx>

#include "events/uuid_v7.hpp"
#include "live_support.hpp"
#include "service_process.hpp"
#include "test_identity.hpp"

namespace shop::testing {
namespace {

using namespace std::chrono_literals;
namespace websocket = boost::beast::websocket;

constexpr std::chrono::seconds kDeadline{30};

struct User {
  std::string id;
  std::string token;
};

User NewCustomer() {
  const std::string id = events::NewUuidV7();
  return {.id = id, .token = TestIdentity::Shared().Token(id, "customer")};
}

class OrderLiveTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    try {
      database_ = CreateDatabase("order_live");
      service_ = std::make_unique<ServiceProcess>(
          ORDER_SERVICE_BIN, database_,
          std::map<std::string, std::string>{
              {"SHOP_DISABLED_TASKS", "checkout-intake,order-saga,deadline-scanner"}});
      rows_ = std::make_unique<OrderRows>(database_);
    } catch (const std::exception& e) {
      setup_error_ = e.what();
    }
  }
  static void TearDownTestSuite() { service_.reset(); }
  void SetUp() override {
    ASSERT_NE(service_, nullptr) << "order-service did not start: " << setup_error_;
  }

  static std::uint16_t Port() { return service_->port(); }
  static double Metric(const std::string& series) {
    return MetricValue(service_->Call("GET", "/metrics").body, series).value_or(0);
  }
  // The subscribers the feed holds: a socket counts once it is subscribed.
  static bool WaitForOpenSockets(double count) {
    return WaitFor([&] { return Metric("order_live_sockets") == count; }, kDeadline);
  }

  static inline std::string setup_error_;
  static inline std::string database_;
  static inline std::unique_ptr<ServiceProcess> service_;
  static inline std::unique_ptr<OrderRows> rows_;
};

TEST_F(OrderLiveTest, EachNewRowOfTheCallersOrdersArrivesInSeqOrderAndNothingOfOthers) {
  const User a = NewCustomer();
  const User b = NewCustomer();
  const std::string first = rows_->InsertOrder(a.id);
  const std::string second = rows_->InsertOrder(a.id);
  const std::string others = rows_->InsertOrder(b.id);
  rows_->AppendRows(first, 2);  // before the connection: not sent without ?after
  LiveListener listener_a(Port(), "/orders/live", a.token);
  LiveListener listener_b(Port(), "/orders/live", b.token);
  ASSERT_TRUE(WaitForOpenSockets(2));

  std::vector<std::int64_t> expected;
  for (const std::string& order : {first, others, second, first}) {
    const std::vector<std::int64_t> seqs = rows_->AppendRows(order, 3);
    if (order != others) {
      expected.insert(expected.end(), seqs.begin(), seqs.end());
    }
  }
  ASSERT_TRUE(listener_a.WaitForSeq(expected.back(), kDeadline)) << listener_a.Messages().size();
  EXPECT_EQ(listener_a.Seqs(), expected) << "without ?after: the rows after the connection, each "
                                            "once, in seq order";
  const nlohmann::json message = listener_a.Messages().front();
  EXPECT_EQ(message.at("type"), "order.status");
  EXPECT_EQ(message.at("order_id"), first);
  EXPECT_EQ(message.at("status"), "pending");
  EXPECT_EQ(message.at("from_status"), "pending");
  EXPECT_EQ(message.at("cause"), "test.note");
  EXPECT_TRUE(message.contains("version") && message.contains("detail") && message.contains("at"));

  // B's first message is its own marker: nothing of A's came before it.
  const std::vector<std::int64_t> marker = rows_->AppendRows(others, 1);
  ASSERT_TRUE(listener_b.WaitForCount(4, kDeadline));
  for (const nlohmann::json& seen : listener_b.Messages()) {
    EXPECT_EQ(seen.at("order_id"), others) << seen.dump();
  }
  EXPECT_EQ(listener_b.Seqs().back(), marker.back());
}

TEST_F(OrderLiveTest, TheTokenComesAsASubprotocolOrAuthorizationAndOnlyShopV1IsAnswered) {
  const User a = NewCustomer();
  WebSocketTestClient offered(Port(), "/orders/live", LiveProtocols(a.token));
  ASSERT_TRUE(offered.open()) << offered.handshake();
  EXPECT_EQ(offered.subprotocol(), "shop.v1") << "never the bearer entry";

  WebSocketTestClient header(Port(), "/orders/live", {"shop.v1"},
                             {{"Authorization", "Bearer " + a.token}});
  ASSERT_TRUE(header.open()) << header.handshake();
  EXPECT_EQ(header.subprotocol(), "shop.v1");
  ASSERT_TRUE(WaitForOpenSockets(2));
}

TEST_F(OrderLiveTest, ABadOrMissingTokenIsRefusedWith401BeforeTheUpgrade) {
  const User a = NewCustomer();
  std::string tampered = a.token;
  tampered[tampered.find('.') + 5] ^= 1;
  const std::string header = a.token.substr(0, a.token.find('.'));
  const std::map<std::string, std::vector<std::string>> offers = {
      {"missing", LiveProtocols("")},
      {"tampered", LiveProtocols(tampered)},
      {"truncated", LiveProtocols(a.token.substr(0, a.token.size() - 10))},
      {"not a jwt", LiveProtocols("abc")},
      {"two tokens", {"shop.v1", "bearer." + a.token, "bearer." + a.token}},
  };
  for (const auto& [name, protocols] : offers) {
    WebSocketTestClient client(Port(), "/orders/live", protocols);
    EXPECT_FALSE(client.open()) << name;
    EXPECT_EQ(client.handshake().result_int(), 401) << name;
    EXPECT_EQ(client.handshake()[boost::beast::http::field::content_type],
              "application/problem+json")
        << name;
    EXPECT_EQ(client.handshake().body().find(a.token.substr(20, 20)), std::string::npos) << name;
  }
  // Other refusals: shop.v1 not offered, a bad after, and a plain GET.
  WebSocketTestClient no_protocol(Port(), "/orders/live", {"bearer." + a.token});
  EXPECT_EQ(no_protocol.handshake().result_int(), 400);
  WebSocketTestClient bad_after(Port(), "/orders/live?after=-1", LiveProtocols(a.token));
  EXPECT_EQ(bad_after.handshake().result_int(), 400);
  EXPECT_EQ(service_->Call("GET", "/orders/live").status, 426u);
  // The credential never reaches the log.
  EXPECT_EQ(ReadTextFile(service_->log_file()).find(a.token.substr(40, 30)), std::string::npos);
}

TEST_F(OrderLiveTest, AfterReplaysEveryLaterRowFromTheTableThenGoesLive) {
  const User a = NewCustomer();
  const std::string order = rows_->InsertOrder(a.id);
  const std::vector<std::int64_t> seqs = rows_->AppendRows(order, 10);
  LiveListener listener(Port(), "/orders/live?after=" + std::to_string(seqs[3]), a.token);
  ASSERT_TRUE(listener.WaitForSeq(seqs.back(), kDeadline));
  EXPECT_EQ(listener.Seqs(), std::vector<std::int64_t>(seqs.begin() + 4, seqs.end()))
      << "exactly the rows after seq, once each";
  const std::vector<std::int64_t> live = rows_->AppendRows(order, 2);
  ASSERT_TRUE(listener.WaitForSeq(live.back(), kDeadline));
  std::vector<std::int64_t> expected(seqs.begin() + 4, seqs.end());
  expected.insert(expected.end(), live.begin(), live.end());
  EXPECT_EQ(listener.Seqs(), expected) << "no gap and no duplicate at the seam";
}

TEST_F(OrderLiveTest, ABacklogLargerThanTheSendQueueIsSentWholeInPages) {
  const User a = NewCustomer();
  const std::string order = rows_->InsertOrder(a.id);
  const std::vector<std::int64_t> seqs = rows_->AppendRows(order, 1000);
  const double full_before = Metric("order_live_send_queue_full_total");
  LiveListener listener(Port(), "/orders/live?after=0", a.token);
  ASSERT_TRUE(listener.WaitForSeq(seqs.back(), kDeadline)) << listener.Messages().size();
  EXPECT_EQ(listener.Seqs(), seqs);
  EXPECT_FALSE(listener.Closed());
  EXPECT_EQ(Metric("order_live_send_queue_full_total"), full_before);
}

TEST_F(OrderLiveTest, AClientThatNeverReadsIsClosedWith1008AndTheUsersOtherSocketKeepsReceiving) {
  const User a = NewCustomer();
  ExpectANonReaderCutWith1008(Port(), a.token, *rows_, rows_->InsertOrder(a.id), Metric, 120s);
}

TEST_F(OrderLiveTest, RowsOfOneUserCommitInSeqOrderSoAResumeNeverSkipsALateCommit) {
  const User a = NewCustomer();
  const User b = NewCustomer();
  const std::string first = rows_->InsertOrder(a.id);
  const std::string second = rows_->InsertOrder(a.id);
  const std::string others = rows_->InsertOrder(b.id);
  const char* kAppend =
      "INSERT INTO order_timeline (order_id, to_status, version, cause) "
      "VALUES ($1::uuid, 'pending', 1, 'test.order') RETURNING id";

  // T1 writes a row of A's first order and stays open.
  pqxx::connection early(database_);
  pqxx::work t1(early);
  const std::int64_t early_seq = t1.exec_params1(kAppend, first)[0].as<std::int64_t>();
  // A row of another user is not held up.
  EXPECT_EQ(rows_->AppendRows(others, 1).size(), 1u);
  // T2 writes a row of A's other order: it waits for T1 (the user's lock) ...
  auto late = std::async(std::launch::async, [&] {
    pqxx::connection connection(database_);
    pqxx::work t2(connection);
    const std::int64_t seq = t2.exec_params1(kAppend, second)[0].as<std::int64_t>();
    t2.commit();
    return seq;
  });
  ASSERT_TRUE(WaitFor(
      [&] {
        pqxx::connection connection(database_);
        pqxx::nontransaction query(connection);
        return query
                   .exec(
                       "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                       "AND wait_event = 'advisory' AND datname = current_database()")[0][0]
                   .as<int>() == 1;
      },
      kDeadline))
      << "T2 must wait for T1";
  // ... so a client that has seen everything committed so far resumes before T1's row.
  t1.commit();
  const std::int64_t late_seq = late.get();
  EXPECT_GT(late_seq, early_seq) << "the row committed second has the higher seq";
  LiveListener resumed(Port(), "/orders/live?after=0", a.token);
  ASSERT_TRUE(resumed.WaitForSeq(late_seq, kDeadline));
  EXPECT_EQ(resumed.Seqs(), (std::vector<std::int64_t>{early_seq, late_seq}));
}

TEST_F(OrderLiveTest, ADrainClosesLiveSocketsWith1001) {
  const User a = NewCustomer();
  WebSocketTestClient client(Port(), "/orders/live", LiveProtocols(a.token));
  ASSERT_TRUE(client.open());
  ASSERT_TRUE(WaitForOpenSockets(1));
  service_->process().Signal(SIGTERM);
  EXPECT_EQ(client.Read(kDeadline), std::nullopt);
  EXPECT_FALSE(client.timed_out());
  EXPECT_EQ(client.close_reason().code, websocket::close_code::going_away);
  EXPECT_TRUE(service_->process().Wait(kDeadline)) << "order-service drained and stopped";
  service_.reset();
}

}  // namespace
}  // namespace shop::testing

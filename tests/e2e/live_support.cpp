#include "live_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <pqxx/pqxx>
#include <stdexcept>

#include "events/uuid_v7.hpp"
#include "test_support.hpp"

namespace shop::testing {
namespace {

constexpr std::chrono::seconds kDeadline{60};

std::vector<std::int64_t> ReadSeqsUntilClosed(WebSocketTestClient& client,
                                              std::chrono::milliseconds deadline) {
  std::vector<std::int64_t> seqs;
  while (const std::optional<std::string> text = client.Read(deadline)) {
    seqs.push_back(nlohmann::json::parse(*text).at("seq").get<std::int64_t>());
  }
  return seqs;
}

}  // namespace

std::vector<std::string> LiveProtocols(const std::string& token) {
  std::vector<std::string> protocols{"shop.v1"};
  if (!token.empty()) {
    protocols.push_back("bearer." + token);
  }
  return protocols;
}

LiveListener::LiveListener(std::uint16_t port, const std::string& target, const std::string& token)
    : client_(std::make_unique<WebSocketTestClient>(port, target, LiveProtocols(token))) {
  if (!client_->open()) {
    throw std::runtime_error("the upgrade of " + target +
                             " was refused: " + std::to_string(client_->handshake().result_int()) +
                             " " + client_->handshake().body());
  }
  reader_ = std::thread([this] {
    while (const std::optional<std::string> text = client_->Read(std::chrono::hours(1))) {
      const std::lock_guard lock(mutex_);
      messages_.push_back(nlohmann::json::parse(*text));
    }
    const std::lock_guard lock(mutex_);
    closed_ = true;
  });
}

LiveListener::~LiveListener() {
  client_->Interrupt();
  reader_.join();
}

std::vector<nlohmann::json> LiveListener::Messages() const {
  const std::lock_guard lock(mutex_);
  return messages_;
}

std::vector<std::int64_t> LiveListener::Seqs() const {
  std::vector<std::int64_t> seqs;
  for (const nlohmann::json& message : Messages()) {
    seqs.push_back(message.at("seq").get<std::int64_t>());
  }
  return seqs;
}

bool LiveListener::WaitForSeq(std::int64_t seq, std::chrono::milliseconds deadline) const {
  return WaitFor(
      [&] {
        const std::lock_guard lock(mutex_);
        return !messages_.empty() && messages_.back().at("seq").get<std::int64_t>() >= seq;
      },
      deadline);
}

bool LiveListener::WaitForCount(std::size_t count, std::chrono::milliseconds deadline) const {
  return WaitFor(
      [&] {
        const std::lock_guard lock(mutex_);
        return messages_.size() >= count;
      },
      deadline);
}

bool LiveListener::Closed() const {
  const std::lock_guard lock(mutex_);
  return closed_;
}

std::string OrderRows::InsertOrder(const std::string& user_id) const {
  const std::string id = events::NewUuidV7();
  pqxx::connection connection(database_url_);
  pqxx::work txn(connection);
  txn.exec_params(
      "INSERT INTO orders (id, user_id, status, lines, subtotal, discount, total, "
      "shipping_address, version) VALUES ($1::uuid, $2::uuid, 'pending', '[]', 0, 0, 0, "
      "'{\"name\":\"A\",\"line1\":\"1 Road\",\"line2\":null,\"city\":\"C\",\"postal_code\":\"1\","
      "\"country\":\"GB\"}', 1)",
      id, user_id);
  txn.commit();
  return id;
}

std::vector<std::int64_t> OrderRows::AppendRows(const std::string& order_id, int count,
                                                std::size_t detail_bytes) const {
  pqxx::connection connection(database_url_);
  pqxx::work txn(connection);
  std::vector<std::int64_t> seqs;
  for (const pqxx::row& row : txn.exec_params(
           "INSERT INTO order_timeline (order_id, from_status, to_status, version, cause, detail) "
           "SELECT $1::uuid, 'pending', 'pending', 1, 'test.note', repeat('x', $3) "
           "FROM generate_series(1, $2) RETURNING id",
           order_id, count, static_cast<long long>(detail_bytes))) {
    seqs.push_back(row[0].as<std::int64_t>());
  }
  txn.commit();
  std::sort(seqs.begin(), seqs.end());
  return seqs;
}

void ExpectANonReaderCutWith1008(std::uint16_t port, const std::string& token,
                                 const OrderRows& rows, const std::string& order,
                                 const OrderMetricReader& metric, std::chrono::seconds give_up) {
  WebSocketTestClient slow(port, "/orders/live", LiveProtocols(token));  // never read below
  ASSERT_TRUE(slow.open()) << slow.handshake();
  LiveListener fast(port, "/orders/live", token);
  ASSERT_TRUE(WaitFor([&] { return metric("order_live_sockets") == 2; }, kDeadline));

  // Batches of large rows, each waited for by the fast reader, until the slow socket's queue is
  // full (through the gateway: once the gateway's buffers are full too).
  const double cut_before = metric("order_live_send_queue_full_total");
  std::vector<std::int64_t> written;
  const bool cut = WaitFor(
      [&] {
        const std::vector<std::int64_t> batch = rows.AppendRows(order, 32, 32 * 1024);
        written.insert(written.end(), batch.begin(), batch.end());
        EXPECT_TRUE(fast.WaitForSeq(batch.back(), kDeadline));
        return metric("order_live_send_queue_full_total") > cut_before;
      },
      give_up);
  ASSERT_TRUE(cut) << written.size() << " rows written, the slow socket was never cut";
  const std::vector<std::int64_t> after = rows.AppendRows(order, 5);
  ASSERT_TRUE(fast.WaitForSeq(after.back(), kDeadline)) << "the other socket keeps receiving";
  written.insert(written.end(), after.begin(), after.end());
  EXPECT_EQ(fast.Seqs(), written);
  EXPECT_FALSE(fast.Closed());

  // The slow client reads at last: what was already on its way, in order, then the close.
  const std::vector<std::int64_t> received = ReadSeqsUntilClosed(slow, kDeadline);
  EXPECT_EQ(std::ranges::adjacent_find(received, std::greater_equal<>()), received.end())
      << "in ascending seq order";
  EXPECT_FALSE(slow.timed_out());
  EXPECT_EQ(slow.close_reason().code, boost::beast::websocket::close_code::policy_error);
  EXPECT_EQ(slow.close_reason().reason, "send queue full");
  EXPECT_LT(received.empty() ? 0 : received.back(), written.back()) << "it was cut before the end";
}

}  // namespace shop::testing

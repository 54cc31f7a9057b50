#pragma once
// What the live order-status tests share (GET /orders/live, docs/decisions/0034): a WebSocket
// client that reads on a thread of its own and keeps every message, the subprotocols a browser
// offers, and rows written straight into order-service's database (orders and timeline rows: the
// cheapest way to make many messages; the trigger of migrations/V005 notifies as for any row).

// clang-format off
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp needs std::exchange
// clang-format on

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "platform/http/websocket_test_client.hpp"

namespace shop::testing {

using http::testing::WebSocketTestClient;

// shop.v1 and the token as "bearer.<token>" (none when empty), as a browser offers them.
std::vector<std::string> LiveProtocols(const std::string& token);

// A live socket whose messages are read as they come, on a thread of its own, until it closes.
class LiveListener {
 public:
  // Opens GET `target` (e.g. "/orders/live?after=12") on `port`; throws when the upgrade is
  // refused.
  LiveListener(std::uint16_t port, const std::string& target, const std::string& token);
  ~LiveListener();
  LiveListener(const LiveListener&) = delete;
  LiveListener& operator=(const LiveListener&) = delete;

  std::vector<nlohmann::json> Messages() const;
  std::vector<std::int64_t> Seqs() const;
  // Waits until a message with seq >= `seq` has come (true) or `deadline` passed.
  bool WaitForSeq(std::int64_t seq, std::chrono::milliseconds deadline) const;
  // Waits until `count` messages have come.
  bool WaitForCount(std::size_t count, std::chrono::milliseconds deadline) const;
  bool Closed() const;

 private:
  std::unique_ptr<WebSocketTestClient> client_;
  mutable std::mutex mutex_;
  std::vector<nlohmann::json> messages_;
  bool closed_ = false;
  std::thread reader_;
};

// Writes into order-service's database at `database_url`.
class OrderRows {
 public:
  explicit OrderRows(std::string database_url) : database_url_(std::move(database_url)) {}
  // A pending order of `user_id` (no lines, zero totals) without a timeline row; its id.
  std::string InsertOrder(const std::string& user_id) const;
  // `count` timeline rows of the order in one transaction, each with a detail of `detail_bytes`
  // characters; their seqs in order.
  std::vector<std::int64_t> AppendRows(const std::string& order_id, int count,
                                       std::size_t detail_bytes = 0) const;

 private:
  std::string database_url_;
};

// One of order-service's metrics (0 when absent), e.g. "order_live_sockets".
using OrderMetricReader = std::function<double(const std::string& series)>;

// The slow client of decision 0034, on `port` (order-service's, or the gateway's in front of it;
// order-service holds no other live socket): of two sockets of the user with `token`, one never
// reads while the other does; batches of large rows are appended to `order` until order-service
// has cut a socket for a full send queue (at most `give_up`), then 5 more. Expects (gtest) the
// reading socket to have received every row in order and to stay open, and the other to have
// received fewer rows, in ascending seq order, then the close 1008 "send queue full" (through the
// gateway: as order-service sent it).
void ExpectANonReaderCutWith1008(std::uint16_t port, const std::string& token,
                                 const OrderRows& rows, const std::string& order,
                                 const OrderMetricReader& metric, std::chrono::seconds give_up);

}  // namespace shop::testing

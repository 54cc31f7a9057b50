#include "live_support.hpp"

#include <algorithm>
#include <pqxx/pqxx>
#include <stdexcept>

#include "events/uuid_v7.hpp"
#include "test_support.hpp"

namespace shop::testing {

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

}  // namespace shop::testing

#include "kafka_sender.hpp"

#include <cstdint>

#include "exit_codes.hpp"

namespace shop::shopctl {
namespace {

constexpr int kMessageTimeoutMs = 30000;

}  // namespace

KafkaSender::KafkaSender(const KafkaSettings& settings) {
  // Built here rather than by NewKafkaHandle: the delivery callback and its opaque go on the conf.
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char error[512];
  const std::vector<std::pair<std::string, std::string>> values = {
      {"bootstrap.servers", settings.bootstrap},
      {"client.id", "shopctl"},
      {"enable.idempotence", "true"},
      {"linger.ms", "5"},
      {"message.timeout.ms", std::to_string(kMessageTimeoutMs)}};
  for (const auto& [name, value] : values) {
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof error) !=
        RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw UsageError("kafka setting " + name + " refused: " + error);
    }
  }
  rd_kafka_conf_set_log_cb(conf, [](const rd_kafka_t*, int, const char*, const char*) {});
  rd_kafka_conf_set_error_cb(conf, [](rd_kafka_t*, int, const char*, void*) {});
  rd_kafka_conf_set_dr_msg_cb(conf, &KafkaSender::OnDelivery);
  rd_kafka_conf_set_opaque(conf, this);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw UsageError(std::string("cannot create a Kafka producer: ") + error);
  }
  handle_.reset(rk);
}

void KafkaSender::OnDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* self = static_cast<KafkaSender*>(opaque);
  const auto tag = reinterpret_cast<std::uintptr_t>(message->_private);
  const auto index = static_cast<std::size_t>(tag & 0xffffffffu);
  // A late report of an earlier batch (its flush timed out) must not count for this one.
  if ((tag >> 32) != self->generation_ || index >= self->results_.size()) {
    return;
  }
  self->reported_[index] = true;
  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    self->results_[index] = rd_kafka_err2str(message->err);
  }
}

std::vector<std::optional<std::string>> KafkaSender::Send(
    const std::vector<events::KafkaMessage>& messages) {
  ++generation_;
  results_.assign(messages.size(), std::nullopt);
  reported_.assign(messages.size(), false);
  rd_kafka_t* rk = handle_.get();
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const events::KafkaMessage& m = messages[i];
    rd_kafka_headers_t* headers = rd_kafka_headers_new(m.headers.size());
    for (const auto& [name, value] : m.headers) {
      rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()), value.data(),
                          static_cast<ssize_t>(value.size()));
    }
    rd_kafka_resp_err_t err;
    while (true) {
      err = rd_kafka_producev(
          rk, RD_KAFKA_V_TOPIC(m.topic.c_str()),
          RD_KAFKA_V_KEY(const_cast<char*>(m.key.data()), m.key.size()),
          RD_KAFKA_V_VALUE(const_cast<char*>(m.value.data()), m.value.size()),
          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(headers),
          RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>((std::uintptr_t{generation_} << 32) | i)),
          RD_KAFKA_V_END);
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        break;
      }
      rd_kafka_poll(rk, 100);
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_headers_destroy(headers);  // ownership passes only on success
      reported_[i] = true;
      results_[i] = rd_kafka_err2str(err);
    }
  }
  // Every enqueued message gets exactly one report within message.timeout.ms.
  rd_kafka_flush(rk, kMessageTimeoutMs + 5000);
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (!reported_[i]) {
      results_[i] = "no delivery report";
    }
  }
  std::vector<std::optional<std::string>> results = std::move(results_);
  results_.clear();
  reported_.clear();
  return results;
}

}  // namespace shop::shopctl

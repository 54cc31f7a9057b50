#include "kafka_producer.hpp"

#include <cstdint>

#include "platform/logging/log.hpp"

namespace shop::relay {
namespace {

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
struct HeadersDeleter {
  void operator()(rd_kafka_headers_t* headers) const { rd_kafka_headers_destroy(headers); }
};

void Set(rd_kafka_conf_t* conf, const char* name, const std::string& value) {
  char error[512];
  if (rd_kafka_conf_set(conf, name, value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK) {
    throw KafkaError(std::string("kafka setting ") + name + ": " + error);
  }
}

// librdkafka's own log lines (syslog levels) as JSON log lines; called from its threads.
void OnLog(const rd_kafka_t*, int level, const char* facility, const char* message) {
  const auto spd_level = level <= 3   ? spdlog::level::err
                         : level == 4 ? spdlog::level::warn
                         : level <= 6 ? spdlog::level::info
                                      : spdlog::level::debug;
  logging::Log(spd_level, "kafka_log", {{"facility", facility}, {"message", message}});
}

}  // namespace

void KafkaProducer::HandleDeleter::operator()(rd_kafka_t* rk) const {
  // Drop what is still queued: those rows are unmarked and will be sent again.
  rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  rd_kafka_destroy(rk);
}

KafkaProducer::KafkaProducer(const ProducerOptions& options) {
  std::unique_ptr<rd_kafka_conf_t, ConfDeleter> conf(rd_kafka_conf_new());
  Set(conf.get(), "bootstrap.servers", options.bootstrap);
  Set(conf.get(), "enable.idempotence", "true");
  Set(conf.get(), "acks", "all");
  Set(conf.get(), "linger.ms", "5");
  Set(conf.get(), "message.timeout.ms", std::to_string(options.message_timeout.count()));
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &KafkaProducer::OnDelivery);
  rd_kafka_conf_set_error_cb(conf.get(), &KafkaProducer::OnError);
  rd_kafka_conf_set_log_cb(conf.get(), &OnLog);
  rd_kafka_conf_set_opaque(conf.get(), this);
  char error[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), error, sizeof error);
  if (rk == nullptr) {
    throw KafkaError(std::string("cannot create kafka producer: ") + error);
  }
  conf.release();  // owned by rk from here on
  handle_.reset(rk);
}

KafkaProducer::~KafkaProducer() = default;

std::optional<std::string> KafkaProducer::Produce(const OutboxRow& row,
                                                  const events::KafkaHeaders& headers) {
  while (true) {
    std::unique_ptr<rd_kafka_headers_t, HeadersDeleter> kafka_headers(
        rd_kafka_headers_new(headers.size()));
    for (const auto& [name, value] : headers) {
      rd_kafka_header_add(kafka_headers.get(), name.data(), static_cast<ssize_t>(name.size()),
                          value.data(), static_cast<ssize_t>(value.size()));
    }
    // The row id travels as the message opaque and comes back in the delivery report.
    void* opaque = reinterpret_cast<void*>(static_cast<std::intptr_t>(row.id));
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        handle_.get(), RD_KAFKA_V_TOPIC(row.topic.c_str()),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(row.key.data(), row.key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(row.payload.data()), row.payload.size()),
        RD_KAFKA_V_HEADERS(kafka_headers.get()), RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      kafka_headers.release();  // librdkafka owns them once produced
      rd_kafka_poll(handle_.get(), 0);
      return std::nullopt;
    }
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      return std::string(rd_kafka_err2str(err));
    }
    rd_kafka_poll(handle_.get(), 100);  // reports free room in the queue
  }
}

int KafkaProducer::AwaitDeliveries(std::chrono::milliseconds timeout) {
  rd_kafka_flush(handle_.get(), static_cast<int>(timeout.count()));
  rd_kafka_poll(handle_.get(), 0);
  return rd_kafka_outq_len(handle_.get());
}

std::vector<DeliveryReport> KafkaProducer::TakeReports() {
  std::vector<DeliveryReport> reports;
  reports.swap(reports_);
  return reports;
}

void KafkaProducer::RaiseFatalErrorForTesting(const std::string& reason) {
  rd_kafka_test_fatal_error(handle_.get(), RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER,
                            reason.c_str());
}

std::optional<std::string> KafkaProducer::Fatal() const {
  char reason[512];
  if (rd_kafka_fatal_error(handle_.get(), reason, sizeof reason) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    return std::nullopt;
  }
  return std::string(reason);
}

void KafkaProducer::OnDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* self = static_cast<KafkaProducer*>(opaque);
  const auto row_id = static_cast<std::int64_t>(reinterpret_cast<std::intptr_t>(message->_private));
  self->reports_.push_back(
      DeliveryReport{.row_id = row_id, .delivered = message->err == RD_KAFKA_RESP_ERR_NO_ERROR});
  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    logging::Warn("kafka_delivery_failed",
                  {{"row_id", row_id}, {"error", rd_kafka_err2str(message->err)}});
  }
}

void KafkaProducer::OnError(rd_kafka_t*, int err, const char* reason, void*) {
  // Transient errors (broker down) are retried by librdkafka; a fatal one is picked up by Fatal().
  logging::Warn("kafka_error", {{"error", rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(err))},
                                {"reason", reason},
                                {"fatal", err == RD_KAFKA_RESP_ERR__FATAL}});
}

}  // namespace shop::relay

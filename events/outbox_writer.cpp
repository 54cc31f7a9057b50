#include "events/outbox_writer.hpp"

#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

#include "events/cloud_event.hpp"
#include "events/uuid_v7.hpp"
#include "platform/text/rfc3339.hpp"

namespace shop::events {

namespace {

http::Problem EventTooLargeProblem(const std::string& type, std::size_t bytes) {
  return http::Problem{.status = 413,
                       .type = "urn:shop:problem:event-too-large",
                       .title = "Change too large to publish",
                       .detail = "the change would publish a " + type + " event of " +
                                 std::to_string(bytes) + " bytes; events are limited to " +
                                 std::to_string(kMaxEventBytes) +
                                 " bytes, so shorten the largest fields",
                       .extensions = {{"event_bytes", bytes}, {"limit_bytes", kMaxEventBytes}}};
}

}  // namespace

EventTooLarge::EventTooLarge(const std::string& type, std::size_t bytes)
    : http::HttpError(EventTooLargeProblem(type, bytes)) {}

Outbox::Outbox(std::string source_service, Statement statement)
    : source_("/services/" + std::move(source_service)), statement_(statement) {}

std::string Outbox::AppendData(pqxx::work& txn, const EventTypeInfo& type,
                               const std::string& aggregate_id, const std::string& data,
                               std::string_view traceparent) const {
  const std::string type_name(type.type);
  if (aggregate_id.empty()) {
    throw std::invalid_argument("outbox: event " + type_name + " has no aggregate id");
  }

  const CloudEvent cloud_event{
      .id = NewUuidV7(),
      .source = source_,
      .type = type_name,
      .time = text::FormatRfc3339Utc(std::chrono::system_clock::now()),
      .subject = aggregate_id,
      .data_content_type = std::string(kJsonContentType),
      .data_schema = std::string(type.schema_id),
      .traceparent =
          traceparent.empty() ? std::nullopt : std::optional<std::string>(std::string(traceparent)),
      .data = data};
  // The relay turns the stored headers back into Kafka headers; going through ToKafka keeps one
  // definition of the header set.
  const KafkaMessage message = ToKafka(cloud_event);
  if (const std::size_t bytes = RecordBytes(message); bytes > kMaxEventBytes) {
    throw EventTooLarge(type_name, bytes);
  }
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : message.headers) {
    headers[name] = value;
  }

  const std::string topic(type.topic);
  if (statement_ == kPrepared) {
    txn.exec_prepared(kInsertOutboxStatement, cloud_event.id, topic, message.key, type_name,
                      message.value, headers.dump());
  } else {
    txn.exec_params(std::string(kInsertOutboxSql), cloud_event.id, topic, message.key, type_name,
                    message.value, headers.dump());
  }
  return cloud_event.id;
}

}  // namespace shop::events

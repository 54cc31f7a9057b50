#include "events/kafka/produce_failure.hpp"

namespace shop::events::kafka {

std::string_view FailureKindName(FailureKind kind) {
  switch (kind) {
    case FailureKind::kRetry:
      return "retry";
    case FailureKind::kTopicAbsent:
      return "topic_absent";
    case FailureKind::kPermanent:
      return "permanent";
  }
  return "retry";
}

FailureKind ClassifyProduceError(rd_kafka_resp_err_t code) {
  switch (code) {
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
      return FailureKind::kTopicAbsent;
    case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_INVALID_RECORD:
    case RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION:
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_POLICY_VIOLATION:
    case RD_KAFKA_RESP_ERR__INVALID_ARG:
    case RD_KAFKA_RESP_ERR__BAD_MSG:
    case RD_KAFKA_RESP_ERR_UNSUPPORTED_FOR_MESSAGE_FORMAT:
      return FailureKind::kPermanent;
    default:
      return FailureKind::kRetry;
  }
}

bool IsBatchSizeRefusal(rd_kafka_resp_err_t code) {
  return code == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE ||
         code == RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE;
}

ProduceFailure MakeFailure(rd_kafka_resp_err_t code) {
  return ProduceFailure{
      .code = code, .text = rd_kafka_err2str(code), .kind = ClassifyProduceError(code)};
}

}  // namespace shop::events::kafka

#pragma once
// What a failed produce means for the sender (pure; unit-tested). librdkafka already retries what
// can succeed by waiting (a broker down, a leader moving) within message.timeout.ms; an error that
// reaches the application is one of:
//   kRetry        may succeed later as is: send it again (timeouts, a lost connection, a fatal
//                 error of the idempotent producer after the producer is replaced);
//   kTopicAbsent  the topic does not exist (yet?): an operator may still create it, so a sender
//                 retries for a grace period before treating it as permanent;
//   kPermanent    the broker will refuse this record every time (too large, invalid, not
//                 authorised): resending it changes nothing until someone changes the record or
//                 the broker's configuration.

#include <librdkafka/rdkafka.h>

#include <string>
#include <string_view>

namespace shop::events::kafka {

enum class FailureKind { kRetry, kTopicAbsent, kPermanent };

std::string_view FailureKindName(FailureKind kind);  // "retry", "topic_absent", "permanent"

struct ProduceFailure {
  rd_kafka_resp_err_t code = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::string text{};  // librdkafka's description, e.g. "Broker: Message size too large"
  FailureKind kind = FailureKind::kRetry;
};

FailureKind ClassifyProduceError(rd_kafka_resp_err_t code);

// True for the broker's "too large" refusals. The broker refuses a whole batch (every message in
// it gets the error) when one record in it is over the topic's max.message.bytes, so such a
// delivery failure says something about the message only when it was sent alone.
bool IsBatchSizeRefusal(rd_kafka_resp_err_t code);
ProduceFailure MakeFailure(rd_kafka_resp_err_t code);

}  // namespace shop::events::kafka

#pragma once
// What reached Kafka, read back with kcat: a client independent of our librdkafka code, so a bug
// shared by our producer and consumer cannot hide (DESIGN.md section 8).

#include <map>
#include <set>
#include <string>
#include <vector>

namespace shop::testing {

struct CapturedEvent {
  std::string topic;
  std::string id;           // ce_id header
  std::string subject;      // ce_subject header (the aggregate id)
  std::string type;         // ce_type header
  std::string traceparent;  // "" when the event has none
  std::string data;         // the value: the event's JSON data
};

// Every message of `topics` on the broker at `bootstrap`, from the beginning up to the end of
// each partition at the time of the call, in partition order. Throws std::runtime_error when
// kcat fails or prints a line it was not asked for.
std::vector<CapturedEvent> CaptureEvents(const std::string& bootstrap,
                                         const std::vector<std::string>& topics);

// How many copies of each of `ids` `captured` holds; an id never captured maps to 0.
std::map<std::string, int> CopiesOf(const std::vector<CapturedEvent>& captured,
                                    const std::set<std::string>& ids);

// The members of `all` that are not in `removed`, in order.
std::vector<std::string> Without(const std::set<std::string>& all,
                                 const std::set<std::string>& removed);

}  // namespace shop::testing

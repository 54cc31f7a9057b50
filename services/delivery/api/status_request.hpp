#pragma once
// The body of POST /delivery/orders/{order_id}/status (api/delivery_routes.hpp), a JSON object:
//
//   status   required: the status to move the shipment to, one a courier may ask for:
//            picked_up, in_transit, out_for_delivery, delivered, failed_attempt, returned
//            (label_created is the consumer's, cancelled an order cancellation's)
//   note     optional: free text for the tracking history and delivery.status_changed, at most
//            500 characters; absent, null or "" for none
//   version  optional: the shipment's version the caller last saw, >= 1; when given and the
//            shipment has moved on since, the move is refused (409) rather than applied blindly
//
// Unknown members are ignored. Errors as http::JsonBody reports them: a Content-Type other than
// JSON -> 415; malformed JSON or not an object -> 400; a missing or ill-typed member, a status
// couriers may not ask for, a note too long or a version below 1 -> 422 naming the member in
// `errors`.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "delivery/domain/shipment_status.hpp"
#include "platform/http/json_body.hpp"

namespace shop::delivery {

inline constexpr std::size_t kMaxNoteCharacters = 500;  // the events' schema's maxLength

struct StatusRequest {
  ShipmentStatus target;
  std::optional<std::string> note;  // none for absent, null or ""
  std::optional<std::int64_t> expected_version;
};

StatusRequest ParseStatusRequest(const http::JsonBody& body);

}  // namespace shop::delivery

#include "delivery/api/status_request.hpp"

#include "delivery/domain/shipment_machine.hpp"
#include "platform/http/problem.hpp"
#include "platform/text/utf8.hpp"

namespace shop::delivery {
namespace {

[[noreturn]] void Invalid(const std::string& field, const std::string& message) {
  throw http::Unprocessable("field '" + field + "' " + message,
                            nlohmann::json::array({{{"field", field}, {"message", message}}}));
}

}  // namespace

StatusRequest ParseStatusRequest(const http::JsonBody& body) {
  const std::string name = body.RequiredString("status");
  const std::optional<ShipmentStatus> target = ParseStatus(name);
  if (!target || !IsCourierTarget(*target)) {
    Invalid("status",
            "must be one of picked_up, in_transit, out_for_delivery, delivered, failed_attempt, "
            "returned");
  }
  StatusRequest request{.target = *target, .note = std::nullopt, .expected_version = std::nullopt};
  if (!body.IsNull("note")) {
    request.note = body.OptionalString("note");
    if (request.note && text::CodePoints(*request.note) > kMaxNoteCharacters) {
      Invalid("note", "must be at most " + std::to_string(kMaxNoteCharacters) + " characters");
    }
    if (request.note && request.note->empty()) {
      request.note.reset();
    }
  }
  request.expected_version = body.OptionalInt64("version");
  if (request.expected_version && *request.expected_version < 1) {
    Invalid("version", "must be at least 1");
  }
  return request;
}

}  // namespace shop::delivery

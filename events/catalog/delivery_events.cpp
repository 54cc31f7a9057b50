#include "events/catalog/delivery_events.hpp"

#include "events/catalog/payload_json.hpp"

namespace shop::events {
namespace {

nlohmann::json StateJson(const ShipmentState& shipment) {
  return nlohmann::json{{"shipment_id", shipment.shipment_id},
                        {"order_id", shipment.order_id},
                        {"user_id", shipment.user_id},
                        {"status", shipment.status},
                        {"tracking_number", shipment.tracking_number},
                        {"at", shipment.at},
                        {"version", shipment.version}};
}

ShipmentState ReadState(const PayloadReader& reader) {
  return {.shipment_id = reader.Uuid("shipment_id"),
          .order_id = reader.Uuid("order_id"),
          .user_id = reader.Uuid("user_id"),
          .status = reader.OneOf("status", kShipmentStatuses),
          .tracking_number = reader.StringOfLength("tracking_number", 1, 64),
          .at = reader.NonEmptyString("at"),
          .version = reader.Version()};
}

// FromJson of a type whose status is fixed: the status must be that one.
ShipmentState ReadStateWithStatus(std::string_view data, std::string_view type,
                                  std::string_view status) {
  const PayloadReader reader(data, std::string(type) + " data");
  ShipmentState state = ReadState(reader);
  if (state.status != status) {
    throw PayloadError(std::string(type) + " data has status " + state.status + ", not " +
                       std::string(status));
  }
  return state;
}

}  // namespace

std::string DeliveryShipmentCreated::ToJson() const { return StateJson(*this).dump(); }
DeliveryShipmentCreated DeliveryShipmentCreated::FromJson(std::string_view data) {
  return {ReadStateWithStatus(data, kType.type, "label_created")};
}

std::string DeliveryStatusChanged::ToJson() const {
  nlohmann::json json = StateJson(*this);
  json["from_status"] = from_status;
  PutIfSet(json, "note", note);
  return json.dump();
}

DeliveryStatusChanged DeliveryStatusChanged::FromJson(std::string_view data) {
  const PayloadReader reader(data, std::string(kType.type) + " data");
  return {ReadState(reader), reader.OneOf("from_status", kShipmentStatuses),
          reader.NullableString("note")};
}

std::string DeliveryCancelled::ToJson() const { return StateJson(*this).dump(); }
DeliveryCancelled DeliveryCancelled::FromJson(std::string_view data) {
  return {ReadStateWithStatus(data, kType.type, "cancelled")};
}

}  // namespace shop::events

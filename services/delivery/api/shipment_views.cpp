#include "delivery/api/shipment_views.hpp"

#include "platform/text/rfc3339.hpp"

namespace shop::delivery {
namespace {

nlohmann::json TimeJson(const std::optional<Time>& time) {
  return time ? nlohmann::json(text::FormatRfc3339Utc(*time)) : nlohmann::json();
}

nlohmann::json TextJson(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

}  // namespace

nlohmann::json ShipmentView(const Shipment& shipment) {
  return {{"shipment_id", shipment.id},
          {"order_id", shipment.order_id},
          {"user_id", shipment.user_id},
          {"status", StatusName(shipment.status)},
          {"tracking_number", TextJson(shipment.tracking_number)},
          {"version", shipment.version},
          {"created_at", text::FormatRfc3339Utc(shipment.created_at)},
          {"updated_at", text::FormatRfc3339Utc(shipment.updated_at)},
          {"order_cancelled_at", TimeJson(shipment.order_cancelled_at)}};
}

nlohmann::json ShipmentWithHistoryView(const Shipment& shipment,
                                       const std::vector<HistoryEntry>& history, bool for_staff) {
  nlohmann::json view = ShipmentView(shipment);
  nlohmann::json entries = nlohmann::json::array();
  for (const HistoryEntry& entry : history) {
    nlohmann::json line = {
        {"at", text::FormatRfc3339Utc(entry.at)},
        {"from_status",
         entry.from_status ? nlohmann::json(StatusName(*entry.from_status)) : nlohmann::json()},
        {"to_status", StatusName(entry.to_status)},
        {"note", TextJson(entry.note)},
        {"by_role", entry.by_role},
        {"version", entry.version}};
    if (for_staff) {
      line["by_user"] = TextJson(entry.by_user);
    }
    entries.push_back(std::move(line));
  }
  view["history"] = std::move(entries);
  return view;
}

}  // namespace shop::delivery

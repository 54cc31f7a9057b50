#include "order/api/order_views.hpp"

#include "order/domain/order_json.hpp"
#include "platform/text/rfc3339.hpp"

namespace shop::order {
namespace {

std::string TimeText(Time time) { return text::FormatRfc3339Utc(time); }

nlohmann::json ReasonJson(const std::optional<CancelReason>& reason) {
  return reason ? nlohmann::json(ReasonName(*reason)) : nlohmann::json();
}

}  // namespace

nlohmann::json OrderView(const Order& order) {
  return {{"id", order.id},
          {"user_id", order.user_id},
          {"status", StatusName(order.status)},
          {"cancel_reason", ReasonJson(order.cancel_reason)},
          {"lines", LinesJson(order.lines)},
          {"subtotal", order.subtotal},
          {"discount", order.discount},
          {"total", order.total},
          {"promo_code", order.promo_code ? nlohmann::json(*order.promo_code) : nlohmann::json()},
          {"shipping_address", AddressJson(order.shipping_address)},
          {"version", order.version},
          {"created_at", TimeText(order.created_at)},
          {"updated_at", TimeText(order.updated_at)},
          {"deadline_at",
           order.deadline_at ? nlohmann::json(TimeText(*order.deadline_at)) : nlohmann::json()}};
}

nlohmann::json OrderWithTimelineView(const Order& order,
                                     const std::vector<TimelineEntry>& timeline) {
  nlohmann::json view = OrderView(order);
  nlohmann::json entries = nlohmann::json::array();
  for (const TimelineEntry& entry : timeline) {
    entries.push_back(
        {{"at", TimeText(entry.at)},
         {"from_status",
          entry.from_status ? nlohmann::json(StatusName(*entry.from_status)) : nlohmann::json()},
         {"to_status", StatusName(entry.to_status)},
         {"version", entry.version},
         {"cause", entry.cause},
         {"detail", entry.detail}});
  }
  view["timeline"] = std::move(entries);
  return view;
}

nlohmann::json SaleView(const Sale& sale) {
  return {{"order_id", sale.order_id},
          {"status", StatusName(sale.status)},
          {"cancel_reason", ReasonJson(sale.cancel_reason)},
          {"version", sale.version},
          {"created_at", TimeText(sale.created_at)},
          {"updated_at", TimeText(sale.updated_at)},
          {"lines", LinesJson(sale.lines)}};
}

}  // namespace shop::order

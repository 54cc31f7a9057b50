#include "product/consumers/stock_reservation.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

#include "events/catalog/order_events.hpp"
#include "events/catalog/product_events.hpp"
#include "events/catalog/stock_events.hpp"
#include "events/consumer/consumer_task.hpp"
#include "events/outbox_writer.hpp"
#include "product/consumers/reservation_steps.hpp"
#include "product/domain/product_event_state.hpp"

namespace shop::product {
namespace {

// `from` with each element converted by `convert`.
template <typename To, typename From, typename Convert>
std::vector<To> Converted(const std::vector<From>& from, Convert convert) {
  std::vector<To> to;
  to.reserve(from.size());
  for (const From& element : from) {
    to.push_back(convert(element));
  }
  return to;
}

std::vector<StockLine> LinesOf(const events::OrderState& order) {
  return Converted<StockLine>(order.lines, [](const events::OrderLine& line) {
    return StockLine{.product_id = line.product_id, .quantity = line.quantity};
  });
}

// What stock.reserved and stock.released carry.
events::StockReservation EventReservation(const std::string& order_id,
                                          const std::vector<StockLine>& lines,
                                          std::int64_t version) {
  return {.order_id = order_id,
          .lines = Converted<events::StockLine>(
              lines,
              [](const StockLine& line) {
                return events::StockLine{.product_id = line.product_id, .quantity = line.quantity};
              }),
          .version = version};
}

std::vector<events::StockShortage> EventShortages(const std::vector<Shortage>& shortages) {
  return Converted<events::StockShortage>(shortages, [](const Shortage& shortage) {
    return events::StockShortage{.product_id = shortage.product_id,
                                 .requested = shortage.requested,
                                 .available = shortage.available};
  });
}

// The events a step owes: its answer to the order, then a product.updated per product whose
// stock moved; each with the consumed event's traceparent.
void AppendStepEvents(pqxx::work& txn, const events::Outbox& outbox, const std::string& order_id,
                      const StepResult& result, const events::CloudEvent& consumed) {
  const std::string_view traceparent =
      consumed.traceparent ? std::string_view(*consumed.traceparent) : std::string_view();
  switch (result.outcome) {
    case StepOutcome::kReserved:
      outbox.Append(
          txn,
          events::StockReserved{EventReservation(order_id, result.lines, kFirstReservationVersion)},
          traceparent);
      break;
    case StepOutcome::kRejected:
      outbox.Append(txn,
                    events::StockRejected{.order_id = order_id,
                                          .shortages = EventShortages(result.shortages),
                                          .version = kFirstReservationVersion},
                    traceparent);
      break;
    case StepOutcome::kReleased:
      outbox.Append(txn,
                    events::StockReleased{
                        EventReservation(order_id, result.lines, kReleasedReservationVersion)},
                    traceparent);
      break;
    case StepOutcome::kRecordedCancelled:
    case StepOutcome::kUnchanged:
      break;
  }
  for (const Product& product : result.changed) {
    outbox.Append(txn, events::ProductUpdated{EventState(product)}, traceparent);
  }
}

}  // namespace

events::consumer::HandlerTable StockReservationHandlers() {
  const events::Outbox outbox("product");
  events::consumer::HandlerTable handlers;
  handlers
      .On<events::OrderCreated>([outbox](pqxx::work& txn, const events::OrderCreated& order,
                                         const events::CloudEvent& envelope) {
        AppendStepEvents(txn, outbox, order.order_id,
                         ReserveStock(txn, order.order_id, LinesOf(order)), envelope);
      })
      .On<events::OrderCancelled>([outbox](pqxx::work& txn, const events::OrderCancelled& order,
                                           const events::CloudEvent& envelope) {
        AppendStepEvents(txn, outbox, order.order_id, ReleaseStock(txn, order.order_id), envelope);
      });
  return handlers;
}

std::unique_ptr<service::BackgroundTask> MakeStockReservation(service::ServiceContext& context) {
  return events::consumer::MakeConsumerTask(
      "stock-reservation",
      events::consumer::ConsumerOptionsFromEnv(
          context.config, "product", "SHOP_STOCK_RESERVATION_GROUP", kStockReservationGroup),
      StockReservationHandlers(), context.pool, context.metrics);
}

}  // namespace shop::product

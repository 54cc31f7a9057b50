#include "order/store/order_transitions.hpp"

#include "order/store/order_outbox.hpp"
#include "order/store/order_store.hpp"
#include "platform/logging/log.hpp"

namespace shop::order {
namespace {

std::chrono::milliseconds AtLeastOneSecond(const config::EnvConfig& env, const std::string& name,
                                           std::chrono::milliseconds fallback) {
  const std::chrono::milliseconds value = env.Duration(name, fallback);
  if (value < std::chrono::seconds(1)) {
    throw config::ConfigError(name + " must be at least 1s");
  }
  return value;
}

// The timeline's detail of a step or a non-applied input: the reason, then the source's detail.
std::string Detail(std::string reason, const InputSource& source) {
  if (source.detail.empty()) {
    return reason;
  }
  return reason.empty() ? source.detail : reason + ": " + source.detail;
}

const std::string& TraceOf(const InputSource& source, const Order& order) {
  return source.traceparent.empty() ? order.traceparent : source.traceparent;
}

}  // namespace

DeadlineSettings LoadDeadlineSettings(const config::EnvConfig& env) {
  const DeadlineSettings defaults;
  return {.stock = AtLeastOneSecond(env, "SHOP_ORDER_STOCK_DEADLINE", defaults.stock),
          .payment = AtLeastOneSecond(env, "SHOP_ORDER_PAYMENT_DEADLINE", defaults.payment)};
}

std::optional<std::chrono::milliseconds> OrderTransitions::DeadlineFor(OrderStatus status) const {
  const std::optional<Deadline> deadline = DeadlineOf(status);
  if (!deadline) {
    return std::nullopt;
  }
  return *deadline == Deadline::kStock ? deadlines_.stock : deadlines_.payment;
}

std::optional<Order> OrderTransitions::Create(pqxx::work& txn, const NewOrder& order,
                                              const InputSource& source) const {
  std::optional<Order> created =
      InsertOrder(txn, order, source.traceparent, *DeadlineFor(OrderStatus::kPending));
  if (!created) {
    return std::nullopt;
  }
  AppendTimeline(txn, {.order_id = created->id,
                       .from_status = std::nullopt,
                       .to_status = created->status,
                       .version = created->version,
                       .cause = "cart.checked_out",
                       .detail = "order created from the checkout",
                       .event_id = source.event_id});
  AppendOrderCreated(txn, outbox_, *created, created->traceparent);
  return created;
}

Outcome OrderTransitions::Apply(pqxx::work& txn, Order order, OrderInput input,
                                const InputSource& source) const {
  Decision decision = Decide(order.status, input);
  if (decision.kind != Decision::Kind::kApply) {
    RecordNotApplied(txn, order, input, decision, source);
    return {.decision = std::move(decision), .order = std::move(order)};
  }
  // A copy: `order` is replaced step by step below.
  const std::string traceparent = TraceOf(source, order);
  for (const OrderStep& step : decision.steps) {
    const OrderStatus from = order.status;
    order = UpdateOrderState(txn, order.id,
                             {.status = step.to,
                              .cancel_reason = step.cancel_reason,
                              .version = order.version + 1,
                              .deadline = DeadlineFor(step.to),
                              .clear_payment_token = ClearsPaymentToken(step.to)});
    const std::string reason =
        step.cancel_reason ? std::string(ReasonName(*step.cancel_reason)) : std::string();
    AppendTimeline(txn, {.order_id = order.id,
                         .from_status = from,
                         .to_status = order.status,
                         .version = order.version,
                         .cause = std::string(InputName(input)),
                         .detail = Detail(reason, source),
                         .event_id = source.event_id});
    if (step.emits) {
      AppendOrderEvent(txn, outbox_, *step.emits, order, traceparent);
    }
  }
  return {.decision = std::move(decision), .order = std::move(order)};
}

void OrderTransitions::RecordNotApplied(pqxx::work& txn, const Order& order, OrderInput input,
                                        const Decision& decision, const InputSource& source) {
  if (decision.kind != Decision::Kind::kNote) {
    logging::Info("order_input_not_applied",
                  {{"order_id", order.id},
                   {"input", InputName(input)},
                   {"status", StatusName(order.status)},
                   {"decision", decision.kind == Decision::Kind::kIgnore ? "ignore" : "refuse"},
                   {"note", decision.note},
                   {"event_id", source.event_id.value_or("")}});
  }
  // An event's arrival is part of the order's history even when it changes nothing.
  if (source.event_id) {
    AppendTimeline(txn, {.order_id = order.id,
                         .from_status = order.status,
                         .to_status = order.status,
                         .version = order.version,
                         .cause = std::string(InputName(input)),
                         .detail = Detail(decision.note, source),
                         .event_id = source.event_id});
  }
}

}  // namespace shop::order

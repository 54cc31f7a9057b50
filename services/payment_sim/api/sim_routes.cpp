#include "payment_sim/api/sim_routes.hpp"

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "payment_sim/domain/sim_rules.hpp"
#include "payment_sim/store/ledger.hpp"
#include "platform/http/json_body.hpp"
#include "platform/http/problem.hpp"
#include "platform/logging/log.hpp"
#include "platform/text/uuid.hpp"

namespace shop::payment_sim {
namespace {

constexpr std::size_t kMaxTokenLength = 200;

struct Delays {
  std::chrono::milliseconds timeout_token;  // every answer about a tok_timeout charge
  std::chrono::milliseconds answer;         // every other charge answer
};

http::Response ProblemAnswer(unsigned status, const std::string& type, const std::string& title,
                             std::string detail) {
  http::Problem problem;
  problem.status = status;
  problem.type = type;
  problem.title = title;
  problem.detail = std::move(detail);
  if (status == 503) {
    problem.retry_after_seconds = 1;
  }
  return http::ToResponse(problem);
}

http::HttpError FieldError(const std::string& field, const std::string& message) {
  return http::Unprocessable(field + " " + message, {{{"field", field}, {"message", message}}});
}

std::string RequiredKey(const http::Request& request) {
  const auto key = request.headers.Get("Idempotency-Key");
  if (!key) {
    throw http::BadRequest("the Idempotency-Key header is required");
  }
  if (const auto violation = IdempotencyKeyViolation(*key)) {
    throw http::BadRequest(*violation);
  }
  return std::string(*key);
}

std::string RequiredOrderId(const http::JsonBody& body) {
  std::string order_id = body.RequiredString("order_id");
  if (!text::IsUuid(order_id)) {
    throw FieldError("order_id", "must be a UUID");
  }
  return order_id;
}

std::string RequiredAmount(const http::JsonBody& body) {
  std::string amount = body.RequiredString("amount");
  if (const auto violation = AmountViolation(amount)) {
    throw FieldError("amount", *violation);
  }
  return amount;
}

// What the request asks for, as the ledger would store it.
Operation ReadOperation(const http::Request& request, const std::string& kind) {
  const http::JsonBody body(request);
  Operation operation;
  operation.idempotency_key = RequiredKey(request);
  operation.kind = kind;
  operation.order_id = RequiredOrderId(body);
  operation.amount = RequiredAmount(body);
  if (kind == "charge") {
    std::string token = body.RequiredString("token");
    if (token.empty() || token.size() > kMaxTokenLength) {
      throw FieldError("token", "must be 1 to 200 characters");
    }
    operation.token = std::move(token);
  }
  return operation;
}

// A key seen before must come with the same request (IETF idempotency-key draft: 422).
void RequireSameRequest(const Operation& stored, const Operation& asked) {
  if (stored.kind != asked.kind || stored.order_id != asked.order_id ||
      stored.amount != asked.amount || stored.token != asked.token) {
    throw http::HttpError(http::Problem{
        .status = 422,
        .type = "urn:shop:problem:idempotency-key-reused",
        .title = "Idempotency key reused",
        .detail = "Idempotency-Key " + asked.idempotency_key + " was used for another request"});
  }
}

// The answer a settled operation gets, the first time and every time after.
http::Response SettledAnswer(const Operation& operation) {
  const std::string outcome = operation.outcome.value_or("");
  nlohmann::json body = {{"id", operation.id},
                         {"idempotency_key", operation.idempotency_key},
                         {"order_id", operation.order_id},
                         {"amount", operation.amount},
                         {"status", outcome}};
  if (outcome == "succeeded") {
    return http::JsonResponse(201, body.dump());
  }
  if (outcome == "refunded") {
    body["charge_id"] = operation.charge_id.value_or("");
    return http::JsonResponse(201, body.dump());
  }
  if (outcome == "declined") {
    return ProblemAnswer(402, "urn:shop:problem:card-declined", "Card declined",
                         "the card was declined");
  }
  if (outcome == "invalid_token") {
    return ProblemAnswer(422, "urn:shop:problem:invalid-token", "Invalid token",
                         "the payment token is not valid");
  }
  if (outcome == "voided") {
    return ProblemAnswer(409, "urn:shop:problem:order-voided", "Order voided",
                         "order " + operation.order_id + " was voided by a refund; no charge");
  }
  if (outcome == "no_charge") {
    return ProblemAnswer(404, "urn:shop:problem:no-charge", "No charge",
                         "order " + operation.order_id + " has no charge to refund");
  }
  return ProblemAnswer(409, "urn:shop:problem:already-refunded", "Already refunded",
                       "the charge of order " + operation.order_id + " is refunded already");
}

struct Answer {
  http::Response response;
  bool replayed = false;
};

http::Response Send(Answer answer) {
  if (answer.replayed) {
    answer.response.headers.Set("Idempotent-Replayed", "true");
  }
  return std::move(answer.response);
}

struct SimRoutes {
  db::ConnectionPool& pool;
  Delays delays;

  http::Response Charge(http::Request& request) const {
    const Operation asked = ReadOperation(request, "charge");
    Answer answer = pool.WithTransaction([&](pqxx::work& txn) -> Answer {
      const OrderAccount account = LockOrderAccount(txn, asked.order_id);
      std::optional<Operation> operation = FindOperation(txn, asked.idempotency_key);
      if (operation) {
        RequireSameRequest(*operation, asked);
        if (operation->outcome) {
          return {.response = SettledAnswer(*operation), .replayed = true};
        }
      } else {
        operation = InsertOperation(txn, asked);
      }
      const ChargeStep step =
          NextChargeStep(BehaviourOf(*asked.token), operation->transient_failures, account.voided);
      if (step.fail_transiently) {
        CountTransientFailure(txn, asked.idempotency_key);
        return {.response = ProblemAnswer(503, "urn:shop:problem:provider-unavailable",
                                          "Provider unavailable", "try again later")};
      }
      operation->outcome = std::string(OutcomeName(step.outcome));
      SettleOperation(txn, asked.idempotency_key, *operation->outcome, std::nullopt);
      return {.response = SettledAnswer(*operation)};
    });
    logging::Info("sim_charge", {{"idempotency_key", asked.idempotency_key},
                                 {"order_id", asked.order_id},
                                 {"status", answer.response.status},
                                 {"replayed", answer.replayed}});
    // After the commit: the charge is in the ledger whether or not the client still waits.
    std::this_thread::sleep_for(AnswerIsDelayed(*asked.token) ? delays.timeout_token
                                                              : delays.answer);
    return Send(std::move(answer));
  }

  http::Response Refund(http::Request& request) const {
    const Operation asked = ReadOperation(request, "refund");
    Answer answer = pool.WithTransaction([&](pqxx::work& txn) -> Answer {
      LockOrderAccount(txn, asked.order_id);
      if (std::optional<Operation> stored = FindOperation(txn, asked.idempotency_key)) {
        RequireSameRequest(*stored, asked);
        return {.response = SettledAnswer(*stored), .replayed = true};
      }
      const std::optional<Operation> charge = FindRefundableCharge(txn, asked.order_id);
      if (charge && CentsOf(asked.amount) > CentsOf(charge->amount)) {
        throw FieldError("amount", "is above the charge (" + charge->amount + ")");
      }
      Operation operation = InsertOperation(txn, asked);
      if (charge) {
        operation.outcome = "refunded";
        operation.charge_id = charge->id;
      } else if (HasSucceededCharge(txn, asked.order_id)) {
        operation.outcome = "already_refunded";
      } else {
        operation.outcome = "no_charge";
        VoidOrder(txn, asked.order_id);
      }
      SettleOperation(txn, asked.idempotency_key, *operation.outcome, operation.charge_id);
      return {.response = SettledAnswer(operation)};
    });
    logging::Info("sim_refund", {{"idempotency_key", asked.idempotency_key},
                                 {"order_id", asked.order_id},
                                 {"status", answer.response.status},
                                 {"replayed", answer.replayed}});
    return Send(std::move(answer));
  }

  http::Response ListCharges(http::Request& request) const {
    const std::string order_id(request.QueryParam("order_id").value_or(""));
    if (!text::IsUuid(order_id)) {
      throw FieldError("order_id", "must be a UUID");
    }
    return pool.WithTransaction([&](pqxx::work& txn) {
      nlohmann::json charges = nlohmann::json::array();
      nlohmann::json refunds = nlohmann::json::array();
      std::set<std::string> refunded;
      for (const Operation& refund : RefundsOfOrder(txn, order_id)) {
        refunded.insert(refund.charge_id.value_or(""));
        refunds.push_back({{"id", refund.id},
                           {"idempotency_key", refund.idempotency_key},
                           {"charge_id", refund.charge_id.value_or("")},
                           {"amount", refund.amount}});
      }
      for (const Operation& charge : ChargesOfOrder(txn, order_id)) {
        charges.push_back({{"id", charge.id},
                           {"idempotency_key", charge.idempotency_key},
                           {"amount", charge.amount},
                           {"refunded", refunded.contains(charge.id)}});
      }
      const nlohmann::json body = {{"order_id", order_id},
                                   {"voided", OrderVoided(txn, order_id)},
                                   {"charges", charges},
                                   {"refunds", refunds}};
      return http::JsonResponse(200, body.dump());
    });
  }

  http::Response Stats(http::Request&) const {
    const LedgerTotals totals = pool.WithTransaction(Totals);
    const nlohmann::json body = {
        {"charges", totals.charges},
        {"refunds", totals.refunds},
        {"voided_orders", totals.voided_orders},
        {"orders_charged_more_than_once", totals.orders_charged_more_than_once}};
    return http::JsonResponse(200, body.dump());
  }
};

}  // namespace

void AddSimRoutes(http::Router& router, service::ServiceContext& context) {
  const auto routes = std::make_shared<const SimRoutes>(SimRoutes{
      .pool = context.pool,
      .delays = {.timeout_token =
                     context.config.Duration("SHOP_SIM_TIMEOUT_DELAY", std::chrono::seconds(30)),
                 .answer = context.config.Duration("SHOP_SIM_ANSWER_DELAY",
                                                   std::chrono::milliseconds(0))}});
  router.Add(http::Method::kPost, "/charges",
             [routes](http::Request& r) { return routes->Charge(r); });
  router.Add(http::Method::kPost, "/refunds",
             [routes](http::Request& r) { return routes->Refund(r); });
  router.Add(http::Method::kGet, "/charges",
             [routes](http::Request& r) { return routes->ListCharges(r); });
  router.Add(http::Method::kGet, "/stats", [routes](http::Request& r) { return routes->Stats(r); });
}

}  // namespace shop::payment_sim

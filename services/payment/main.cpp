// payment-service: one payment per order, charged and refunded through a PaymentProvider
// (docs/decisions/0026, 0030). Routes: api/payment_routes.hpp; consumer group
// payment.order-events: consumers/order_events.hpp; provider calls: worker/payment_worker.hpp.
#include "payment/api/payment_routes.hpp"
#include "payment/consumers/order_events.hpp"
#include "payment/migrations.hpp"
#include "payment/provider/http_payment_provider.hpp"
#include "payment/store/payment_store.hpp"
#include "payment/worker/due_payment_listener.hpp"
#include "payment/worker/payment_metrics.hpp"
#include "payment/worker/payment_worker.hpp"
#include "platform/service/service_main.hpp"

int main() {
  using namespace shop::payment;
  return shop::service::RunService({
      .name = "payment",
      .default_port = 8087,
      .migrations = Migrations(),
      .statements = PaymentStatements(),
      .add_routes =
          [](shop::http::Router& router, shop::service::ServiceContext& context) {
            AddPaymentRoutes(router, context, context.Authenticator());
            // Built here, before the server starts, so a bad setting stops start-up (exit 2).
            context.objects.Emplace<PaymentMetrics>(context.metrics);
            const auto& provider = context.objects.Emplace<HttpPaymentProvider>(
                LoadProviderOptions(context.config), context.metrics);
            context.objects.Emplace<WorkerOptions>(
                LoadWorkerOptions(context.config, provider.options()));
          },
      .background_tasks =
          [](shop::service::ServiceContext& context) {
            auto& metrics = context.objects.Get<PaymentMetrics>();
            auto& wake = context.objects.Emplace<WorkSignal>();
            std::vector<std::unique_ptr<shop::service::BackgroundTask>> tasks =
                MakePaymentWorkers(context.objects.Get<WorkerOptions>(), context.pool,
                                   context.objects.Get<HttpPaymentProvider>(), metrics, wake);
            tasks.push_back(MakeDuePaymentListener(context.database_url, wake));
            tasks.push_back(MakeOrderEventsConsumer(context, metrics));
            return tasks;
          },
  });
}

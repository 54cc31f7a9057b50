// notification-service: e-mails about orders, deliveries and accounts over SMTP, at most once per
// notification (docs/decisions/0034, docs/runbooks/notifications.md). No API of its own beyond
// /health, /ready and /metrics. Consumer group notification.events:
// consumers/notification_events.hpp; sending: mail/mailer.hpp; templates: templates/<kind>.txt,
// embedded at build time.
#include "notification/consumers/notification_events.hpp"
#include "notification/domain/mail_templates.hpp"
#include "notification/domain/user_wait.hpp"
#include "notification/mail/mailer.hpp"
#include "notification/mail/notification_metrics.hpp"
#include "notification/mail/smtp_client.hpp"
#include "notification/migrations.hpp"
#include "notification/store/notification_statements.hpp"
#include "notification/template_texts.hpp"
#include "platform/service/service_main.hpp"

int main() {
  using namespace shop::notification;
  return shop::service::RunService({
      .name = "notification",
      .default_port = 8090,
      .migrations = Migrations(),
      .statements = NotificationStatements(),
      .add_routes =
          [](shop::http::Router&, shop::service::ServiceContext& context) {
            // Built here, before the server starts, so a bad setting or template stops start-up.
            context.objects.Emplace<CurlGlobal>();
            context.objects.Emplace<NotificationMetrics>(context.metrics);
            context.objects.Emplace<MailTemplates>(EmbeddedTemplateTexts());
            const auto& smtp = context.objects.Emplace<SmtpClient>(LoadSmtpOptions(context.config));
            context.objects.Emplace<MailerOptions>(
                LoadMailerOptions(context.config, smtp.options()));
          },
      .background_tasks =
          [](shop::service::ServiceContext& context) {
            auto& metrics = context.objects.Get<NotificationMetrics>();
            const auto& options = context.objects.Get<MailerOptions>();
            auto& mailer = context.objects.Emplace<Mailer>(
                options, context.objects.Get<MailTemplates>(), context.objects.Get<SmtpClient>(),
                context.pool, metrics);
            auto& wait = context.objects.Emplace<UserWait>(options.user_wait);
            std::vector<std::unique_ptr<shop::service::BackgroundTask>> tasks;
            tasks.push_back(MakeNotificationEventsConsumer(context, mailer, wait, metrics));
            return tasks;
          },
  });
}

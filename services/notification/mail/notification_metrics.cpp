#include "notification/mail/notification_metrics.hpp"

namespace shop::notification {
namespace {

std::string Label(MailKind kind) { return std::string(KindName(kind)); }

}  // namespace

NotificationMetrics::NotificationMetrics(metrics::Registry& registry)
    : registry_(registry),
      smtp_duration_(registry.GetHistogram("notification_smtp_duration_seconds",
                                           "One SMTP conversation (connect to QUIT), any outcome",
                                           metrics::DefaultLatencyBuckets())) {
  for (const MailKind kind : kMailKinds) {
    registry_.GetCounter("notification_sent_total", "E-mails the SMTP server accepted, by kind",
                         {"kind"}, {Label(kind)});
    for (const SmtpOutcome outcome : {SmtpOutcome::kTransient, SmtpOutcome::kPermanent}) {
      registry_.GetCounter("notification_failed_total",
                           "Failed SMTP attempts, by kind and class (transient, permanent)",
                           {"kind", "class"}, {Label(kind), std::string(OutcomeName(outcome))});
    }
    registry_.GetCounter("notification_duplicates_skipped_total",
                         "E-mails not sent because the sent log has them as sent, by kind",
                         {"kind"}, {Label(kind)});
    registry_.GetCounter("notification_resent_total",
                         "E-mails claimed again after an attempt of unknown outcome, by kind",
                         {"kind"}, {Label(kind)});
  }
  for (const char* reason : {"user_deleted", "status_not_notified"}) {
    CountSkippedBy(reason, 0);
  }
}

void NotificationMetrics::CountSent(MailKind kind) {
  registry_
      .GetCounter("notification_sent_total", "E-mails the SMTP server accepted, by kind", {"kind"},
                  {Label(kind)})
      .Inc();
}

void NotificationMetrics::CountFailed(MailKind kind, SmtpOutcome outcome) {
  registry_
      .GetCounter("notification_failed_total",
                  "Failed SMTP attempts, by kind and class (transient, permanent)",
                  {"kind", "class"}, {Label(kind), std::string(OutcomeName(outcome))})
      .Inc();
}

void NotificationMetrics::CountDuplicate(MailKind kind) {
  registry_
      .GetCounter("notification_duplicates_skipped_total",
                  "E-mails not sent because the sent log has them as sent, by kind", {"kind"},
                  {Label(kind)})
      .Inc();
}

void NotificationMetrics::CountResent(MailKind kind) {
  registry_
      .GetCounter("notification_resent_total",
                  "E-mails claimed again after an attempt of unknown outcome, by kind", {"kind"},
                  {Label(kind)})
      .Inc();
}

void NotificationMetrics::CountSkipped(const std::string& reason) { CountSkippedBy(reason, 1); }

void NotificationMetrics::CountSkippedBy(const std::string& reason, double n) {
  metrics::Counter& counter =
      registry_.GetCounter("notification_skipped_total",
                           "Consumed events that e-mail nobody, by reason", {"reason"}, {reason});
  if (n > 0) {
    counter.Inc(n);
  }
}

void NotificationMetrics::ObserveSmtp(std::chrono::steady_clock::duration took) {
  smtp_duration_.Observe(std::chrono::duration<double>(took).count());
}

}  // namespace shop::notification

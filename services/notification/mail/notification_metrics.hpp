#pragma once
// notification-service's own metrics (the consumer's are consumer_*{group="notification.events"}):
//   notification_sent_total{kind}                     e-mails the SMTP server accepted
//   notification_failed_total{kind,class}             SMTP attempts that failed: transient (no
//                                                     connection, timeout, 4xx; retried) or
//                                                     permanent (5xx; dead-lettered)
//   notification_duplicates_skipped_total{kind}       e-mails the sent log already had as sent (a
//                                                     replay, a redelivery, a copy of an event)
//   notification_skipped_total{reason}                events that e-mail nobody: user_deleted,
//                                                     status_not_notified (tracking steps other
//                                                     than out_for_delivery and delivered)
//   notification_resent_total{kind}                   claims of an e-mail whose earlier attempt
//                                                     may have reached the server (same Message-ID)
//   notification_smtp_duration_seconds                one SMTP conversation, any outcome
// Thread-safe; every kind's series exist from construction (zeros, not gaps).

#include <chrono>
#include <string>

#include "notification/domain/mail_kind.hpp"
#include "notification/domain/smtp_outcome.hpp"
#include "platform/metrics/registry.hpp"

namespace shop::notification {

class NotificationMetrics {
 public:
  explicit NotificationMetrics(metrics::Registry& registry);

  void CountSent(MailKind kind);
  void CountFailed(MailKind kind, SmtpOutcome outcome);  // kTransient or kPermanent
  void CountDuplicate(MailKind kind);
  void CountResent(MailKind kind);
  void CountSkipped(const std::string& reason);
  void ObserveSmtp(std::chrono::steady_clock::duration took);

 private:
  void CountSkippedBy(const std::string& reason, double n);

  metrics::Registry& registry_;
  metrics::Histogram& smtp_duration_;
};

}  // namespace shop::notification

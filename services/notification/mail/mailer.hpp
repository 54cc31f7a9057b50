#pragma once
// Sends one notification at most once per sent-log key (decision 0034,
// docs/runbooks/notifications.md):
//   1. render the kind's template (a missing field: permanent failure);
//   2. claim the sent_log row in a transaction of its own, committed (status sending, a lease, a
//      Message-ID fixed by the first claim); a row already sent: nothing to do (counted as a
//      duplicate); a row another attempt holds under a live lease: transient failure, retried;
//   3. the SMTP call, outside any transaction of ours, retried in place with backoff for
//      transient failures (SHOP_SMTP_ATTEMPTS);
//   4. mark the row sent, or failed / rejected with the server's reply.
// A crash between 3 and 4 leaves the row sending: after its lease the next attempt sends again
// with the same Message-ID, the one documented duplicate window (SMTP has no idempotency key).
// The lease is longer than every in-place attempt together, so a live attempt is never overtaken.
//
// Deliver() is called on the consumer's thread, inside its inbox transaction, and reports
// failures as the consumer runtime classifies them: events::consumer::TransientError (retried in
// place, the partition paused) and PermanentError (dead-lettered with the reason after the
// runtime's attempts). Not thread-safe: one consumer thread.
//
// Settings:
//   SHOP_PUBLIC_URL           the shop's address in account e-mail links (default
//                             http://127.0.0.1:8080, the local gateway)
//   SHOP_NOTIFY_SEND_LEASE    how long a claim holds an e-mail (default 2m)
//   SHOP_SMTP_ATTEMPTS        SMTP attempts in place before the runtime's retry (default 3)
//   SHOP_SMTP_RETRY_BASE/CAP  backoff between them (default 500ms / 5s)
//   SHOP_NOTIFY_USER_WAIT     how long an event waits for its user in the replica (default 1m)

#include <chrono>
#include <set>
#include <string>

#include "notification/domain/mail_templates.hpp"
#include "notification/domain/notifications.hpp"
#include "notification/mail/notification_metrics.hpp"
#include "notification/mail/smtp_client.hpp"
#include "platform/config/env_config.hpp"
#include "platform/db/pool.hpp"
#include "platform/resilience/backoff.hpp"

namespace shop::notification {

struct MailerOptions {
  std::string public_url = "http://127.0.0.1:8080";
  std::chrono::milliseconds lease{std::chrono::minutes(2)};
  int smtp_attempts = 3;
  resilience::BackoffPolicy smtp_backoff{.base = std::chrono::milliseconds(500),
                                         .cap = std::chrono::milliseconds(5000)};
  std::chrono::milliseconds user_wait{std::chrono::minutes(1)};
  std::string message_id_domain = "shop.local";  // the sender's domain
};

// Throws config::ConfigError naming a bad variable, e.g. a lease not longer than the SMTP
// attempts it must cover (attempts x (connect timeout + timeout) + the backoff between them).
MailerOptions LoadMailerOptions(const config::EnvConfig& env, const SmtpOptions& smtp);

class Mailer {
 public:
  // Every reference must outlive the mailer.
  Mailer(MailerOptions options, const MailTemplates& templates, const SmtpClient& smtp,
         db::ConnectionPool& pool, NotificationMetrics& metrics);

  // Sends `notification` (for the event `event_id`) unless the sent log has it as sent. Throws
  // TransientError or PermanentError (events/consumer/event_consumer.hpp) when it was not sent.
  void Deliver(const std::string& event_id, const Notification& notification);

  const MailerOptions& options() const { return options_; }

 private:
  SmtpResult SendWithRetries(const Notification& notification, const std::string& message);
  void RecordSent(const Notification& notification);

  MailerOptions options_;
  const MailTemplates& templates_;
  const SmtpClient& smtp_;
  db::ConnectionPool& pool_;
  NotificationMetrics& metrics_;
  // Keys the server accepted whose mark failed (the database was away): the next attempt marks
  // them instead of sending again. Lost with the process: then the lease and the same Message-ID
  // apply.
  std::set<std::string> accepted_unmarked_;
};

}  // namespace shop::notification

#include "notification/mail/mailer.hpp"

#include <random>
#include <thread>

#include "events/consumer/event_consumer.hpp"
#include "notification/domain/mail_message.hpp"
#include "notification/store/sent_log.hpp"
#include "platform/logging/log.hpp"
#include "platform/text/rfc3339.hpp"

namespace shop::notification {
namespace {

using events::consumer::PermanentError;
using events::consumer::TransientError;

constexpr int kMarkAttempts = 5;

std::chrono::milliseconds WorstBackoff(const resilience::BackoffPolicy& policy, int attempts) {
  std::chrono::milliseconds total{0};
  for (int retry = 1; retry < attempts; ++retry) {
    total += resilience::BackoffDelay(policy, retry, 1.0);
  }
  return total;
}

double UnitRandom() {
  thread_local std::mt19937_64 random(std::random_device{}());
  return std::uniform_real_distribution<double>(0.0, 1.0)(random);
}

}  // namespace

MailerOptions LoadMailerOptions(const config::EnvConfig& env, const SmtpOptions& smtp) {
  MailerOptions options;
  options.public_url = env.String("SHOP_PUBLIC_URL", options.public_url);
  while (options.public_url.ends_with('/')) {
    options.public_url.pop_back();
  }
  if (!options.public_url.starts_with("http://") && !options.public_url.starts_with("https://")) {
    throw config::ConfigError("SHOP_PUBLIC_URL: expected http(s)://host[:port][/path], got " +
                              options.public_url);
  }
  options.lease = env.Duration("SHOP_NOTIFY_SEND_LEASE", options.lease);
  options.smtp_attempts =
      static_cast<int>(env.Int("SHOP_SMTP_ATTEMPTS", options.smtp_attempts, 1, 10));
  options.smtp_backoff.base = env.Duration("SHOP_SMTP_RETRY_BASE", options.smtp_backoff.base);
  options.smtp_backoff.cap = env.Duration("SHOP_SMTP_RETRY_CAP", options.smtp_backoff.cap);
  options.user_wait = env.Duration("SHOP_NOTIFY_USER_WAIT", options.user_wait);
  options.message_id_domain = std::string(DomainOf(smtp.from));
  const auto worst = options.smtp_attempts * (smtp.connect_timeout + smtp.timeout) +
                     WorstBackoff(options.smtp_backoff, options.smtp_attempts);
  if (options.lease <= worst) {
    throw config::ConfigError("SHOP_NOTIFY_SEND_LEASE: " + std::to_string(options.lease.count()) +
                              " ms must be longer than the SMTP attempts it covers (" +
                              std::to_string(worst.count()) + " ms)");
  }
  return options;
}

Mailer::Mailer(MailerOptions options, const MailTemplates& templates, const SmtpClient& smtp,
               db::ConnectionPool& pool, NotificationMetrics& metrics)
    : options_(std::move(options)),
      templates_(templates),
      smtp_(smtp),
      pool_(pool),
      metrics_(metrics) {}

void Mailer::Deliver(const std::string& event_id, const Notification& notification) {
  const std::string kind(KindName(notification.kind));
  if (!IsSafeAddress(notification.recipient)) {
    throw PermanentError(kind + " e-mail of event " + event_id +
                         ": the recipient is not a deliverable address");
  }
  RenderedMail rendered;
  try {
    rendered = templates_.Of(notification.kind).Render(notification.fields);
  } catch (const TemplateError& e) {
    throw PermanentError(e.what());
  }
  if (accepted_unmarked_.contains(notification.dedupe_key)) {
    RecordSent(notification);  // the server has it already: only the mark was missing
    metrics_.CountSent(notification.kind);
    logging::Info("mail_sent", {{"kind", kind}, {"event_id", event_id}, {"marked_late", true}});
    return;
  }
  const SendClaim claim = pool_.WithTransaction([&](pqxx::work& txn) {
    return ClaimSend(
        txn, {.dedupe_key = notification.dedupe_key,
              .event_id = event_id,
              .kind = kind,
              .message_id = MessageId(event_id, notification.kind, options_.message_id_domain),
              .recipient = notification.recipient,
              .lease = options_.lease});
  });
  if (claim.state == SendClaim::State::kAlreadySent) {
    metrics_.CountDuplicate(notification.kind);
    logging::Info("mail_duplicate_skipped",
                  {{"kind", kind}, {"event_id", event_id}, {"key", notification.dedupe_key}});
    return;
  }
  if (claim.state == SendClaim::State::kBusy) {
    throw TransientError(
        kind + " e-mail " + notification.dedupe_key + " is being sent by another attempt" +
        (claim.lease_until ? " (lease until " + text::FormatRfc3339Utc(*claim.lease_until) + ")"
                           : std::string()));
  }
  if (claim.attempts > 1) {
    // An earlier attempt may have reached the server: this one sends the same Message-ID.
    metrics_.CountResent(notification.kind);
    logging::Warn("mail_claimed_again", {{"kind", kind},
                                         {"event_id", event_id},
                                         {"message_id", claim.message_id},
                                         {"attempts", claim.attempts}});
  }
  const std::string message = ComposeMessage({.from = smtp_.options().from,
                                              .to = notification.recipient,
                                              .subject = rendered.subject,
                                              .body = rendered.body,
                                              .message_id = claim.message_id,
                                              .kind = notification.kind},
                                             std::chrono::system_clock::now());
  const SmtpResult result = SendWithRetries(notification, message);
  if (result.outcome == SmtpOutcome::kSent) {
    RecordSent(notification);
    metrics_.CountSent(notification.kind);
    // Never the body nor the subject of an account e-mail: they carry the token's link.
    logging::Info("mail_sent", {{"kind", kind},
                                {"event_id", event_id},
                                {"message_id", claim.message_id},
                                {"attempts", claim.attempts}});
    return;
  }
  const bool rejected = result.outcome == SmtpOutcome::kPermanent;
  try {
    pool_.WithTransaction(
        [&](pqxx::work& txn) { MarkFailed(txn, notification.dedupe_key, rejected, result.reply); });
  } catch (const std::exception& e) {
    // The row stays sending until its lease ends; the retry then takes it over.
    logging::Warn("mail_mark_failed",
                  {{"kind", kind}, {"event_id", event_id}, {"error", e.what()}});
  }
  if (rejected) {
    throw PermanentError("SMTP server refused the " + kind + " e-mail: " + result.reply);
  }
  throw TransientError("SMTP " + kind + " e-mail not sent: " + result.reply);
}

SmtpResult Mailer::SendWithRetries(const Notification& notification, const std::string& message) {
  for (int attempt = 1;; ++attempt) {
    const auto started = std::chrono::steady_clock::now();
    SmtpResult result = smtp_.Send(notification.recipient, message);
    metrics_.ObserveSmtp(std::chrono::steady_clock::now() - started);
    if (result.outcome != SmtpOutcome::kSent) {
      metrics_.CountFailed(notification.kind, result.outcome);
    }
    if (result.outcome != SmtpOutcome::kTransient || attempt >= options_.smtp_attempts) {
      return result;
    }
    const auto delay = resilience::BackoffDelay(options_.smtp_backoff, attempt, UnitRandom());
    logging::Warn("smtp_retry", {{"kind", std::string(KindName(notification.kind))},
                                 {"attempt", attempt},
                                 {"reply", result.reply},
                                 {"delay_ms", delay.count()}});
    std::this_thread::sleep_for(delay);
  }
}

void Mailer::RecordSent(const Notification& notification) {
  for (int attempt = 1;; ++attempt) {
    try {
      pool_.WithTransaction([&](pqxx::work& txn) { MarkSent(txn, notification.dedupe_key); });
      accepted_unmarked_.erase(notification.dedupe_key);
      return;
    } catch (const std::exception& e) {
      if (attempt >= kMarkAttempts) {
        // Sent but not marked: remembered, so the runtime's retry of this event marks it instead
        // of sending it again.
        accepted_unmarked_.insert(notification.dedupe_key);
        throw TransientError("e-mail " + notification.dedupe_key +
                             " was sent but could not be marked: " + e.what());
      }
      std::this_thread::sleep_for(resilience::BackoffDelay(
          {.base = std::chrono::milliseconds(100), .cap = std::chrono::milliseconds(1000)}, attempt,
          UnitRandom()));
    }
  }
}

}  // namespace shop::notification

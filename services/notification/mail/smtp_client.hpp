#pragma once
// Sends one e-mail with libcurl's SMTP (no hand-written SMTP): connect, EHLO, optional STARTTLS
// and login, MAIL FROM, RCPT TO, DATA, then QUIT. One connection per message: e-mails are few,
// and a fresh connection is never a stale one.
//
// Settings (README.md, docs/runbooks/notifications.md):
//   SHOP_SMTP_URL              smtp://127.0.0.1:8025 (smtps:// for implicit TLS)
//   SHOP_SMTP_TLS              none | try | required: STARTTLS (default none)
//   SHOP_SMTP_USERNAME         login, when the server wants one (default none)
//   SHOP_SMTP_PASSWORD         its password; never logged
//   SHOP_SMTP_CONNECT_TIMEOUT  default 5s
//   SHOP_SMTP_TIMEOUT          the whole conversation, default 30s
//   SHOP_MAIL_FROM             the sender, default shop@shop.local
//
// Thread-safety: Send() may be called from several threads (each call has its own handle); the
// process must have called curl_global_init first (CurlGlobal, once, before any thread).

#include <chrono>
#include <string>

#include "notification/domain/smtp_outcome.hpp"
#include "platform/config/env_config.hpp"

namespace shop::notification {

struct SmtpOptions {
  std::string url = "smtp://127.0.0.1:8025";
  std::string tls = "none";
  std::string username{};
  std::string password{};
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds timeout{30000};
  std::string from = "shop@shop.local";
};

// Throws config::ConfigError naming a bad variable (an URL that is not smtp:// or smtps://, a
// sender that is not a safe address, an unknown TLS mode).
SmtpOptions LoadSmtpOptions(const config::EnvConfig& env);

// curl_global_init for the process's lifetime (curl_global_cleanup on destruction). Build one on
// the main thread before any thread sends.
class CurlGlobal {
 public:
  CurlGlobal();  // throws std::runtime_error when libcurl cannot initialise
  ~CurlGlobal();
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;
};

class SmtpClient {
 public:
  explicit SmtpClient(SmtpOptions options) : options_(std::move(options)) {}

  // Sends `message` (ComposeMessage's text) from options().from to `recipient` and classifies the
  // outcome (domain/smtp_outcome.hpp). Never throws for an SMTP or network failure.
  SmtpResult Send(const std::string& recipient, const std::string& message) const;

  const SmtpOptions& options() const { return options_; }

 private:
  SmtpOptions options_;
};

}  // namespace shop::notification

#include "notification/mail/smtp_client.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "notification/domain/mail_message.hpp"
#include "platform/text/ascii.hpp"

namespace shop::notification {
namespace {

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// What one Send() hands libcurl's callbacks.
struct Conversation {
  std::string_view message;
  std::size_t sent = 0;
  std::string last_reply;   // the server's last reply line
  std::string error_reply;  // its last 4xx or 5xx reply line (a QUIT's 221 may follow it)
};

std::size_t ReadMessage(char* buffer, std::size_t size, std::size_t items, void* user) {
  auto& conversation = *static_cast<Conversation*>(user);
  const std::size_t n = std::min(size * items, conversation.message.size() - conversation.sent);
  std::memcpy(buffer, conversation.message.data() + conversation.sent, n);
  conversation.sent += n;
  return n;
}

// Keeps the server's replies only (CURLINFO_HEADER_IN): what we send, the message and any login
// included, is never looked at.
int KeepReplies(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  if (type == CURLINFO_HEADER_IN && size > 0) {
    std::string_view line(data, size);
    line = text::TrimWhitespace(line);
    if (!line.empty()) {
      auto& conversation = *static_cast<Conversation*>(user);
      conversation.last_reply = std::string(line.substr(0, 500));
      if (line.front() == '4' || line.front() == '5') {
        conversation.error_reply = conversation.last_reply;
      }
    }
  }
  return 0;
}

template <typename T>
void Set(CURL* handle, CURLoption option, T value) {
  if (const CURLcode rc = curl_easy_setopt(handle, option, value); rc != CURLE_OK) {
    throw std::runtime_error(std::string("curl_easy_setopt: ") + curl_easy_strerror(rc));
  }
}

}  // namespace

SmtpOptions LoadSmtpOptions(const config::EnvConfig& env) {
  SmtpOptions options;
  options.url = env.String("SHOP_SMTP_URL", options.url);
  if (!options.url.starts_with("smtp://") && !options.url.starts_with("smtps://")) {
    throw config::ConfigError(
        "SHOP_SMTP_URL: expected smtp://host:port or smtps://host:port, got " + options.url);
  }
  options.tls = env.String("SHOP_SMTP_TLS", options.tls);
  if (options.tls != "none" && options.tls != "try" && options.tls != "required") {
    throw config::ConfigError("SHOP_SMTP_TLS: expected none, try or required, got " + options.tls);
  }
  options.username = env.String("SHOP_SMTP_USERNAME", "");
  options.password = env.String("SHOP_SMTP_PASSWORD", "");
  options.connect_timeout = env.Duration("SHOP_SMTP_CONNECT_TIMEOUT", options.connect_timeout);
  options.timeout = env.Duration("SHOP_SMTP_TIMEOUT", options.timeout);
  if (options.connect_timeout.count() <= 0 || options.timeout.count() <= 0) {
    throw config::ConfigError("SHOP_SMTP_CONNECT_TIMEOUT / SHOP_SMTP_TIMEOUT: expected > 0");
  }
  options.from = env.String("SHOP_MAIL_FROM", options.from);
  if (!IsSafeAddress(options.from)) {
    throw config::ConfigError(
        "SHOP_MAIL_FROM: expected a plain address like shop@example.com, got " + options.from);
  }
  return options;
}

CurlGlobal::CurlGlobal() {
  if (const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT); rc != CURLE_OK) {
    throw std::runtime_error(std::string("curl_global_init: ") + curl_easy_strerror(rc));
  }
}

CurlGlobal::~CurlGlobal() { curl_global_cleanup(); }

SmtpResult SmtpClient::Send(const std::string& recipient, const std::string& message) const {
  const std::unique_ptr<CURL, EasyDeleter> handle(curl_easy_init());
  if (!handle) {
    return {
        .outcome = SmtpOutcome::kTransient, .response_code = 0, .reply = "curl_easy_init failed"};
  }
  CURL* curl = handle.get();
  Conversation conversation{.message = message, .sent = 0, .last_reply = {}, .error_reply = {}};
  const std::string mail_from = "<" + options_.from + ">";
  const std::string rcpt_to = "<" + recipient + ">";
  std::unique_ptr<curl_slist, ListDeleter> recipients(curl_slist_append(nullptr, rcpt_to.c_str()));
  char error_text[CURL_ERROR_SIZE] = {};
  try {
    Set(curl, CURLOPT_URL, options_.url.c_str());
    Set(curl, CURLOPT_NOSIGNAL, 1L);
    Set(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
    Set(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
    Set(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
    Set(curl, CURLOPT_MAIL_RCPT, recipients.get());
    Set(curl, CURLOPT_UPLOAD, 1L);
    Set(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
    Set(curl, CURLOPT_READFUNCTION, &ReadMessage);
    Set(curl, CURLOPT_READDATA, &conversation);
    Set(curl, CURLOPT_ERRORBUFFER, error_text);
    // The debug callback is how libcurl shows the server's replies; it sees our side too, which
    // KeepReplies ignores. Nothing of it is written anywhere else.
    Set(curl, CURLOPT_VERBOSE, 1L);
    Set(curl, CURLOPT_DEBUGFUNCTION, &KeepReplies);
    Set(curl, CURLOPT_DEBUGDATA, &conversation);
    if (options_.tls == "try") {
      Set(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    } else if (options_.tls == "required") {
      Set(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    }
    if (!options_.username.empty()) {
      Set(curl, CURLOPT_USERNAME, options_.username.c_str());
      Set(curl, CURLOPT_PASSWORD, options_.password.c_str());
    }
  } catch (const std::runtime_error& e) {
    return {.outcome = SmtpOutcome::kPermanent, .response_code = 0, .reply = e.what()};
  }
  const CURLcode result = curl_easy_perform(curl);
  long response_code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response_code);
  SmtpResult outcome{
      .outcome = ClassifySmtp(result, response_code), .response_code = response_code, .reply = {}};
  if (outcome.outcome == SmtpOutcome::kSent) {
    outcome.reply = conversation.last_reply;
  } else if (response_code >= 400 && !conversation.error_reply.empty()) {
    outcome.reply = conversation.error_reply;
  } else {
    outcome.reply = std::string(curl_easy_strerror(result)) +
                    (error_text[0] != '\0' ? std::string(": ") + error_text : std::string());
  }
  return outcome;
}

}  // namespace shop::notification

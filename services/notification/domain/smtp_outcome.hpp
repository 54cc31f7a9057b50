#pragma once
// What an SMTP attempt's result means for the e-mail (decision 0034). Pure.
//   sent       the server accepted the message (250 after DATA)
//   transient  worth trying again: no connection, a timeout, a broken conversation, any 4xx reply
//              (greylisting, a full queue, "try again later")
//   permanent  the server refused for good: a 5xx reply (550 unknown or rejected recipient, 554
//              transaction failed), or a request libcurl cannot make (a malformed URL, an
//              unsupported protocol, a login refused)
// A reply code decides when there is one of 4xx or 5xx; otherwise libcurl's result does. An
// unknown libcurl failure counts as transient: a delay costs less than a lost e-mail.

#include <curl/curl.h>

#include <string>
#include <string_view>

namespace shop::notification {

enum class SmtpOutcome { kSent, kTransient, kPermanent };

std::string_view OutcomeName(SmtpOutcome outcome);  // "sent", "transient", "permanent"

// `response_code` is CURLINFO_RESPONSE_CODE (the last SMTP reply code, 0 when none).
SmtpOutcome ClassifySmtp(CURLcode result, long response_code);

struct SmtpResult {
  SmtpOutcome outcome = SmtpOutcome::kTransient;
  long response_code = 0;
  // The server's last reply ("550 5.1.1 <a@b>: recipient rejected"), else libcurl's error text.
  // Never holds the message.
  std::string reply;
};

}  // namespace shop::notification

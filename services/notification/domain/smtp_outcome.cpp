#include "notification/domain/smtp_outcome.hpp"

namespace shop::notification {

std::string_view OutcomeName(SmtpOutcome outcome) {
  switch (outcome) {
    case SmtpOutcome::kSent:
      return "sent";
    case SmtpOutcome::kTransient:
      return "transient";
    case SmtpOutcome::kPermanent:
      return "permanent";
  }
  return "transient";
}

SmtpOutcome ClassifySmtp(CURLcode result, long response_code) {
  if (result == CURLE_OK) {
    return SmtpOutcome::kSent;
  }
  if (response_code >= 500 && response_code < 600) {
    return SmtpOutcome::kPermanent;
  }
  if (response_code >= 400 && response_code < 500) {
    return SmtpOutcome::kTransient;
  }
  switch (result) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_LOGIN_DENIED:
    case CURLE_FILESIZE_EXCEEDED:
      return SmtpOutcome::kPermanent;
    default:
      return SmtpOutcome::kTransient;
  }
}

}  // namespace shop::notification

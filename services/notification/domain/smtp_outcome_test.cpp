#include "notification/domain/smtp_outcome.hpp"

#include <gtest/gtest.h>

namespace shop::notification {
namespace {

TEST(SmtpOutcomeTest, AcceptedIsSent) {
  EXPECT_EQ(ClassifySmtp(CURLE_OK, 250), SmtpOutcome::kSent);
}

TEST(SmtpOutcomeTest, A5xxReplyIsPermanent) {
  // libcurl reports a refused RCPT TO as a send error with the reply code.
  EXPECT_EQ(ClassifySmtp(CURLE_SEND_ERROR, 550), SmtpOutcome::kPermanent);
  EXPECT_EQ(ClassifySmtp(CURLE_SEND_ERROR, 554), SmtpOutcome::kPermanent);
  EXPECT_EQ(ClassifySmtp(CURLE_LOGIN_DENIED, 535), SmtpOutcome::kPermanent);
}

TEST(SmtpOutcomeTest, A4xxReplyIsTransient) {
  EXPECT_EQ(ClassifySmtp(CURLE_SEND_ERROR, 451), SmtpOutcome::kTransient);
  EXPECT_EQ(ClassifySmtp(CURLE_SEND_ERROR, 421), SmtpOutcome::kTransient);
  EXPECT_EQ(ClassifySmtp(CURLE_WEIRD_SERVER_REPLY, 452), SmtpOutcome::kTransient);
}

TEST(SmtpOutcomeTest, ConnectionFailuresAndTimeoutsAreTransient) {
  EXPECT_EQ(ClassifySmtp(CURLE_COULDNT_CONNECT, 0), SmtpOutcome::kTransient);
  EXPECT_EQ(ClassifySmtp(CURLE_COULDNT_RESOLVE_HOST, 0), SmtpOutcome::kTransient);
  // A timeout after an accepted command: the code is that command's 2xx/3xx, not a refusal.
  EXPECT_EQ(ClassifySmtp(CURLE_OPERATION_TIMEDOUT, 354), SmtpOutcome::kTransient);
  EXPECT_EQ(ClassifySmtp(CURLE_GOT_NOTHING, 0), SmtpOutcome::kTransient);
  EXPECT_EQ(ClassifySmtp(CURLE_RECV_ERROR, 250), SmtpOutcome::kTransient);
}

TEST(SmtpOutcomeTest, ARequestLibcurlCannotMakeIsPermanent) {
  EXPECT_EQ(ClassifySmtp(CURLE_URL_MALFORMAT, 0), SmtpOutcome::kPermanent);
  EXPECT_EQ(ClassifySmtp(CURLE_UNSUPPORTED_PROTOCOL, 0), SmtpOutcome::kPermanent);
}

}  // namespace
}  // namespace shop::notification

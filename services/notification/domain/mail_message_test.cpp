#include "notification/domain/mail_message.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace shop::notification {
namespace {

OutgoingMail Mail() {
  return {.from = "shop@shop.local",
          .to = "ada@example.com",
          .subject = "Your order o-1 is confirmed",
          .body = "Hello Ada,\n\nthanks.\n",
          .message_id = MessageId("0190c0de-0000-7000-8000-000000000001", MailKind::kOrderConfirmed,
                                  "shop.local"),
          .kind = MailKind::kOrderConfirmed};
}

TEST(MailMessageTest, TheMessageIdIsTheEventAndTheKind) {
  EXPECT_EQ(MessageId("0190c0de-0000-7000-8000-000000000001", MailKind::kDelivered, "shop.local"),
            "<0190c0de-0000-7000-8000-000000000001.delivered@shop.local>");
  // Deterministic: every attempt of one notification carries the same one.
  EXPECT_EQ(MessageId("e", MailKind::kVerifyEmail, "d"),
            MessageId("e", MailKind::kVerifyEmail, "d"));
  EXPECT_NE(MessageId("e", MailKind::kVerifyEmail, "d"),
            MessageId("e", MailKind::kPasswordReset, "d"));
}

TEST(MailMessageTest, ComposesHeadersThenTheBodyWithCrlfLineEnds) {
  const std::string text = ComposeMessage(
      Mail(), std::chrono::system_clock::time_point(std::chrono::seconds(1796652309)));
  EXPECT_EQ(text,
            "From: shop@shop.local\r\n"
            "To: ada@example.com\r\n"
            "Subject: Your order o-1 is confirmed\r\n"
            "Date: Mon, 07 Dec 2026 14:05:09 +0000\r\n"
            "Message-ID: <0190c0de-0000-7000-8000-000000000001.order_confirmed@shop.local>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n"
            "X-Shop-Notification: order_confirmed\r\n"
            "\r\n"
            "Hello Ada,\r\n\r\nthanks.\r\n");
}

TEST(MailMessageTest, AnUnsafeAddressOrAControlCharacterInTheSubjectIsRefused) {
  for (const std::string bad : {"ada@example.com\r\nBcc: x@y.z", "ada", "@example.com", "ada@",
                                "a@b@c", "<ada@x.y>", "ada @example.com", "ada@exa,mple.com", ""}) {
    EXPECT_FALSE(IsSafeAddress(bad)) << bad;
    OutgoingMail mail = Mail();
    mail.to = bad;
    EXPECT_THROW(ComposeMessage(mail, std::chrono::system_clock::now()), std::invalid_argument)
        << bad;
  }
  EXPECT_TRUE(IsSafeAddress("first.last+tag@sub.example.com"));
  OutgoingMail mail = Mail();
  mail.subject = "Hi\r\nBcc: x@y.z";
  EXPECT_THROW(ComposeMessage(mail, std::chrono::system_clock::now()), std::invalid_argument);
}

TEST(MailMessageTest, ANonAsciiSubjectIsEncodedAsRfc2047Words) {
  EXPECT_EQ(EncodeHeaderText("Plain subject"), "Plain subject");
  EXPECT_EQ(EncodeHeaderText("Grüße"), "=?UTF-8?B?R3LDvMOfZQ==?=");
  // Long text: several words, folded, none longer than 75 characters, no UTF-8 sequence split.
  const std::string long_text = "Ihre Bestellung für Jürgen Müller ist bestätigt und unterwegs";
  const std::string encoded = EncodeHeaderText(long_text);
  EXPECT_NE(encoded.find("\r\n "), std::string::npos);
  std::size_t start = 0;
  while (start < encoded.size()) {
    std::size_t end = encoded.find("\r\n ", start);
    if (end == std::string::npos) {
      end = encoded.size();
    }
    EXPECT_LE(end - start, 75u);
    start = end + 3;
  }
}

TEST(MailMessageTest, LoneCrAndCrlfInTheBodyBecomeCrlf) {
  OutgoingMail mail = Mail();
  mail.body = "a\rb\r\nc\nd";
  const std::string text = ComposeMessage(mail, std::chrono::system_clock::now());
  EXPECT_TRUE(text.ends_with("\r\n\r\na\r\nb\r\nc\r\nd\r\n")) << text;
}

}  // namespace
}  // namespace shop::notification

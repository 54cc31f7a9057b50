// notification-service with the real mail sink, Postgres and Kafka (decision 0034): each e-mail
// arrives once, with its Message-ID, also when its events come again (same ce_id, a copy under a
// new one, a shopctl dlq replay), after a kill -9 mid-batch and after the sink was down; a rejected
// recipient is dead-lettered with the SMTP reply while the others are sent; account e-mails carry
// the token's link and the token is never logged.
#include <signal.h>

#include <iostream>
#include <map>
#include <thread>

#include "notification_fixture.hpp"

namespace shop::notification::testing {
namespace {

using namespace std::chrono_literals;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const SunkMail* MailWithId(const std::vector<SunkMail>& mails, const std::string& message_id) {
  for (const SunkMail& mail : mails) {
    if (mail.message_id == message_id) {
      return &mail;
    }
  }
  return nullptr;
}

TEST_F(NotificationFixture, OrderAndDeliveryMailsArriveOnceEvenWhenTheirEventsComeAgain) {
  ASSERT_NO_FATAL_FAILURE(StartSink());
  ASSERT_NO_FATAL_FAILURE(StartService());
  const std::string user = NewId();
  const std::string order = NewId();
  const std::string shipment = NewId();
  ASSERT_TRUE(WaitApplied(Produce(UserCreated(user, "ada@example.com", "Ada")).id));

  const std::vector<events::CloudEvent> sent = {
      Produce(OrderConfirmed(order, user)), Produce(ShipmentCreated(shipment, order, user)),
      Produce(StatusChanged(shipment, order, user, "label_created", "picked_up", 2)),
      Produce(StatusChanged(shipment, order, user, "out_for_delivery", "delivered", 5))};
  for (const events::CloudEvent& event : sent) {
    ASSERT_TRUE(WaitApplied(event.id)) << event.type;
  }
  ASSERT_TRUE(WaitForMails(3));
  const std::vector<SunkMail> mails = Mails();
  ASSERT_EQ(mails.size(), 3u);
  const std::map<std::string, std::pair<const events::CloudEvent*, std::string>> expected = {
      {"order_confirmed", {&sent[0], "Your order " + order + " is confirmed"}},
      {"shipment_created", {&sent[1], "Your order " + order + " is being prepared for shipping"}},
      {"delivered", {&sent[3], "Your order " + order + " was delivered"}}};
  for (const auto& [kind, what] : expected) {
    const SunkMail* mail = MailWithId(mails, ExpectedMessageId(*what.first, kind));
    ASSERT_NE(mail, nullptr) << kind;
    EXPECT_EQ(mail->kind, kind);
    EXPECT_EQ(mail->delivered_to, "ada@example.com");
    EXPECT_EQ(mail->to, "ada@example.com");
    EXPECT_EQ(mail->subject, what.second);
    EXPECT_TRUE(Contains(mail->body, "Hello Ada,")) << mail->body;
  }
  EXPECT_TRUE(
      Contains(MailWithId(mails, ExpectedMessageId(sent[1], "shipment_created"))->body, "TRK-"));
  // picked_up e-mails nobody.
  EXPECT_EQ(Metric(R"(notification_skipped_total{reason="status_not_notified"})"), 1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM sent_log WHERE status = 'sent'"), 3);

  // The same events again (same ce_ids: a redelivery): the inbox absorbs them.
  for (const events::CloudEvent& event : sent) {
    ProduceAgain(event);
  }
  ASSERT_TRUE(WaitForMetric(
      R"(consumer_messages_total{group="notification.events",outcome="duplicate"})", 4));
  // Copies under new ce_ids (re-published): the sent log has each e-mail as sent.
  std::vector<events::CloudEvent> copies;
  for (const events::CloudEvent& event : sent) {
    copies.push_back(Produce(Copy(event)));
  }
  for (const events::CloudEvent& copy : copies) {
    ASSERT_TRUE(WaitApplied(copy.id));
  }
  EXPECT_EQ(Metric(R"(notification_duplicates_skipped_total{kind="order_confirmed"})"), 1);
  EXPECT_EQ(Metric(R"(notification_duplicates_skipped_total{kind="shipment_created"})"), 1);
  EXPECT_EQ(Metric(R"(notification_duplicates_skipped_total{kind="delivered"})"), 1);
  EXPECT_EQ(Mails().size(), 3u);
  EXPECT_EQ(Metric(R"(notification_sent_total{kind="order_confirmed"})"), 1);
}

TEST_F(NotificationFixture, AccountMailsCarryTheTokenLinkAndTheTokenIsNeverLogged) {
  ASSERT_NO_FATAL_FAILURE(StartSink());
  ASSERT_NO_FATAL_FAILURE(StartService());
  const std::string user = NewId();
  const std::string verify_token = "vErIfY-" + NewId();
  const std::string reset_token = "ReSeT_" + NewId();
  // Account e-mails need no replica: they carry their own address (the one to verify).
  const events::CloudEvent verify =
      Produce(VerificationRequested(user, "grace@example.com", verify_token));
  const events::CloudEvent reset =
      Produce(PasswordResetRequested(user, "grace@example.com", reset_token));
  ASSERT_TRUE(WaitForMails(2));
  const std::vector<SunkMail> mails = Mails();
  const SunkMail* verify_mail = MailWithId(mails, ExpectedMessageId(verify, "verify_email"));
  const SunkMail* reset_mail = MailWithId(mails, ExpectedMessageId(reset, "password_reset"));
  ASSERT_NE(verify_mail, nullptr);
  ASSERT_NE(reset_mail, nullptr);
  EXPECT_EQ(verify_mail->delivered_to, "grace@example.com");
  EXPECT_EQ(verify_mail->subject, "Please confirm your e-mail address");
  EXPECT_TRUE(
      Contains(verify_mail->body, std::string(kPublicUrl) + "/verify-email?token=" + verify_token))
      << verify_mail->body;
  EXPECT_TRUE(Contains(verify_mail->body, "Hello Grace,"));
  EXPECT_TRUE(
      Contains(reset_mail->body, std::string(kPublicUrl) + "/reset-password?token=" + reset_token))
      << reset_mail->body;
  EXPECT_TRUE(Contains(reset_mail->body, "Hello grace@example.com,"));  // no name: the address

  // The service's log (debug level) never holds a token.
  ASSERT_TRUE(WaitApplied(reset.id));
  const std::string log = shop::testing::ReadTextFile(service_->log_file());
  EXPECT_TRUE(Contains(log, "mail_sent"));
  EXPECT_FALSE(Contains(log, verify_token));
  EXPECT_FALSE(Contains(log, reset_token));
}

TEST_F(NotificationFixture, AKillNineMidBatchStillSendsEveryMailOnce) {
  // Each RCPT TO waits 100 ms at the sink: the kill lands while e-mails are in flight.
  ASSERT_NO_FATAL_FAILURE(StartSink(0.1));
  ASSERT_NO_FATAL_FAILURE(StartService());
  const std::string user = NewId();
  ASSERT_TRUE(WaitApplied(Produce(UserCreated(user, "bob@example.com", "Bob")).id));
  constexpr int kOrders = 40;
  std::vector<events::CloudEvent> orders;
  for (int i = 0; i < kOrders; ++i) {
    orders.push_back(Produce(OrderConfirmed(NewId(), user)));
  }
  ASSERT_TRUE(WaitForMails(5));
  ASSERT_NO_FATAL_FAILURE(KillService());
  const std::size_t before_restart = Mails().size();
  ASSERT_LT(before_restart, static_cast<std::size_t>(kOrders)) << "the kill came too late";
  ASSERT_NO_FATAL_FAILURE(StartService());
  ASSERT_TRUE(WaitForMails(kOrders, 90s)) << Mails().size() << " of " << kOrders;
  for (const events::CloudEvent& event : orders) {
    ASSERT_TRUE(WaitApplied(event.id));
  }
  // Every e-mail once in the mailbox. A second transmission is possible only in the documented
  // window (the server accepted, the process died before marking the row): it carries the same
  // Message-ID, so the sink, as a mailbox store that keeps one copy per Message-ID, drops it.
  for (const events::CloudEvent& event : orders) {
    EXPECT_EQ(Copies(ExpectedMessageId(event, "order_confirmed")), 1) << event.id;
  }
  const int resent = SinkDroppedCopies();
  EXPECT_LE(resent, 1) << "one e-mail at most was in the window when the process died";
  std::cout << "kill -9 after " << before_restart << " of " << kOrders << " e-mails; " << resent
            << " sent a second time with the same Message-ID (dropped by the mailbox)\n";
  EXPECT_EQ(Scalar("SELECT count(*) FROM sent_log WHERE status = 'sent'"), kOrders);
}

TEST_F(NotificationFixture, MailsWaitWhileTheSinkIsDownThenArriveOnce) {
  ASSERT_NO_FATAL_FAILURE(StartSink());
  ASSERT_NO_FATAL_FAILURE(StartService());
  const std::string user = NewId();
  ASSERT_TRUE(WaitApplied(Produce(UserCreated(user, "carol@example.com", "Carol")).id));
  ASSERT_NO_FATAL_FAILURE(StopSink());

  const auto down_since = std::chrono::steady_clock::now();
  std::vector<events::CloudEvent> orders;
  for (int i = 0; i < 3; ++i) {
    orders.push_back(Produce(OrderConfirmed(NewId(), user)));
  }
  // Failed attempts, retried: in place, then by the consumer runtime (the partition paused).
  ASSERT_TRUE(
      WaitForMetric(R"(notification_failed_total{kind="order_confirmed",class="transient"})", 4));
  ASSERT_TRUE(WaitForMetric(R"(consumer_retries_total{group="notification.events"})", 2));
  EXPECT_TRUE(Mails().empty());
  EXPECT_EQ(Scalar("SELECT count(*) FROM sent_log WHERE status = 'sent'"), 0);
  // The outage lasts 30 s (decision 0034's case), however soon the retries showed.
  const auto outage = 30s - (std::chrono::steady_clock::now() - down_since);
  if (outage > 0s) {
    std::this_thread::sleep_for(outage);
  }
  EXPECT_TRUE(Mails().empty());
  ASSERT_NO_FATAL_FAILURE(StartSink());
  ASSERT_TRUE(WaitForMails(3));
  for (const events::CloudEvent& event : orders) {
    ASSERT_TRUE(WaitApplied(event.id));
    EXPECT_EQ(Copies(ExpectedMessageId(event, "order_confirmed")), 1) << event.id;
  }
  EXPECT_EQ(Mails().size(), 3u);
  EXPECT_EQ(
      Metric(R"(consumer_messages_total{group="notification.events",outcome="dead_lettered"})"), 0);
}

TEST_F(NotificationFixture, ARejectedRecipientIsDeadLetteredWithTheReplyAndReplaysSendOnce) {
  ASSERT_NO_FATAL_FAILURE(StartSink());
  ASSERT_NO_FATAL_FAILURE(StartService());
  const std::string rejected_user = NewId();
  const std::string good_user = NewId();
  ASSERT_TRUE(WaitApplied(Produce(UserCreated(rejected_user, "rejected@example.com", "R")).id));
  ASSERT_TRUE(WaitApplied(Produce(UserCreated(good_user, "dave@example.com", "Dave")).id));

  const events::CloudEvent refused = Produce(OrderConfirmed(NewId(), rejected_user));
  const events::CloudEvent accepted = Produce(OrderConfirmed(NewId(), good_user));
  ASSERT_TRUE(WaitForDeadLetters(1));
  ASSERT_TRUE(WaitForMails(1));
  std::vector<DeadLetter> letters = DeadLetters();
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0].ce_id, refused.id);
  EXPECT_EQ(letters[0].key, refused.subject);
  EXPECT_EQ(letters[0].error_class, "permanent");
  EXPECT_TRUE(Contains(letters[0].error_message, "550")) << letters[0].error_message;
  EXPECT_TRUE(Contains(letters[0].error_message, "recipient rejected by the mail sink"))
      << letters[0].error_message;
  ASSERT_TRUE(WaitApplied(accepted.id));
  EXPECT_EQ(Copies(ExpectedMessageId(accepted, "order_confirmed")), 1);
  EXPECT_EQ(Mails().size(), 1u);
  EXPECT_EQ(Scalar("SELECT count(*) FROM sent_log WHERE status = 'rejected' AND event_id = '" +
                   refused.id + "'"),
            1);
  EXPECT_GE(Metric(R"(notification_failed_total{kind="order_confirmed",class="permanent"})"), 1);

  // An order of a user the replica never heard of: waited for (1 s here), then dead-lettered with
  // the reason. Once the user is known, shopctl dlq replay sends its e-mail once; replaying it
  // again
  // (--force past the replay log) sends nothing.
  const std::string late_user = NewId();
  const events::CloudEvent orphan = Produce(OrderConfirmed(NewId(), late_user));
  ASSERT_TRUE(WaitForDeadLetters(2));
  letters = DeadLetters();
  EXPECT_EQ(letters[1].ce_id, orphan.id);
  EXPECT_TRUE(Contains(letters[1].error_message, "user " + late_user + " of order.confirmed"))
      << letters[1].error_message;
  EXPECT_TRUE(Contains(letters[1].error_message, "is not known")) << letters[1].error_message;
  ASSERT_TRUE(WaitApplied(Produce(UserCreated(late_user, "erin@example.com", "Erin")).id));

  const auto [replayed, replay_out] = Shopctl("dlq replay --group notification.events --offset 1");
  ASSERT_EQ(replayed, 0) << replay_out;
  ASSERT_TRUE(WaitApplied(orphan.id));
  const std::string orphan_id = ExpectedMessageId(orphan, "order_confirmed");
  ASSERT_TRUE(shop::testing::WaitFor([&] { return Copies(orphan_id) == 1; }, kDeadline));
  EXPECT_EQ(MailWithId(Mails(), orphan_id)->delivered_to, "erin@example.com");
  const auto [again, again_out] =
      Shopctl("dlq replay --group notification.events --offset 1 --force");
  ASSERT_EQ(again, 0) << again_out;
  ASSERT_TRUE(WaitForMetric(
      R"(consumer_messages_total{group="notification.events",outcome="duplicate"})", 1));
  EXPECT_EQ(Copies(orphan_id), 1);
  EXPECT_EQ(Mails().size(), 2u);
}

}  // namespace
}  // namespace shop::notification::testing

#pragma once
// notification-service as a real process with the real mail sink (deploy/local/mail-sink run by
// Debian's python3) writing a Maildir of the test's own, a database of its own and a Kafka broker
// of its own (PrivateKafka, every topic of topics.txt), consumer group notification.events. The
// test plays auth, order and delivery by producing their events.

#include <gtest/gtest.h>
#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "e2e/service_process.hpp"
#include "events/cloud_event.hpp"
#include "mail_sink.hpp"
#include "test_support.hpp"

namespace shop::notification::testing {

inline constexpr std::chrono::seconds kDeadline{60};
inline constexpr const char* kGroup = "notification.events";
inline constexpr const char* kPublicUrl = "https://shop.test";
// The sink refuses recipients matching this with 550.
inline constexpr const char* kRejectPattern = "^rejected";

using shop::testing::SunkMail;

// A dead letter of the group, read back with kcat.
struct DeadLetter {
  std::string key;
  std::string ce_id;
  std::string error_class;
  std::string error_message;
};

class NotificationFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // The sink on sink_port_ (a free port picked once), `delay_seconds` per RCPT TO.
  void StartSink(double delay_seconds = 0);
  void StopSink();  // SIGTERM, waits for the exit
  // notification-service with short SMTP timeouts, lease and user wait; `env` adds settings.
  void StartService(std::map<std::string, std::string> env = {});
  void KillService();  // SIGKILL, reaped

  static std::string NewId();
  // Produces the event to its topic as its producer would; returns it (ce_id in .id).
  events::CloudEvent Produce(const events::CloudEvent& event);
  void ProduceAgain(const events::CloudEvent& event) { Produce(event); }

  events::CloudEvent UserCreated(const std::string& user_id, const std::string& email,
                                 const std::string& name);
  events::CloudEvent OrderConfirmed(const std::string& order_id, const std::string& user_id);
  events::CloudEvent ShipmentCreated(const std::string& shipment_id, const std::string& order_id,
                                     const std::string& user_id);
  events::CloudEvent StatusChanged(const std::string& shipment_id, const std::string& order_id,
                                   const std::string& user_id, const std::string& from,
                                   const std::string& to, long long version);
  events::CloudEvent VerificationRequested(const std::string& user_id, const std::string& email,
                                           const std::string& token);
  events::CloudEvent PasswordResetRequested(const std::string& user_id, const std::string& email,
                                            const std::string& token);
  // The same event under a new ce_id (a copy, e.g. re-published).
  static events::CloudEvent Copy(events::CloudEvent event);

  std::vector<SunkMail> Mails() const;
  // Waits until the Maildir holds at least `count` messages.
  bool WaitForMails(std::size_t count, std::chrono::milliseconds deadline = kDeadline) const;
  // How many stored messages carry `message_id`.
  int Copies(const std::string& message_id) const;
  // Messages the sink accepted and dropped as a second copy of a Message-ID it holds (its log).
  int SinkDroppedCopies() const;
  static std::string ExpectedMessageId(const events::CloudEvent& event, const std::string& kind);

  // Whether the group's inbox holds the event (its effect committed).
  bool Applied(const std::string& event_id) const;
  bool WaitApplied(const std::string& event_id) const;
  long long Scalar(const std::string& sql) const;
  // A series of the service's /metrics (0 when absent).
  double Metric(const std::string& series) const;
  bool WaitForMetric(const std::string& series, double at_least) const;

  std::vector<DeadLetter> DeadLetters() const;
  // Waits until the group has dead-lettered `count` messages and kcat reads them.
  bool WaitForDeadLetters(std::size_t count) const;

  // shopctl with SHOP_KAFKA_BOOTSTRAP of the test's broker; exit code and output.
  std::pair<int, std::string> Shopctl(const std::string& args) const;

  std::unique_ptr<shop::testing::PrivateKafka> kafka_;
  std::string database_;
  std::string dir_;
  std::string maildir_;
  std::uint16_t sink_port_ = 0;
  std::unique_ptr<shop::testing::MailSink> sink_;  // started by StartSink, kept across StopSink
  std::optional<shop::testing::ServiceProcess> service_;

 private:
  std::map<std::string, std::string> service_env_;
  std::unique_ptr<RdKafka::Producer> producer_;
};

}  // namespace shop::notification::testing

// The notification.events group consumes the topics of the events it handles, and the deployment
// creates them with the group's .retry and .dlq (deploy/local/kafka/topics.txt).
#include "notification/consumers/notification_events.hpp"

#include <gtest/gtest.h>

#include "notification/template_texts.hpp"
#include "tests/support/group_topics.hpp"

namespace shop::notification {
namespace {

class NotificationEventsTest : public ::testing::Test {
 protected:
  metrics::Registry registry_;
  NotificationMetrics metrics_{registry_};
  MailTemplates templates_{EmbeddedTemplateTexts()};
  SmtpClient smtp_{SmtpOptions{}};
  // Never connects: the handler table is only built.
  db::ConnectionPool pool_{db::PoolOptions{.conninfo = "postgresql://nowhere.invalid/none",
                                           .size = 1,
                                           .acquire_timeout = std::chrono::milliseconds(1),
                                           .statements = {}}};
  Mailer mailer_{MailerOptions{}, templates_, smtp_, pool_, metrics_};
  UserWait wait_{std::chrono::seconds(1)};
};

TEST_F(NotificationEventsTest, TheGroupConsumesUsersOrdersAndDeliveries) {
  EXPECT_EQ(NotificationEventHandlers(mailer_, wait_, metrics_).Topics(),
            (std::vector<std::string>{"delivery.shipment_created", "delivery.status_changed",
                                      "order.cancelled", "order.confirmed", "user.created",
                                      "user.deleted", "user.password_reset_requested",
                                      "user.updated", "user.verification_requested"}));
}

TEST_F(NotificationEventsTest, TopicsTxtCreatesTheGroupsTopics) {
  EXPECT_EQ(shop::testing::GroupTopicsMissingFromTopicsTxt(
                kNotificationEventsGroup, NotificationEventHandlers(mailer_, wait_, metrics_)),
            std::vector<std::string>{});
}

}  // namespace
}  // namespace shop::notification

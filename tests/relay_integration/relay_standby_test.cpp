// A standby relay does not accumulate the outbox's NOTIFYs while it waits for the advisory lock
// (issue 11, defect 3): it listens only once it is the active relay. Two relays on one database,
// 200,000 outbox transactions committed: the standby's resident memory stays where it was.
#include <gtest/gtest.h>

#include <string>

#include "relay_fixture.hpp"

namespace shop::relay_test {
namespace {

using namespace std::chrono_literals;
using testing::WaitFor;

TEST(RelayStandby, KeepsNoNotificationsInMemoryWhileStandingBy) {
  const std::string uri = CreateOutboxDatabase("relay_standby");
  const std::string topic = CreateTopic("relay.standby");
  const std::uint16_t port_1 = testing::FreePort();
  testing::ChildProcess relay_1 = StartRelay(uri, port_1, "relay-standby-1");
  ASSERT_TRUE(WaitFor([&] { return LockHeld(port_1) == std::optional<double>(1.0); }, 20s));
  const std::uint16_t port_2 = testing::FreePort();
  testing::ChildProcess relay_2 = StartRelay(uri, port_2, "relay-standby-2");
  ASSERT_TRUE(WaitFor([&] { return LockHeld(port_2) == std::optional<double>(0.0); }, 20s));
  const long rss_before = testing::FootprintOf(relay_2.pid()).rss_kib;
  ASSERT_GT(rss_before, 0);

  constexpr int kTransactions = 200'000;
  {
    pqxx::connection connection(uri);
    pqxx::work setup(connection);
    WrittenRow template_row = InsertEvent(setup, topic, "standby", 1);
    setup.exec(
        "CREATE PROCEDURE commit_outbox_rows(n int, template_id bigint) LANGUAGE plpgsql AS $$ "
        "BEGIN FOR i IN 1..n LOOP "
        "INSERT INTO outbox (event_id, topic, key, event_type, payload, headers) "
        "SELECT gen_random_uuid(), topic, key || (i % 100), event_type, payload, headers "
        "FROM outbox WHERE id = template_id; COMMIT; END LOOP; END $$");
    setup.commit();
    pqxx::nontransaction call(connection);
    call.exec("SET synchronous_commit = off");  // 200,000 commits, each its own NOTIFY
    call.exec_params("CALL commit_outbox_rows($1, $2)", kTransactions, template_row.id);
  }
  // A bound, not a speed: the drain shares two cores with the rest of the suite (once over 180 s).
  ASSERT_TRUE(WaitFor([&] { return CountUnpublished(uri) == 0; }, 420s))
      << CountUnpublished(uri) << " rows still unpublished";
  // The standby runs its lock attempt every second, which is when libpq would read notifications.
  ASSERT_TRUE(WaitFor([&] { return LockHeld(port_2) == std::optional<double>(0.0); }, 10s));
  const long rss_after = testing::FootprintOf(relay_2.pid()).rss_kib;
  EXPECT_LT(rss_after - rss_before, 4096)
      << "standby RSS grew from " << rss_before << " KiB to " << rss_after << " KiB";
}

}  // namespace
}  // namespace shop::relay_test

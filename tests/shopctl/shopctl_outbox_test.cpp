// `shopctl outbox` and `consumers lag` against the real Postgres and Kafka of tests/run: status
// counts a service database's pending rows, republish re-sends retained published rows with
// their stored headers (or only prints them with --dry-run), and an unreachable database is
// exit 3.
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sstream>

#include "shopctl_fixture.hpp"

namespace shop::shopctl::testing {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

class ShopctlOutbox : public ShopctlTest {
 protected:
  // A service database with an outbox: 3 published rows of `source_` (2 of type
  // category.updated) and 2 pending ones.
  void SetUp() override {
    ShopctlTest::SetUp();
    outbox_uri_ = shop::testing::CreateDatabase("shopctl_outbox");
    pqxx::connection connection(outbox_uri_);
    pqxx::work txn(connection);
    txn.exec(shop::testing::ReferenceOutboxSql());
    const auto insert = [&](const std::string& type, bool published) {
      const events::CloudEvent event = Event("cat-1", "n", 1);
      txn.exec_params(
          "INSERT INTO outbox(event_id, topic, key, event_type, payload, headers, published_at) "
          "VALUES ($1, $2, 'cat-1', $3, $4::jsonb, $5::jsonb, CASE WHEN $6 THEN now() END)",
          event.id, source_, type, event.data,
          nlohmann::json{{"ce_id", event.id}, {"ce_type", type}}.dump(), published);
    };
    insert("category.updated", true);
    insert("category.updated", true);
    insert("category.created", true);
    insert("category.updated", false);
    insert("category.updated", false);
    txn.commit();
  }

  std::string outbox_uri_;
};

TEST_F(ShopctlOutbox, StatusCountsPendingRowsPerService) {
  const ShopctlResult table =
      Shopctl({"outbox", "status", "--service", "category", "--database-url", outbox_uri_});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  const auto rows = Lines(table.out);
  ASSERT_EQ(rows.size(), 2u) << table.out;
  EXPECT_TRUE(rows[1].starts_with("category  2 ")) << table.out;

  const ShopctlResult json =
      Shopctl({"outbox", "status", "--json"}, {{"SHOP_CATEGORY_DATABASE_URL", outbox_uri_}});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto status = nlohmann::json::parse(Lines(json.out).at(0));
  EXPECT_EQ(status.at("service"), "category");
  EXPECT_EQ(status.at("pending"), 2);
  EXPECT_EQ(status.at("published_last_minute"), 3);
}

TEST_F(ShopctlOutbox, RepublishResendsRetainedRowsOfTheTypeAndDryRunOnlyPrints) {
  const std::vector<std::string> args = {"outbox",   "republish",       "--service",
                                         "category", "--database-url",  outbox_uri_,
                                         "--type",   "category.updated"};
  auto dry_args = args;
  dry_args.push_back("--dry-run");
  const ShopctlResult dry = Shopctl(dry_args);
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  const auto lines = Lines(dry.out);
  ASSERT_EQ(lines.size(), 3u) << dry.out;
  EXPECT_EQ(nlohmann::json::parse(lines[0]).at("topic"), source_);
  EXPECT_EQ(EndOffset(source_), 0);

  const ShopctlResult sent = Shopctl(args);
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_NE(sent.out.find("republished 2 event(s) of category, failed 0"), std::string::npos)
      << sent.out;
  EXPECT_EQ(EndOffset(source_), 2);
}

// Parked rows (issue 11, docs/decisions/0022): listed with their reason; retry --id re-queues every
// parked row of that row's key after a dry run that changes nothing, and leaves other keys parked.
TEST_F(ShopctlOutbox, ParkedRowsAreListedAndRetryRequeuesTheirKeyAfterADryRun) {
  std::vector<std::int64_t> ids;
  {
    pqxx::connection connection(outbox_uri_);
    pqxx::work txn(connection);
    for (const char* key : {"big", "big", "other"}) {
      const events::CloudEvent event = Event(key, "n", 1);
      ids.push_back(
          txn.exec_params1(
                 "INSERT INTO outbox(event_id, topic, key, event_type, payload, headers, "
                 "parked_at, parked_reason) VALUES ($1, $2, $3, 'category.updated', $4::jsonb, "
                 "'{}'::jsonb, now(), $5) RETURNING id",
                 event.id, source_, key, event.data,
                 std::string(key) == "other" ? "topic absent" : "Message size too large")[0]
              .as<std::int64_t>());
    }
    txn.commit();
  }
  const auto parked_count = [&] {
    pqxx::connection connection(outbox_uri_);
    pqxx::work txn(connection);
    return txn.exec1("SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL")[0].as<int>();
  };
  const std::vector<std::string> db = {"--service", "category", "--database-url", outbox_uri_};
  const auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), db.begin(), db.end());
    return Shopctl(args);
  };

  const ShopctlResult listed = with({"outbox", "parked", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const auto rows = Lines(listed.out);
  ASSERT_EQ(rows.size(), 3u) << listed.out;
  EXPECT_EQ(nlohmann::json::parse(rows[0]).at("reason"), "Message size too large");
  EXPECT_EQ(nlohmann::json::parse(rows[2]).at("key"), "other");
  const ShopctlResult status = with({"outbox", "status", "--json"});
  EXPECT_EQ(nlohmann::json::parse(Lines(status.out).at(0)).at("parked"), 3) << status.out;

  const ShopctlResult dry = with({"outbox", "retry", "--id", std::to_string(ids[0]), "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("would re-queue 2 parked row(s)"), std::string::npos) << dry.out;
  EXPECT_EQ(parked_count(), 3) << "a dry run changes nothing";

  const ShopctlResult retried = with({"outbox", "retry", "--id", std::to_string(ids[0])});
  ASSERT_EQ(retried.exit_code, 0) << retried.err;
  EXPECT_NE(retried.out.find("re-queued 2 parked row(s)"), std::string::npos) << retried.out;
  EXPECT_EQ(parked_count(), 1) << "the other key stays parked";

  const ShopctlResult nothing = with({"outbox", "retry"});
  EXPECT_EQ(nothing.exit_code, 2) << nothing.err;
  EXPECT_NE(nothing.err.find("--id, --key or --all"), std::string::npos) << nothing.err;
}

TEST_F(ShopctlOutbox, AnUnreachableDatabaseIsExitThree) {
  const std::string closed =
      "postgresql://postgres@127.0.0.1:" + std::to_string(shop::testing::FreePort()) + "/x";
  const ShopctlResult r =
      Shopctl({"outbox", "status", "--service", "category", "--database-url", closed});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(r.err.starts_with("shopctl: cannot connect to the category database")) << r.err;
  const ShopctlResult none = Shopctl({"outbox", "status"}, {{"SHOP_CATEGORY_DATABASE_URL", ""}});
  EXPECT_EQ(none.exit_code, 2) << none.err;
}

}  // namespace
}  // namespace shop::shopctl::testing

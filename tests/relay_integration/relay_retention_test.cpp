// Retention cleanup reads only what it deletes (issue 11, defect 4): the relay's batch DELETE of
// published rows past the retention period walks the published_at index and deletes by ctid, so a
// pass over an outbox of many retained rows touches 1,000 rows, not the whole table. Checked with
// EXPLAIN (ANALYZE) on the real Postgres; the figures on 5 million rows are in
// docs/performance.md.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "relay/outbox_statements.hpp"
#include "relay_fixture.hpp"

namespace shop::relay_test {
namespace {

// Every plan node below `node`, depth first.
void Walk(const nlohmann::json& node, const std::function<void(const nlohmann::json&)>& visit) {
  visit(node);
  if (node.contains("Plans")) {
    for (const nlohmann::json& child : node["Plans"]) {
      Walk(child, visit);
    }
  }
}

struct Pass {
  long deleted = 0;
  double rows_read = 0;  // rows the plan's scans produced or filtered out
  std::vector<std::string> scans;
  std::string plan;
};

// One cleanup batch (7-day retention) under EXPLAIN ANALYZE, committed like the relay's.
Pass RunPass(pqxx::connection& connection) {
  pqxx::work txn(connection);
  const std::string plan_text =
      txn.exec_params1("EXPLAIN (ANALYZE, FORMAT JSON) " + std::string(relay::sql::kDeleteExpired),
                       7.0 * 86400)[0]
          .as<std::string>();
  txn.commit();
  const nlohmann::json plan = nlohmann::json::parse(plan_text)[0]["Plan"];
  Pass pass;
  pass.plan = plan.dump(2);
  Walk(plan, [&](const nlohmann::json& node) {
    const std::string type = node["Node Type"];
    if (type == "ModifyTable") {
      return;
    }
    if (type.find("Scan") != std::string::npos) {
      pass.scans.push_back(type);
      pass.rows_read += node.value("Actual Rows", 0.0) * node.value("Actual Loops", 1.0) +
                        node.value("Rows Removed by Filter", 0.0);
    }
    if (type == "Tid Scan") {
      pass.deleted = static_cast<long>(node.value("Actual Rows", 0.0));
    }
  });
  return pass;
}

TEST(RelayRetention, EachCleanupPassReadsOnlyTheRowsItDeletes) {
  const std::string uri = CreateOutboxDatabase("relay_retention");
  pqxx::connection connection(uri);
  {
    pqxx::work txn(connection);
    const WrittenRow row = InsertEvent(txn, "retention.topic", "retained", 1);
    // In id order, as time makes them: 1,500 rows published 8 days ago (past a 7-day
    // retention), then 300,000 published within the retention, then 1,000 unpublished ones.
    txn.exec_params(
        "INSERT INTO outbox (event_id, topic, key, event_type, payload, headers, created_at, "
        "published_at) SELECT gen_random_uuid(), topic, key, event_type, payload, headers, "
        "now() - interval '8 days', CASE WHEN g <= 1500 THEN now() - interval '8 days' "
        "WHEN g <= 301500 THEN now() - interval '1 day' END "
        "FROM outbox, generate_series(1, 302500) g WHERE id = $1",
        row.id);
    txn.exec_params("DELETE FROM outbox WHERE id = $1", row.id);
    txn.commit();
  }
  pqxx::nontransaction(connection).exec("ANALYZE outbox");

  // The passes of one cleanup run: 1,000, then 500, then none left (the run stops there).
  const std::vector<long> expected{1000, 500, 0};
  for (const long deleting : expected) {
    const Pass pass = RunPass(connection);
    EXPECT_EQ(pass.deleted, deleting) << pass.plan;
    for (const std::string& scan : pass.scans) {
      EXPECT_NE(scan, "Seq Scan") << pass.plan;
    }
    // The published_at index scan yields the rows to delete, the ctid scan reaches them: twice
    // the deleted rows, plus the one index entry that ends the range.
    EXPECT_LE(pass.rows_read, 2.0 * static_cast<double>(deleting) + 1)
        << "a pass deleting " << deleting << " rows read " << pass.rows_read << ":\n"
        << pass.plan;
  }
  pqxx::work txn(connection);
  EXPECT_EQ(txn.exec1("SELECT count(*) FROM outbox")[0].as<long>(), 301'000)
      << "retained and unpublished rows are kept";
}

}  // namespace
}  // namespace shop::relay_test

// Retention cleanup reads only what it deletes (issue 11, defect 4): the relay's batch DELETE of
// published rows past the retention period walks the published_at index and deletes by ctid, so a
// pass over an outbox of many retained rows touches 1,000 rows, not the whole table. Checked with
// EXPLAIN (ANALYZE) on the real Postgres; the figures on 5 million rows are in
// docs/performance.md.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

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

TEST(RelayRetention, EachCleanupPassReadsOnlyTheRowsItDeletes) {
  const std::string uri = CreateOutboxDatabase("relay_retention");
  pqxx::connection connection(uri);
  {
    pqxx::work txn(connection);
    const WrittenRow row = InsertEvent(txn, "retention.topic", "retained", 1);
    // 300,000 rows published 8 days ago (past a 7-day retention), 5,000 published just now and
    // 1,000 unpublished, copied from one real row.
    txn.exec_params(
        "INSERT INTO outbox (event_id, topic, key, event_type, payload, headers, created_at, "
        "published_at) SELECT gen_random_uuid(), topic, key, event_type, payload, headers, "
        "now() - interval '8 days', CASE WHEN g <= 300000 THEN now() - interval '8 days' "
        "WHEN g <= 305000 THEN now() END FROM outbox, generate_series(1, 306000) g "
        "WHERE id = $1",
        row.id);
    txn.commit();
  }
  pqxx::nontransaction(connection).exec("ANALYZE outbox");

  pqxx::work txn(connection);
  const std::string plan_text =
      txn.exec_params1("EXPLAIN (ANALYZE, FORMAT JSON) " + std::string(relay::sql::kDeleteExpired),
                       7.0 * 86400)[0]
          .as<std::string>();
  txn.abort();  // EXPLAIN ANALYZE ran the DELETE: keep the rows
  const nlohmann::json plan = nlohmann::json::parse(plan_text)[0]["Plan"];
  double rows_read = 0;
  std::vector<std::string> scans;
  Walk(plan, [&](const nlohmann::json& node) {
    const std::string type = node["Node Type"];
    if (type.find("Scan") != std::string::npos) {
      scans.push_back(type);
      rows_read += node.value("Actual Rows", 0.0) * node.value("Actual Loops", 1.0);
      if (node.contains("Rows Removed by Filter")) {
        rows_read += node["Rows Removed by Filter"].get<double>();
      }
    }
  });
  EXPECT_EQ(plan.value("Actual Rows", -1.0), 0.0);  // a DELETE node returns no rows
  for (const std::string& scan : scans) {
    EXPECT_NE(scan, "Seq Scan") << plan.dump(2);
  }
  EXPECT_LE(rows_read, 2 * 1000.0) << "a pass must read about the 1,000 rows it deletes; plan:\n"
                                   << plan.dump(2);
}

}  // namespace
}  // namespace shop::relay_test

#include "shopctl/outbox_parking.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "relay/outbox_batch.hpp"
#include "shopctl/exit_codes.hpp"
#include "shopctl/table.hpp"

namespace shop::shopctl {
namespace {

constexpr const char* kParkedSql =
    "SELECT id, event_type, key, topic, to_char(parked_at AT TIME ZONE 'UTC', "
    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), parked_reason, octet_length(payload::text) "
    "FROM outbox WHERE parked_at IS NOT NULL AND published_at IS NULL ORDER BY id";

// The parked rows of the selected keys: $1 all, $2 keys, $3 ids whose keys are meant.
constexpr const char* kSelectedWhere =
    " WHERE parked_at IS NOT NULL AND published_at IS NULL AND ($1::bool OR key = ANY($2::text[]) "
    "OR key IN (SELECT key FROM outbox WHERE id = ANY($3::bigint[])))";

}  // namespace

int OutboxParked(const std::vector<ServiceDatabase>& databases, bool json, std::ostream& out,
                 std::ostream& err) {
  std::vector<TableRow> rows;
  const int result =
      ReadEachOutbox(databases, err, [&](const ServiceDatabase& db, pqxx::read_transaction& txn) {
        for (const pqxx::row& row : txn.exec(kParkedSql)) {
          const std::string reason = row[5].as<std::string>("");
          if (json) {
            out << nlohmann::json{{"service", db.service},
                                  {"id", row[0].as<std::int64_t>()},
                                  {"type", row[1].as<std::string>()},
                                  {"key", row[2].as<std::string>()},
                                  {"topic", row[3].as<std::string>()},
                                  {"parked_at", row[4].as<std::string>()},
                                  {"reason", reason},
                                  {"payload_bytes", row[6].as<std::int64_t>()}}
                       .dump()
                << '\n';
          }
          rows.push_back({db.service, row[0].as<std::string>(), row[1].as<std::string>(),
                          row[2].as<std::string>(), row[4].as<std::string>(),
                          Shorten(reason, 100)});
        }
      });
  if (!json) {
    out << FormatTable({"SERVICE", "ID", "TYPE", "KEY", "PARKED AT", "REASON"}, rows);
  }
  return result;
}

int OutboxRetry(const ServiceDatabase& database, const RetrySelection& selection, bool dry_run,
                std::ostream& out) {
  if (!selection.all && selection.ids.empty() && selection.keys.empty()) {
    throw UsageError("choose the rows: --id, --key or --all");
  }
  std::vector<TableRow> rows;
  try {
    pqxx::connection connection(database.url);
    pqxx::work txn(connection);
    const std::string keys = relay::TextArrayLiteral(selection.keys);
    const std::string ids = relay::BigintArrayLiteral(selection.ids);
    const pqxx::result result =
        dry_run ? txn.exec_params(std::string("SELECT id, event_type, key, parked_reason FROM "
                                              "outbox") +
                                      kSelectedWhere + " ORDER BY id",
                                  selection.all, keys, ids)
                : txn.exec_params(std::string("UPDATE outbox SET parked_at = NULL, "
                                              "parked_reason = NULL") +
                                      kSelectedWhere + " RETURNING id, event_type, key, ''",
                                  selection.all, keys, ids);
    if (!dry_run) {
      txn.exec("SELECT pg_notify('outbox', '')");  // wake the relay now, not at its next poll
    }
    txn.commit();
    for (const pqxx::row& row : result) {
      rows.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                      Shorten(row[3].as<std::string>(""), 80)});
    }
  } catch (const pqxx::broken_connection& e) {
    throw ConnectError("cannot connect to the " + database.service +
                       " database: " + OneLine(e.what()));
  } catch (const pqxx::sql_error& e) {
    throw UsageError("cannot re-queue in the outbox of " + database.service + ": " +
                     OneLine(e.what()));
  }
  std::sort(rows.begin(), rows.end(), [](const TableRow& a, const TableRow& b) {
    return std::stoll(a[0]) < std::stoll(b[0]);
  });
  if (dry_run) {
    out << FormatTable({"ID", "TYPE", "KEY", "REASON"}, rows);
    out << "dry run, nothing changed: would re-queue " << rows.size() << " parked row(s) of "
        << database.service << '\n';
  } else {
    out << "re-queued " << rows.size() << " parked row(s) of " << database.service
        << "; the relay publishes them in id order\n";
  }
  return 0;
}

}  // namespace shop::shopctl

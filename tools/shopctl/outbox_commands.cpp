#include "shopctl/outbox_commands.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "events/cloud_event.hpp"
#include "platform/text/ascii.hpp"
#include "platform/text/rfc3339.hpp"
#include "relay/outbox_batch.hpp"
#include "shopctl/exit_codes.hpp"
#include "shopctl/table.hpp"

namespace shop::shopctl {
namespace {

constexpr const char* kStatusSql =
    "SELECT count(*) FILTER (WHERE published_at IS NULL AND parked_at IS NULL),"
    " COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE published_at IS NULL"
    " AND parked_at IS NULL)), -1)::bigint,"
    " count(*) FILTER (WHERE published_at > now() - interval '1 minute'),"
    " to_char(min(created_at) FILTER (WHERE published_at IS NOT NULL) AT TIME ZONE 'UTC',"
    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
    " count(*) FILTER (WHERE published_at IS NULL AND parked_at IS NOT NULL)"
    " FROM outbox";

// Retained, already published rows matching the filter; a NULL parameter matches everything.
constexpr const char* kRepublishSql =
    "SELECT id, topic, key, payload::text, headers::text FROM outbox"
    " WHERE published_at IS NOT NULL"
    " AND ($1::timestamptz IS NULL OR created_at >= $1::timestamptz)"
    " AND ($2::uuid IS NULL OR event_id = $2::uuid)"
    " AND ($3::text IS NULL OR event_type = $3::text)"
    " ORDER BY id";

std::string ConnectSentence(const std::string& service, const std::exception& error) {
  return "cannot connect to the " + service + " database: " + OneLine(error.what());
}

}  // namespace

std::vector<ServiceDatabase> ResolveDatabases(const std::optional<std::string>& service,
                                              const std::optional<std::string>& database_url,
                                              const Getenv& getenv) {
  if (service) {
    if (std::find(kServices.begin(), kServices.end(), *service) == kServices.end()) {
      throw UsageError("unknown service " + *service +
                       " (auth, category, product, cart, order, payment or delivery)");
    }
    if (database_url) {
      return {{*service, *database_url}};
    }
    const std::string variable = "SHOP_" + text::ToUpperAscii(*service) + "_DATABASE_URL";
    if (const auto url = getenv(variable)) {
      return {{*service, *url}};
    }
    throw UsageError("no database URL for " + *service + "; set " + variable +
                     " or pass --database-url");
  }
  if (database_url) {
    throw UsageError("--database-url needs --service");
  }
  std::vector<ServiceDatabase> databases;
  for (const std::string& name : kServices) {
    if (const auto url = getenv("SHOP_" + text::ToUpperAscii(name) + "_DATABASE_URL")) {
      databases.push_back({name, *url});
    }
  }
  if (databases.empty()) {
    throw UsageError(
        "no service database configured; set SHOP_<SERVICE>_DATABASE_URL (e.g. "
        "SHOP_CATEGORY_DATABASE_URL) or pass --service and --database-url");
  }
  return databases;
}

int ReadEachOutbox(
    const std::vector<ServiceDatabase>& databases, std::ostream& err,
    const std::function<void(const ServiceDatabase&, pqxx::read_transaction&)>& read) {
  std::size_t failures = 0;
  for (const ServiceDatabase& db : databases) {
    try {
      pqxx::connection connection(db.url);
      pqxx::read_transaction txn(connection);
      read(db, txn);
    } catch (const pqxx::broken_connection& e) {
      ++failures;
      err << "shopctl: " << ConnectSentence(db.service, e) << '\n';
    } catch (const pqxx::sql_error& e) {
      ++failures;
      err << "shopctl: cannot read the outbox of " << db.service << ": " << OneLine(e.what())
          << '\n';
    }
  }
  if (failures == 0) {
    return 0;
  }
  return failures == databases.size() ? static_cast<int>(ExitCode::kCannotConnect)
                                      : static_cast<int>(ExitCode::kPartialFailure);
}

int OutboxStatus(const std::vector<ServiceDatabase>& databases, bool json, std::ostream& out,
                 std::ostream& err) {
  std::vector<TableRow> rows;
  const int result =
      ReadEachOutbox(databases, err, [&](const ServiceDatabase& db, pqxx::read_transaction& txn) {
        const pqxx::row row = txn.exec1(kStatusSql);
        const auto pending = row[0].as<std::int64_t>();
        const auto oldest_age = row[1].as<std::int64_t>();
        const auto last_minute = row[2].as<std::int64_t>();
        const std::string horizon = row[3].is_null() ? "-" : row[3].as<std::string>();
        const auto parked = row[4].as<std::int64_t>();
        if (json) {
          out << nlohmann::json{{"service", db.service},
                                {"pending", pending},
                                {"parked", parked},
                                {"oldest_pending_age_s",
                                 oldest_age >= 0 ? nlohmann::json(oldest_age) : nullptr},
                                {"published_last_minute", last_minute},
                                {"retention_horizon", row[3].is_null() ? nlohmann::json(nullptr)
                                                                       : nlohmann::json(horizon)}}
                     .dump()
              << '\n';
        }
        rows.push_back({db.service, std::to_string(pending),
                        oldest_age >= 0 ? FormatAge(std::chrono::seconds(oldest_age)) : "-",
                        std::to_string(parked), std::to_string(last_minute), horizon});
      });
  if (!json) {
    out << FormatTable({"SERVICE", "PENDING", "OLDEST PENDING", "PARKED", "PUBLISHED LAST MIN",
                        "RETENTION HORIZON"},
                       rows);
  }
  return result;
}

int OutboxRepublish(const KafkaSettings& kafka, const ServiceDatabase& database,
                    const RepublishFilter& filter, bool dry_run, std::ostream& out) {
  std::vector<relay::OutboxRow> rows;
  try {
    pqxx::connection connection(database.url);
    pqxx::read_transaction txn(connection);
    const std::optional<std::string> since =
        filter.since ? std::optional(text::FormatRfc3339Utc(*filter.since)) : std::nullopt;
    for (const pqxx::row& row :
         txn.exec_params(kRepublishSql, since, filter.event_id, filter.type)) {
      rows.push_back({.id = row[0].as<std::int64_t>(),
                      .topic = row[1].as<std::string>(),
                      .key = row[2].as<std::string>(),
                      .payload = row[3].as<std::string>(),
                      .headers = row[4].as<std::string>()});
    }
  } catch (const pqxx::broken_connection& e) {
    throw ConnectError(ConnectSentence(database.service, e));
  } catch (const pqxx::data_exception& e) {
    throw UsageError("the database refused the filter: " + OneLine(e.what()));
  }
  std::vector<events::KafkaMessage> messages;
  for (const relay::OutboxRow& row : rows) {
    messages.push_back({.topic = row.topic,
                        .key = row.key,
                        .value = row.payload,
                        .headers = relay::HeadersFromJson(row.headers)});
  }
  if (dry_run) {
    for (const events::KafkaMessage& m : messages) {
      nlohmann::json headers = nlohmann::json::array();
      for (const auto& [name, value] : m.headers) {
        headers.push_back({name, value});
      }
      out << nlohmann::json{{"topic", m.topic},
                            {"key", m.key},
                            {"headers", headers},
                            {"value", m.value}}
                 .dump()
          << '\n';
    }
    out << "dry run, nothing sent: would republish " << messages.size() << " event(s) of "
        << database.service << '\n';
    return 0;
  }
  const KafkaClient client(kafka);  // fails fast (exit 3) when the broker is unreachable
  const std::unique_ptr<events::kafka::Producer> producer = NewShopctlProducer(kafka);
  std::size_t sent = 0, failed = 0;
  constexpr std::size_t kChunk = 500;
  for (std::size_t i = 0; i < messages.size(); i += kChunk) {
    const std::vector<events::KafkaMessage> chunk(
        messages.begin() + static_cast<std::ptrdiff_t>(i),
        messages.begin() + static_cast<std::ptrdiff_t>(std::min(i + kChunk, messages.size())));
    for (const auto& result : SendAll(*producer, chunk)) {
      result ? ++failed : ++sent;
    }
  }
  out << "republished " << sent << " event(s) of " << database.service << ", failed " << failed
      << '\n';
  return failed > 0 ? static_cast<int>(ExitCode::kPartialFailure) : 0;
}

}  // namespace shop::shopctl

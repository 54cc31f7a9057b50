#pragma once
// The `outbox` commands against the services' own databases: status (pending rows, oldest pending
// age, published in the last minute, retention horizon) and republish (re-sends retained,
// already published rows through an idempotent producer, with the relay's header conversion).
//
// Database URLs: --database-url, else SHOP_<SERVICE>_DATABASE_URL (e.g.
// SHOP_CATEGORY_DATABASE_URL); without --service, every service whose variable is set.

#include <functional>
#include <optional>
#include <ostream>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "shopctl/kafka_client.hpp"
#include "shopctl/time_arg.hpp"

namespace shop::shopctl {

inline const std::vector<std::string> kServices = {"auth",  "category", "product", "cart",
                                                   "order", "payment",  "delivery"};

struct ServiceDatabase {
  std::string service{};
  std::string url{};
};

using Getenv = std::function<std::optional<std::string>(const std::string&)>;

// Throws UsageError for an unknown service, a service without URL, or no service at all.
std::vector<ServiceDatabase> ResolveDatabases(const std::optional<std::string>& service,
                                              const std::optional<std::string>& database_url,
                                              const Getenv& getenv);

// Runs `read` in a read-only transaction on each database. A database that cannot be reached or
// read is reported on `err` ("shopctl: ...") and skipped. Returns 0, ExitCode::kPartialFailure
// when some failed, or ExitCode::kCannotConnect when all did.
int ReadEachOutbox(
    const std::vector<ServiceDatabase>& databases, std::ostream& err,
    const std::function<void(const ServiceDatabase&, pqxx::read_transaction&)>& read);

struct RepublishFilter {
  std::optional<TimePoint> since{};
  std::optional<std::string> event_id{};
  std::optional<std::string> type{};
};

int OutboxStatus(const std::vector<ServiceDatabase>& databases, bool json, std::ostream& out,
                 std::ostream& err);
int OutboxRepublish(const KafkaSettings& kafka, const ServiceDatabase& database,
                    const RepublishFilter& filter, bool dry_run, std::ostream& out);

}  // namespace shop::shopctl

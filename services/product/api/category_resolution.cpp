#include "product/api/category_resolution.hpp"

#include <algorithm>

#include "platform/http/problem.hpp"
#include "platform/logging/log.hpp"
#include "product/store/category_replica.hpp"

namespace shop::product {

CategoryRef RequireLiveCategory(pqxx::work& txn, const std::string& id) {
  return RequireLiveCategory(FindReplicaCategory(txn, id), id);
}

CategoryRef RequireLiveCategory(std::optional<ReplicaCategory> category, const std::string& id) {
  if (!category) {
    throw CategoryNotInReplica(id);
  }
  if (category->deleted) {
    throw http::Unprocessable("category " + id + " was deleted",
                              {{{"field", "category_id"}, {"message", "category was deleted"}}});
  }
  return std::move(category->ref);
}

void CategoryResolution::Unknown(const std::string& id) {
  throw http::Unprocessable("unknown category " + id,
                            {{{"field", "category_id"}, {"message", "unknown category"}}});
}

void CategoryResolution::Learn(const std::string& id, const http::Request& request) const {
  std::optional<CategoryRef> category;
  try {
    category = directory_.Fetch(id, request);
  } catch (const http::UpstreamUnavailable& error) {
    logging::Warn(
        "category_owner_unavailable",
        {{"category_id", id}, {"request_id", request.request_id}, {"error", error.what()}});
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(error.retry_after()).count();
    throw http::ServiceUnavailable(
        "category " + id + " is not known here yet and category-service cannot be reached; " +
            "try again later",
        static_cast<unsigned>(std::max<long long>(1, seconds)));
  }
  if (!category) {
    Unknown(id);
  }
  pool_.WithTransaction([&](pqxx::work& txn) { UpsertReplicaCategory(txn, *category, false); });
}

}  // namespace shop::product

#pragma once
// Writes that read another service's data from a local replica, with the owner as fallback
// (DESIGN.md section 1): product-service's categories, cart-service's products.
//
// The write transaction reads only the replica and throws NotInReplica when the replica has never
// heard of the referenced row (typically its created event is still on its way). The transaction
// is abandoned (no transaction or connection is held across a remote call), the owner is asked,
// what it knows is stored in the replica by the consumer's versioned upsert, and the write runs
// once more. The owner has no such row -> 422; the owner cannot answer -> 503 with Retry-After.

#include <optional>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string>

#include "platform/db/pool.hpp"
#include "platform/http/message.hpp"
#include "platform/http/owner_client.hpp"

namespace shop::http {

// `kind` names the row ("category"); the request field is `<kind>_id` and the owner
// `<kind>-service`.
class NotInReplica : public std::runtime_error {
 public:
  NotInReplica(std::string kind, std::string id)
      : std::runtime_error(kind + " " + id + " is not in the replica"),
        kind_(std::move(kind)),
        id_(std::move(id)) {}
  const std::string& kind() const { return kind_; }
  const std::string& id() const { return id_; }

 private:
  std::string kind_;
  std::string id_;
};

// 422 naming the `<kind>_id` field: the owner has no such row.
[[noreturn]] void UnknownToOwner(const NotInReplica& miss);
// 503 with Retry-After: the owner could not answer `request`'s question about `miss`.
[[noreturn]] void OwnerUnreachable(const NotInReplica& miss, const UpstreamUnavailable& error,
                                   const Request& request);

// Runs `write` in a transaction of `pool`; after a NotInReplica, asks the owner with
// `fetch(id)` (an optional row; throws UpstreamUnavailable), stores a found row with
// `store(txn, row)` in a transaction of its own, and runs `write` once more.
template <typename Write, typename Fetch, typename Store>
auto WriteWithReplicaFallback(db::ConnectionPool& pool, const Request& request, Write&& write,
                              Fetch&& fetch, Store&& store) {
  try {
    return pool.WithTransaction(write);
  } catch (const NotInReplica& miss) {
    auto found = [&] {
      try {
        return fetch(miss.id());
      } catch (const UpstreamUnavailable& error) {
        OwnerUnreachable(miss, error, request);
      }
    }();
    if (!found) {
      UnknownToOwner(miss);
    }
    pool.WithTransaction([&](pqxx::work& txn) { store(txn, *found); });
  }
  try {
    return pool.WithTransaction(write);
  } catch (const NotInReplica& miss) {
    UnknownToOwner(miss);  // cannot happen after a stored answer: replica rows are never removed
  }
}

}  // namespace shop::http

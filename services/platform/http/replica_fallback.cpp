#include "platform/http/replica_fallback.hpp"

#include <algorithm>

#include "platform/http/problem.hpp"
#include "platform/logging/log.hpp"

namespace shop::http {

void UnknownToOwner(const NotInReplica& miss) {
  throw Unprocessable("unknown " + miss.kind() + " " + miss.id(),
                      {{{"field", miss.kind() + "_id"}, {"message", "unknown " + miss.kind()}}});
}

void OwnerUnreachable(const NotInReplica& miss, const UpstreamUnavailable& error,
                      const Request& request) {
  logging::Warn(miss.kind() + "_owner_unavailable", {{miss.kind() + "_id", miss.id()},
                                                     {"request_id", request.request_id},
                                                     {"error", error.what()}});
  const auto seconds = std::chrono::ceil<std::chrono::seconds>(error.retry_after()).count();
  throw ServiceUnavailable(miss.kind() + " " + miss.id() + " is not known here yet and " +
                               miss.kind() + "-service cannot be reached; try again later",
                           static_cast<unsigned>(std::max<long long>(1, seconds)));
}

}  // namespace shop::http

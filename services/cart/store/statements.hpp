#pragma once
// Every prepared statement of cart-service's store (carts, promo codes, replicas): what its
// connection pool prepares, in the service and in tests that run its routes or consumers.

#include <vector>

#include "platform/db/pool.hpp"

namespace shop::cart {

std::vector<db::PreparedStatement> CartServiceStatements();

}  // namespace shop::cart

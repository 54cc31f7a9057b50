#include "cart/store/statements.hpp"

#include "cart/store/cart_store.hpp"
#include "cart/store/promo_store.hpp"
#include "cart/store/replicas.hpp"

namespace shop::cart {

std::vector<db::PreparedStatement> CartServiceStatements() {
  std::vector<db::PreparedStatement> statements;
  for (const auto* group : {&CartStatements(), &PromoStatements(), &ReplicaStatements()}) {
    statements.insert(statements.end(), group->begin(), group->end());
  }
  return statements;
}

}  // namespace shop::cart

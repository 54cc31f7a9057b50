#include "cart_sync_fixture.hpp"

#include "cart/migrations.hpp"
#include "cart/store/statements.hpp"

namespace shop::cart::testing {

void CartSyncFixture::SetUp() {
  ASSERT_NO_FATAL_FAILURE(OpenDatabase({.database_prefix = "cart_sync_it",
                                        .group_prefix = "cart-it",
                                        .migrations = cart::Migrations(),
                                        .statements = CartServiceStatements()}));
}

}  // namespace shop::cart::testing

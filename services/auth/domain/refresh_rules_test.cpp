#include "auth/domain/refresh_rules.hpp"

#include <gtest/gtest.h>

namespace shop::auth_service {
namespace {

TEST(DecideRefresh, AFreshTokenRotates) { EXPECT_EQ(DecideRefresh({}), RefreshVerdict::kRotate); }

TEST(DecideRefresh, AUsedTokenIsReuseEvenWhenExpired) {
  EXPECT_EQ(DecideRefresh({.expired = false, .used = true, .revoked = false}),
            RefreshVerdict::kReuseDetected);
  EXPECT_EQ(DecideRefresh({.expired = true, .used = true, .revoked = false}),
            RefreshVerdict::kReuseDetected);
}

TEST(DecideRefresh, ExpiredOrRevokedTokensAreRejected) {
  EXPECT_EQ(DecideRefresh({.expired = true, .used = false, .revoked = false}),
            RefreshVerdict::kRejected);
  EXPECT_EQ(DecideRefresh({.expired = false, .used = false, .revoked = true}),
            RefreshVerdict::kRejected);
  EXPECT_EQ(DecideRefresh({.expired = false, .used = true, .revoked = true}),
            RefreshVerdict::kRejected);
}

}  // namespace
}  // namespace shop::auth_service

#include "auth/domain/refresh_rules.hpp"

namespace shop::auth_service {

RefreshVerdict DecideRefresh(const RefreshTokenState& token) {
  if (token.revoked) {
    return RefreshVerdict::kRejected;
  }
  if (token.used) {
    return RefreshVerdict::kReuseDetected;
  }
  if (token.expired) {
    return RefreshVerdict::kRejected;
  }
  return RefreshVerdict::kRotate;
}

}  // namespace shop::auth_service

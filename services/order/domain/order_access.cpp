#include "order/domain/order_access.hpp"

namespace shop::order {

bool IsAdmin(const Caller& caller) { return caller.role == "admin"; }

bool MaySee(const Caller& caller, const std::string& owner_id) {
  return caller.user_id == owner_id || IsAdmin(caller);
}

std::optional<OrderInput> CancelInput(const Caller& caller, const std::string& owner_id) {
  if (caller.user_id == owner_id) {
    return OrderInput::kCustomerCancel;
  }
  if (IsAdmin(caller)) {
    return OrderInput::kAdminCancel;
  }
  return std::nullopt;
}

SalesScope SalesScopeOf(const Caller& caller, std::optional<std::string_view> requested) {
  if (IsAdmin(caller)) {
    return {.seller_id = requested ? std::string(*requested) : caller.user_id, .refusal = {}};
  }
  if (caller.role != "seller") {
    return {.seller_id = std::nullopt, .refusal = "only sellers and admins list sales"};
  }
  if (requested && *requested != caller.user_id) {
    return {.seller_id = std::nullopt, .refusal = "sellers list only their own sales"};
  }
  return {.seller_id = caller.user_id, .refusal = {}};
}

}  // namespace shop::order

#pragma once
// Who may see and move an order (zero trust: checked here even behind the gateway). Pure: the
// caller's verified identity comes from the access token.
//
// - An order is seen (GET) and cancelled by its owner and by admins. Anyone else gets 404, never
//   403: whether an order exists is the owner's business (no BOLA, no probing).
// - Sellers list the orders that contain their products, with only their own lines; admins may
//   list any seller's (?seller_id=), by default their own; customers none (403).

#include <optional>
#include <string>
#include <string_view>

#include "order/domain/order_machine.hpp"

namespace shop::order {

struct Caller {
  std::string user_id;
  std::string role;  // customer, seller or admin
};

bool IsAdmin(const Caller& caller);
// The owner or an admin.
bool MaySee(const Caller& caller, const std::string& owner_id);
// The input a cancellation by `caller` is: the owner's own (kCustomerCancel, whatever their role),
// an admin's (kAdminCancel), or nullopt when the caller may not see the order (404).
std::optional<OrderInput> CancelInput(const Caller& caller, const std::string& owner_id);

// Whose sales `caller` lists with ?seller_id=`requested`: the seller id, or a refusal (403).
struct SalesScope {
  std::optional<std::string> seller_id;
  std::string refusal;  // why not, when seller_id is empty
};
SalesScope SalesScopeOf(const Caller& caller, std::optional<std::string_view> requested);

}  // namespace shop::order

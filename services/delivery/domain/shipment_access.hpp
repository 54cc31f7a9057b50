#pragma once
// Who may see and move a shipment (zero trust: checked here even behind the gateway). Pure: the
// caller's verified identity comes from the access token.
//
// - A shipment is seen by its order's customer (the user of order.confirmed), by couriers and by
//   admins. Anyone else gets 404, never 403: whether an order has a shipment is its owner's
//   business.
// - Couriers and admins list shipments and record tracking steps (403 for everyone else, before
//   the shipment is looked up). Any courier may move any shipment: the shop does not assign
//   rounds (yet).
// - Staff also see who recorded each step (by_user); the customer sees only the role.

#include <string>

namespace shop::delivery {

struct Caller {
  std::string user_id;
  std::string role;  // customer, seller, courier or admin
};

// A courier or an admin.
bool IsStaff(const Caller& caller);
// The shipment's customer or staff.
bool MaySee(const Caller& caller, const std::string& customer_id);

}  // namespace shop::delivery

#include "delivery/domain/shipment_access.hpp"

namespace shop::delivery {

bool IsStaff(const Caller& caller) { return caller.role == "courier" || caller.role == "admin"; }

bool MaySee(const Caller& caller, const std::string& customer_id) {
  return IsStaff(caller) || caller.user_id == customer_id;
}

}  // namespace shop::delivery

#pragma once
// The parts of user.*, category.* and product.* event data that cart-service keeps in its replicas
// (schemas/events/<type>/v1.json). Pure functions: no database, no Kafka.
//
// Each parser throws std::invalid_argument naming the problem when `data` is not a JSON object or a
// required field is missing or of the wrong type. The consumer runtime classifies that as a
// permanent failure, so such an event ends in `<group>.dlq` (events/consumer/error_classification).
// Unknown properties are ignored (changes within v1 are additive).

#include <string>
#include <string_view>

namespace shop::cart {

// user.created / user.updated: the user's full state.
struct UserState {
  std::string id{};
  std::string email{};
  std::string name{};  // "" when the event's name is null
  std::string role{};
  long long version = 0;
};

// user.deleted, product.deleted (only id and version are required there).
struct Deletion {
  std::string id{};
  long long version = 0;
};

// category.created / updated / deleted.
struct CategoryState {
  std::string id{};
  std::string name{};
  long long version = 0;
};

// product.created / updated, and the last state a product.deleted may carry.
struct ProductState {
  std::string id{};
  std::string name{};
  std::string price{};  // normalised to two fraction digits, "19.90"
  long long stock = 0;
  std::string category_id{};
  std::string category_name{};
  long long version = 0;
};

// Requires a UUID id, a string email, a string or null name, a string role, a positive version.
UserState ParseUserState(std::string_view data);
// Requires a UUID id and a positive version.
Deletion ParseUserDeletion(std::string_view data);
// Requires a UUID id, a non-empty string name and a positive version.
CategoryState ParseCategoryState(std::string_view data);
// Requires a UUID id, a non-empty name, a price string ("19.90": no sign, two fraction digits at
// most, fits numeric(12,2)), an integer stock in [0, 2^31), a UUID category_id, a string
// category_name and a positive version.
ProductState ParseProductState(std::string_view data);
// Requires a UUID id and a positive version. The other fields of ParseProductState are optional
// here; those present must be well-formed, those absent stay empty (stock 0). A caller can tell a
// complete last state by non-empty name, price and category_id.
ProductState ParseProductDeletion(std::string_view data);

}  // namespace shop::cart

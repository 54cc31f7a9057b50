#include "cart/domain/replica_rows.hpp"

#include <cstdint>
#include <limits>
#include <stdexcept>

#include "cart/domain/money.hpp"
#include "events/catalog/payload_json.hpp"

namespace shop::cart {
namespace {

constexpr std::int64_t kMaxStock = std::numeric_limits<std::int32_t>::max();  // integer column

// `row` with its price in the replica's form, after the replica's limits.
ReplicaProduct Checked(ReplicaProduct row) {
  const std::optional<Money> price = Money::Parse(row.price);
  if (!price) {
    throw std::invalid_argument("product " + row.id + " has a price " + row.price +
                                " that is not a non-negative amount of at most 10 integer digits");
  }
  row.price = price->ToString();
  if (row.stock > kMaxStock) {
    throw std::invalid_argument("product " + row.id + " has a stock over " +
                                std::to_string(kMaxStock));
  }
  return row;
}

}  // namespace

ReplicaProduct ProductRow(const events::ProductState& product) {
  return Checked({.id = product.id,
                  .name = product.name,
                  .price = product.price,
                  .stock = product.stock,
                  .category_id = product.category_id,
                  .category_name = product.category_name,
                  .version = product.version,
                  .deleted = false,
                  .seller_id = product.seller_id});
}

std::optional<ReplicaProduct> LastProductRow(const events::ProductDeleted& deletion) {
  if (!deletion.HasLastState()) {
    return std::nullopt;
  }
  return Checked({.id = deletion.id,
                  .name = *deletion.name,
                  .price = *deletion.price,
                  .stock = *deletion.stock,
                  .category_id = *deletion.category_id,
                  .category_name = *deletion.category_name,
                  .version = deletion.version,
                  .deleted = true,
                  .seller_id = deletion.seller_id});
}

ReplicaProduct ParseProductBody(std::string_view body) {
  const events::PayloadReader reader(body, "product-service's product body");
  return Checked({.id = reader.Uuid("id"),
                  .name = reader.NonEmptyString("name"),
                  .price = reader.Amount("price"),
                  .stock = reader.NonNegativeInteger("stock"),
                  .category_id = reader.Uuid("category_id"),
                  .category_name = reader.String("category_name"),
                  .version = reader.Version(),
                  .deleted = false,
                  .seller_id = reader.NullableUuid("seller_id")});
}

}  // namespace shop::cart

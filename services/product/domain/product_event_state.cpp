#include "product/domain/product_event_state.hpp"

namespace shop::product {

events::ProductState EventState(const Product& p) {
  return {.id = p.id,
          .name = p.name,
          .description = p.description,
          .price = p.price,
          .stock = p.stock,
          .category_id = p.category_id,
          .category_name = p.category_name,
          .seller_id = p.seller_id,
          .version = p.version};
}

}  // namespace shop::product

#pragma once
// The product as its events carry it (events/catalog/product_events.hpp): built from the domain
// object, never from a REST body. Used by the routes and by the stock reservation consumer.

#include "events/catalog/product_events.hpp"
#include "product/domain/product.hpp"

namespace shop::product {

// `product` with its version after the change.
events::ProductState EventState(const Product& product);

}  // namespace shop::product

#pragma once
// HTTP surface of product-service:
//   POST   /api/products       {name, description?, price: "12.50", stock, category_id}
//                              -> 201 + Location | 422 invalid field or unknown/deleted category
//                              | 503 category not in the replica and category-service down
//   GET    /api/products?category_id=&q=&limit=1..100 (20)&cursor=
//                              -> 200 {items: [...], next_cursor: string|null}, ordered by id
//   GET    /api/products/{id}  -> 200 | 404
//   PATCH  /api/products/{id}  {name?, description? (null clears), price?, stock?, category_id?}
//                              -> 200 (version + 1; unchanged when nothing changes) | 404 | 422
//   DELETE /api/products/{id}  -> 204 | 404
// Writes need a valid access token (401) and a role (403, domain/product_access.hpp): admins any
// product, sellers their own (seller_id = the creator). Reads are public.
// Each change writes product.created/updated/deleted to the outbox in its own transaction.

#include <memory>

#include "platform/auth/bearer_auth.hpp"
#include "platform/http/router.hpp"
#include "platform/service/service_main.hpp"
#include "product/remote/category_directory.hpp"

namespace shop::product {

// `categories` (asked on a replica miss, api/category_resolution.hpp) and `authenticator` must
// outlive the router.
void AddProductRoutes(http::Router& router, service::ServiceContext& context,
                      CategoryDirectory& categories, const auth::Authenticator& authenticator);

}  // namespace shop::product

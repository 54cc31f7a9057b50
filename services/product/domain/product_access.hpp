#pragma once
// Who may write products (DESIGN.md section 6; zero trust: checked here even behind the gateway).
// Reads are public. Admins create, change and delete any product; sellers create products and
// change or delete the ones they created; customers write nothing. Pure: the caller supplies the
// verified identity and the product's seller.

#include <optional>
#include <string>

namespace shop::product {

struct Writer {
  std::string user_id;
  std::string role;
};

// Why `writer` may not create a product, or nullopt when allowed.
std::optional<std::string> CreateRefusal(const Writer& writer);
// Why `writer` may not change or delete a product created by `seller_id`, or nullopt.
std::optional<std::string> ChangeRefusal(const Writer& writer,
                                         const std::optional<std::string>& seller_id);

}  // namespace shop::product

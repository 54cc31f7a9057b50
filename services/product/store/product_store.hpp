#pragma once
// SQL of the products table. Every statement is prepared once per pooled connection
// (ProductStatements()); functions take the request's transaction.

#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "platform/db/pool.hpp"
#include "product/domain/product.hpp"
#include "product/domain/product_edit.hpp"

namespace shop::product {

// The statements of the products table (the replica has CategoryReplicaStatements()).
const std::vector<db::PreparedStatement>& ProductStatements();

struct NewProduct {
  std::string name;
  std::optional<std::string> description;
  std::string price;  // canonical
  long long stock = 0;
  CategoryRef category;
  std::string seller_id;  // the creator's user id
};

Product InsertProduct(pqxx::work& txn, const NewProduct& product);
// The reads take any transaction: the GET routes run their one statement without BEGIN/COMMIT
// (pqxx::nontransaction, read committed as any single statement).
std::optional<Product> FindProduct(pqxx::transaction_base& txn, const std::string& id);
// The row, locked FOR UPDATE until the transaction ends; nullopt when there is no such id.
std::optional<Product> LockProduct(pqxx::work& txn, const std::string& id);

struct ProductFilter {
  std::optional<std::string> category_id;
  std::optional<std::string> name_contains;  // case-insensitive substring of the name
  std::optional<std::string> after_id;       // keyset: only ids greater than this
  int limit = 20;
};
// Ordered by id, at most filter.limit rows.
std::vector<Product> ListProducts(pqxx::transaction_base& txn, const ProductFilter& filter);

// Writes every field of `next` (version included) and sets updated_at. `category_version` is the
// replica version of next.category_id when the category changed; it is ignored otherwise.
Product UpdateProduct(pqxx::work& txn, const Product& next, long long category_version);
// False when there is no such id.
bool DeleteProduct(pqxx::work& txn, const std::string& id);

// Stock moves of reservations (consumers/reservation_steps.hpp). Each product row changed gets
// version + 1 and updated_at, as any change of the product does.
//
// The stock of each product of `ids` that exists, every row locked FOR UPDATE until the
// transaction ends, locked one by one in the order of `ids` (callers pass ids in ascending order,
// so two callers never wait on each other in a cycle). Missing ids are absent from the result.
std::map<std::string, std::int64_t> LockStock(pqxx::work& txn, const std::vector<std::string>& ids);
// stock - quantity when the product exists with at least `quantity` units; nullopt (nothing
// changed) otherwise. The product after the change.
std::optional<Product> TakeStock(pqxx::work& txn, const std::string& id, std::int64_t quantity);
// stock + quantity; nullopt (nothing changed) when the product no longer exists.
std::optional<Product> ReturnStock(pqxx::work& txn, const std::string& id, std::int64_t quantity);

// The products of a category after a category.* event (consumers/category_sync.hpp), by the
// version rule of DESIGN.md section 5: a product whose category_version is already `version` or
// newer is left alone, so a stale or redelivered event changes nothing.
// Sets category_name and category_version.
void RenameCategoryOfProducts(pqxx::work& txn, const CategoryRef& category);
// Sets category_deleted and category_version; the products keep the category's last name.
void MarkCategoryOfProductsDeleted(pqxx::work& txn, const std::string& category_id,
                                   long long version);

}  // namespace shop::product

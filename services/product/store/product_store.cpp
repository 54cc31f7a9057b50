#include "product/store/product_store.hpp"

namespace shop::product {
namespace {

constexpr const char* kInsert = "product_insert";
constexpr const char* kFindById = "product_find_by_id";
constexpr const char* kLockById = "product_lock_by_id";
constexpr const char* kList = "product_list";
constexpr const char* kUpdate = "product_update";
constexpr const char* kDelete = "product_delete";
constexpr const char* kTakeStock = "product_take_stock";
constexpr const char* kReturnStock = "product_return_stock";
constexpr const char* kRenameCategory = "product_rename_category";
constexpr const char* kMarkCategoryDeleted = "product_mark_category_deleted";

// price::text of a numeric(12,2) always has two fraction digits: the canonical form.
constexpr const char* kColumns =
    "id::text, name, description, price::text, stock, category_id::text, category_name, version, "
    "seller_id::text";

Product ToProduct(const pqxx::row& r) {
  Product product;
  product.id = r[0].as<std::string>();
  product.name = r[1].as<std::string>();
  if (!r[2].is_null()) {
    product.description = r[2].as<std::string>();
  }
  product.price = r[3].as<std::string>();
  product.stock = r[4].as<long long>();
  product.category_id = r[5].as<std::string>();
  product.category_name = r[6].as<std::string>();
  product.version = r[7].as<long long>();
  if (!r[8].is_null()) {
    product.seller_id = r[8].as<std::string>();
  }
  return product;
}

// The product of a statement that returns at most one row.
std::optional<Product> FirstProduct(const pqxx::result& r) {
  if (r.empty()) {
    return std::nullopt;
  }
  return ToProduct(r[0]);
}

// libpqxx 6 has no std::optional parameters: an absent optional filter travels as '' and the SQL
// turns it back into NULL (NULLIF). '' is never a valid uuid or a useful name filter.
std::string OrEmpty(const std::optional<std::string>& value) { return value.value_or(""); }

}  // namespace

const std::vector<db::PreparedStatement>& ProductStatements() {
  static const std::vector<db::PreparedStatement> statements = {
      {kInsert, std::string("INSERT INTO products (name, description, price, stock, category_id, "
                            "category_name, category_version, seller_id) "
                            "VALUES ($1, $2, $3::numeric, $4, $5::uuid, $6, $7, $8::uuid) "
                            "RETURNING ") +
                    kColumns},
      {kFindById, std::string("SELECT ") + kColumns + " FROM products WHERE id = $1::uuid"},
      {kLockById,
       std::string("SELECT ") + kColumns + " FROM products WHERE id = $1::uuid FOR UPDATE"},
      {kList, std::string("SELECT ") + kColumns +
                  " FROM products"
                  " WHERE (NULLIF($1, '') IS NULL OR category_id = NULLIF($1, '')::uuid)"
                  "   AND (NULLIF($2, '') IS NULL OR strpos(lower(name), lower($2)) > 0)"
                  "   AND (NULLIF($3, '') IS NULL OR id > NULLIF($3, '')::uuid)"
                  " ORDER BY id LIMIT $4"},
      // category_version: on the right-hand side category_id is still the old value.
      {kUpdate, std::string("UPDATE products SET name = $2, description = $3, price = $4::numeric, "
                            "stock = $5, category_version = CASE WHEN category_id = $6::uuid "
                            "THEN category_version ELSE $9 END, category_id = $6::uuid, "
                            "category_name = $7, version = $8, updated_at = now() "
                            "WHERE id = $1::uuid RETURNING ") +
                    kColumns},
      {kDelete, "DELETE FROM products WHERE id = $1::uuid"},
      // `stock >= $2` keeps the stock from going below zero whatever the caller checked.
      {kTakeStock,
       std::string("UPDATE products SET stock = stock - $2, version = version + 1, "
                   "updated_at = now() WHERE id = $1::uuid AND stock >= $2 RETURNING ") +
           kColumns},
      {kReturnStock, std::string("UPDATE products SET stock = stock + $2, version = version + 1, "
                                 "updated_at = now() WHERE id = $1::uuid RETURNING ") +
                         kColumns},
      {kRenameCategory,
       "UPDATE products SET category_name = $2, category_version = $3, updated_at = now() "
       "WHERE category_id = $1::uuid AND category_version < $3"},
      {kMarkCategoryDeleted,
       "UPDATE products SET category_deleted = true, category_version = $2, updated_at = now() "
       "WHERE category_id = $1::uuid AND category_version < $2"},
  };
  return statements;
}

Product InsertProduct(pqxx::work& txn, const NewProduct& p) {
  const pqxx::result r =
      p.description
          ? txn.exec_prepared(kInsert, p.name, *p.description, p.price, p.stock, p.category.id,
                              p.category.name, p.category.version, p.seller_id)
          : txn.exec_prepared(kInsert, p.name, nullptr, p.price, p.stock, p.category.id,
                              p.category.name, p.category.version, p.seller_id);
  return ToProduct(r.at(0));
}

std::optional<Product> FindProduct(pqxx::transaction_base& txn, const std::string& id) {
  return FirstProduct(txn.exec_prepared(kFindById, id));
}

std::optional<Product> LockProduct(pqxx::work& txn, const std::string& id) {
  return FirstProduct(txn.exec_prepared(kLockById, id));
}

std::vector<Product> ListProducts(pqxx::transaction_base& txn, const ProductFilter& filter) {
  std::vector<Product> products;
  for (const pqxx::row& r :
       txn.exec_prepared(kList, OrEmpty(filter.category_id), OrEmpty(filter.name_contains),
                         OrEmpty(filter.after_id), filter.limit)) {
    products.push_back(ToProduct(r));
  }
  return products;
}

Product UpdateProduct(pqxx::work& txn, const Product& n, long long category_version) {
  const pqxx::result r =
      n.description
          ? txn.exec_prepared(kUpdate, n.id, n.name, *n.description, n.price, n.stock,
                              n.category_id, n.category_name, n.version, category_version)
          : txn.exec_prepared(kUpdate, n.id, n.name, nullptr, n.price, n.stock, n.category_id,
                              n.category_name, n.version, category_version);
  return ToProduct(r.at(0));
}

bool DeleteProduct(pqxx::work& txn, const std::string& id) {
  return txn.exec_prepared(kDelete, id).affected_rows() > 0;
}

std::map<std::string, std::int64_t> LockStock(pqxx::work& txn,
                                              const std::vector<std::string>& ids) {
  std::map<std::string, std::int64_t> stock;
  for (const std::string& id : ids) {
    if (const std::optional<Product> product = LockProduct(txn, id)) {
      stock[id] = product->stock;
    }
  }
  return stock;
}

std::optional<Product> TakeStock(pqxx::work& txn, const std::string& id, std::int64_t quantity) {
  return FirstProduct(txn.exec_prepared(kTakeStock, id, quantity));
}

std::optional<Product> ReturnStock(pqxx::work& txn, const std::string& id, std::int64_t quantity) {
  return FirstProduct(txn.exec_prepared(kReturnStock, id, quantity));
}

void RenameCategoryOfProducts(pqxx::work& txn, const CategoryRef& category) {
  txn.exec_prepared(kRenameCategory, category.id, category.name, category.version);
}

void MarkCategoryOfProductsDeleted(pqxx::work& txn, const std::string& category_id,
                                   long long version) {
  txn.exec_prepared(kMarkCategoryDeleted, category_id, version);
}

}  // namespace shop::product

#include "events/catalog/product_events.hpp"

#include "events/catalog/payload_json.hpp"

namespace shop::events {
namespace {

std::string StateJson(const ProductState& product) {
  return nlohmann::json{{"id", product.id},
                        {"name", product.name},
                        {"description", NullableJson(product.description)},
                        {"price", product.price},
                        {"stock", product.stock},
                        {"category_id", product.category_id},
                        {"category_name", product.category_name},
                        {"seller_id", NullableJson(product.seller_id)},
                        {"version", product.version}}
      .dump();
}

ProductState ReadState(std::string_view data, std::string_view type) {
  const PayloadReader reader(data, std::string(type) + " data");
  return {.id = reader.Uuid("id"),
          .name = reader.NonEmptyString("name"),
          .description = reader.NullableString("description"),
          .price = reader.Amount("price"),
          .stock = reader.NonNegativeInteger("stock"),
          .category_id = reader.Uuid("category_id"),
          .category_name = reader.String("category_name"),
          .seller_id = reader.NullableUuid("seller_id"),
          .version = reader.Version()};
}

}  // namespace

std::string ProductCreated::ToJson() const { return StateJson(*this); }
ProductCreated ProductCreated::FromJson(std::string_view data) {
  return {ReadState(data, kType.type)};
}

std::string ProductUpdated::ToJson() const { return StateJson(*this); }
ProductUpdated ProductUpdated::FromJson(std::string_view data) {
  return {ReadState(data, kType.type)};
}

ProductDeleted ProductDeleted::WithLastState(const ProductState& last) {
  return {.id = last.id,
          .version = last.version,
          .name = last.name,
          .description = last.description,
          .price = last.price,
          .stock = last.stock,
          .category_id = last.category_id,
          .category_name = last.category_name,
          .seller_id = last.seller_id};
}

bool ProductDeleted::HasLastState() const {
  return name && price && stock && category_id && category_name;
}

std::string ProductDeleted::ToJson() const {
  nlohmann::json json{{"id", id}, {"version", version}};
  PutIfSet(json, "name", name);
  PutIfSet(json, "description", description);
  PutIfSet(json, "price", price);
  PutIfSet(json, "stock", stock);
  PutIfSet(json, "category_id", category_id);
  PutIfSet(json, "category_name", category_name);
  PutIfSet(json, "seller_id", seller_id);
  return json.dump();
}

ProductDeleted ProductDeleted::FromJson(std::string_view data) {
  const PayloadReader reader(data, std::string(kType.type) + " data");
  return {.id = reader.Uuid("id"),
          .version = reader.Version(),
          .name = reader.Optional("name", &PayloadReader::NonEmptyString),
          .description = reader.NullableString("description"),
          .price = reader.Optional("price", &PayloadReader::Amount),
          .stock = reader.Optional("stock", &PayloadReader::NonNegativeInteger),
          .category_id = reader.Optional("category_id", &PayloadReader::Uuid),
          .category_name = reader.Optional("category_name", &PayloadReader::String),
          .seller_id = reader.NullableUuid("seller_id")};
}

}  // namespace shop::events

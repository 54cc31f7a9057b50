#include "events/catalog/category_events.hpp"

#include "events/catalog/payload_json.hpp"

namespace shop::events {
namespace {

std::string StateJson(const CategoryState& category) {
  return nlohmann::json{{"id", category.id},
                        {"name", category.name},
                        {"slug", category.slug},
                        {"parent_id", NullableJson(category.parent_id)},
                        {"version", category.version}}
      .dump();
}

CategoryState ReadState(std::string_view data, std::string_view type) {
  const PayloadReader reader(data, std::string(type) + " data");
  return {.id = reader.Uuid("id"),
          .name = reader.NonEmptyString("name"),
          .slug = reader.String("slug"),
          .parent_id = reader.UuidOrNull("parent_id"),
          .version = reader.Version()};
}

}  // namespace

std::string CategoryCreated::ToJson() const { return StateJson(*this); }
CategoryCreated CategoryCreated::FromJson(std::string_view data) {
  return {ReadState(data, kType.type)};
}

std::string CategoryUpdated::ToJson() const { return StateJson(*this); }
CategoryUpdated CategoryUpdated::FromJson(std::string_view data) {
  return {ReadState(data, kType.type)};
}

CategoryDeleted CategoryDeleted::WithLastState(const CategoryState& last) {
  return {.id = last.id,
          .name = last.name,
          .version = last.version,
          .slug = last.slug,
          .parent_id = last.parent_id};
}

std::string CategoryDeleted::ToJson() const {
  nlohmann::json json{{"id", id}, {"name", name}, {"version", version}};
  PutIfSet(json, "slug", slug);
  PutIfSet(json, "parent_id", parent_id);
  return json.dump();
}

CategoryDeleted CategoryDeleted::FromJson(std::string_view data) {
  const PayloadReader reader(data, std::string(kType.type) + " data");
  return {.id = reader.Uuid("id"),
          .name = reader.NonEmptyString("name"),
          .version = reader.Version(),
          .slug = reader.Optional("slug", &PayloadReader::String),
          .parent_id = reader.NullableUuid("parent_id")};
}

}  // namespace shop::events

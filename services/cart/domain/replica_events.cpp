#include "cart/domain/replica_events.hpp"

#include <simdjson.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>

#include "cart/domain/money.hpp"
#include "platform/text/uuid.hpp"

namespace shop::cart {
namespace {

using text::IsUuid;

// One event's data: typed access to its fields, with errors that name the event and the field.
class EventData {
 public:
  EventData(std::string_view data, std::string_view what) : what_(what) {
    if (parser_.parse(data.data(), data.size()).get(root_) != simdjson::SUCCESS ||
        !root_.is_object()) {
      throw std::invalid_argument(what_ + " event data is not a JSON object");
    }
  }

  bool Has(const char* field) const { return root_[field].error() == simdjson::SUCCESS; }

  std::string String(const char* field) const {
    std::string_view text;
    if (root_[field].get(text) != simdjson::SUCCESS) {
      Fail("has no string " + std::string(field));
    }
    return std::string(text);
  }

  std::string NonEmptyString(const char* field) const {
    std::string text = String(field);
    if (text.empty()) {
      Fail("has an empty " + std::string(field));
    }
    return text;
  }

  std::string StringOrNull(const char* field) const {
    if (root_[field].is_null()) {
      return {};
    }
    return String(field);
  }

  std::string Uuid(const char* field) const {
    std::string text = String(field);
    if (!IsUuid(text)) {
      Fail("has a " + std::string(field) + " that is not a UUID");
    }
    return text;
  }

  long long Integer(const char* field, std::int64_t min, std::int64_t max) const {
    std::int64_t value = 0;
    if (root_[field].get(value) != simdjson::SUCCESS || value < min || value > max) {
      Fail("has no integer " + std::string(field) + " in [" + std::to_string(min) + ", " +
           std::to_string(max) + "]");
    }
    return value;
  }

  long long Version() const {
    return Integer("version", 1, std::numeric_limits<std::int64_t>::max());
  }

  std::string Price() const {
    const std::optional<Money> price = Money::Parse(String("price"));
    if (!price) {
      Fail("has a price that is not a non-negative amount with at most two decimals");
    }
    return price->ToString();
  }

 private:
  [[noreturn]] void Fail(const std::string& problem) const {
    throw std::invalid_argument(what_ + " event data " + problem);
  }

  std::string what_;
  simdjson::dom::parser parser_;
  simdjson::dom::element root_;
};

constexpr std::int64_t kMaxStock = std::numeric_limits<std::int32_t>::max();  // integer column

}  // namespace

UserState ParseUserState(std::string_view data) {
  const EventData event(data, "user");
  return {.id = event.Uuid("id"),
          .email = event.String("email"),
          .name = event.StringOrNull("name"),
          .role = event.String("role"),
          .version = event.Version()};
}

Deletion ParseUserDeletion(std::string_view data) {
  const EventData event(data, "user.deleted");
  return {.id = event.Uuid("id"), .version = event.Version()};
}

CategoryState ParseCategoryState(std::string_view data) {
  const EventData event(data, "category");
  return {.id = event.Uuid("id"), .name = event.NonEmptyString("name"), .version = event.Version()};
}

ProductState ParseProductState(std::string_view data) {
  const EventData event(data, "product");
  return {.id = event.Uuid("id"),
          .name = event.NonEmptyString("name"),
          .price = event.Price(),
          .stock = event.Integer("stock", 0, kMaxStock),
          .category_id = event.Uuid("category_id"),
          .category_name = event.String("category_name"),
          .version = event.Version()};
}

ProductState ParseProductDeletion(std::string_view data) {
  const EventData event(data, "product.deleted");
  ProductState last{.id = event.Uuid("id"), .version = event.Version()};
  if (event.Has("name")) {
    last.name = event.NonEmptyString("name");
  }
  if (event.Has("price")) {
    last.price = event.Price();
  }
  if (event.Has("stock")) {
    last.stock = event.Integer("stock", 0, kMaxStock);
  }
  if (event.Has("category_id")) {
    last.category_id = event.Uuid("category_id");
  }
  if (event.Has("category_name")) {
    last.category_name = event.String("category_name");
  }
  return last;
}

}  // namespace shop::cart

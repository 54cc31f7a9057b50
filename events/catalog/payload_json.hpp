#pragma once
// Reading and writing the JSON `data` of catalogue events: the one place where the field rules
// the schemas share (UUIDs, decimal amounts, versions, nullable members) are checked.

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "events/catalog/event_type.hpp"

namespace shop::events {

// "-12.50", "0.00", "19.90": an optional minus, digits, a dot and exactly two digits, as the
// schemas' amount pattern ^-?\d+\.\d{2}$ says (prices, line totals, discounts).
bool IsDecimalAmount(std::string_view text);

// The members of one JSON object of an event's data, read by name with the schemas' rules. Every
// failure throws PayloadError (a std::invalid_argument) naming the object and the member. Unknown
// members are ignored (changes within a schema version are additive). Not thread-safe; one reader
// per document.
//
// Services also read the owner's REST bodies of their replica fallbacks with it (their own member
// lists, not an event's): it is the project's checked JSON reader whose errors are
// std::invalid_argument, as http::OwnerClient expects, where http::JsonBody answers a client.
class PayloadReader {
 public:
  // Parses `data`; throws PayloadError when it is not a JSON object. `what` names the document in
  // messages: "product.created data" gives "product.created data has no string price".
  PayloadReader(std::string_view data, std::string_view what);
  ~PayloadReader();
  PayloadReader(PayloadReader&&) noexcept;
  PayloadReader(const PayloadReader&) = delete;
  PayloadReader& operator=(const PayloadReader&) = delete;
  PayloadReader& operator=(PayloadReader&&) = delete;

  // Present, with any value (null included).
  bool Has(const char* member) const;

  std::string String(const char* member) const;
  std::string NonEmptyString(const char* member) const;
  // A string of `min_chars` to `max_chars` code points (the schemas' minLength and maxLength).
  std::string StringOfLength(const char* member, std::size_t min_chars,
                             std::size_t max_chars) const;
  // Absent or null: nullopt. Otherwise a string.
  std::optional<std::string> NullableString(const char* member) const;
  // Required but nullable: null is nullopt, absence fails.
  std::optional<std::string> StringOrNull(const char* member) const;
  // A UUID (8-4-4-4-12 hex digits).
  std::string Uuid(const char* member) const;
  // Absent or null: nullopt. Otherwise a UUID.
  std::optional<std::string> NullableUuid(const char* member) const;
  // Required but nullable: null is nullopt, absence fails.
  std::optional<std::string> UuidOrNull(const char* member) const;
  // A string containing '@', at least 3 characters (the schemas' format: email).
  std::string Email(const char* member) const;
  // A decimal amount string (IsDecimalAmount); never a JSON number.
  std::string Amount(const char* member) const;
  // An integer (not a float, not a string) in [min, max].
  std::int64_t Integer(const char* member, std::int64_t min, std::int64_t max) const;
  std::int64_t NonNegativeInteger(const char* member) const;
  // `version`: an integer >= 1, the aggregate's version after the change.
  std::int64_t Version() const;
  // A string equal to one of `allowed`.
  std::string OneOf(const char* member, std::span<const std::string_view> allowed) const;

  // Absent: nullopt; otherwise `read` (a member function above), which rejects null unless it
  // allows it. For the last known values a deletion may carry.
  template <typename T>
  std::optional<T> Optional(const char* member, T (PayloadReader::*read)(const char*) const) const {
    if (!Has(member)) {
      return std::nullopt;
    }
    return (this->*read)(member);
  }

  // The object `member`, read with the same rules; its messages name the member ("shipping_address
  // has no string city"). Valid only while this reader lives.
  PayloadReader Object(const char* member) const;

  // Throws PayloadError naming the object: for a rule of one event type that the members above
  // do not cover ("has a country that is not two upper-case letters").
  [[noreturn]] void Fail(const std::string& problem) const;

  // Calls `each(const PayloadReader& item)` for every element of the array `member`, which must
  // hold at least `min_items` objects.
  template <typename Each>
  void ForEachObject(const char* member, std::size_t min_items, Each each) const {
    for (simdjson::dom::element item : Array(member, min_items)) {
      each(PayloadReader(item, what_, std::string(member) + "[] "));
    }
  }

 private:
  PayloadReader(simdjson::dom::element object, std::string what, std::string path);
  simdjson::dom::array Array(const char* member, std::size_t min_items) const;

  std::unique_ptr<simdjson::dom::parser> parser_;  // owns the document; null in nested readers
  simdjson::dom::element root_;
  std::string what_;  // "product.created data"
  std::string path_;  // "" for the document, "lines[] " for an element of its array `lines`
};

// JSON null for nullopt, the string otherwise: for the schemas' nullable members.
nlohmann::json NullableJson(const std::optional<std::string>& value);

// Adds `member` to `object` only when `value` is set: for the optional members of deletions.
template <typename T>
void PutIfSet(nlohmann::json& object, const char* member, const std::optional<T>& value) {
  if (value) {
    object[member] = *value;
  }
}

}  // namespace shop::events

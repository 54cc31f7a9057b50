#pragma once
// Pure rules for categories: name normalisation and validation, slugs, id syntax.

#include <optional>
#include <string>
#include <string_view>

#include "platform/text/uuid.hpp"

namespace shop::category {

inline constexpr std::size_t kMaxNameLength = 100;  // in Unicode code points

// Trims ASCII whitespace and collapses inner runs of whitespace to one space.
std::string NormalizeName(std::string_view raw);

// Why `name` (already normalised) is not acceptable, or nullopt when it is.
std::optional<std::string> NameViolation(std::string_view name);

// "Home & Garden" -> "home-garden": ASCII letters and digits lower-cased, every other run of
// ASCII characters becomes one '-', non-ASCII UTF-8 bytes are kept as they are.
std::string Slugify(std::string_view name);

// Ids are checked with the platform's UUID shape test.
using text::IsUuid;

}  // namespace shop::category

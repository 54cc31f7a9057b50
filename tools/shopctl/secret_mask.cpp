#include "shopctl/secret_mask.hpp"

#include <nlohmann/json.hpp>

namespace shop::shopctl {
namespace {

constexpr std::string_view kSecretMember = "token";

// Replaces every `token` member below `value`; true when there was one.
bool Mask(nlohmann::json& value) {
  bool masked = false;
  if (value.is_object()) {
    for (auto& [name, member] : value.items()) {
      if (name == kSecretMember) {
        member = kMaskedSecret;
        masked = true;
      } else {
        masked = Mask(member) || masked;
      }
    }
  } else if (value.is_array()) {
    for (nlohmann::json& item : value) {
      masked = Mask(item) || masked;
    }
  }
  return masked;
}

std::string Dump(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string NotJson(std::string_view value) {
  if (value.find(kSecretMember) != std::string_view::npos) {
    return "<" + std::to_string(value.size()) +
           " bytes, not JSON, not shown: they may hold a token>";
  }
  return std::string(value);
}

}  // namespace

std::string MaskedPayload(std::string_view value) {
  nlohmann::json parsed = nlohmann::json::parse(value, nullptr, false);
  if (parsed.is_discarded()) {
    return NotJson(value);
  }
  Mask(parsed);
  return Dump(parsed, 2);
}

std::string MaskedValue(std::string_view value) {
  nlohmann::json parsed = nlohmann::json::parse(value, nullptr, false);
  if (parsed.is_discarded()) {
    return NotJson(value);
  }
  return Mask(parsed) ? Dump(parsed, -1) : std::string(value);
}

}  // namespace shop::shopctl

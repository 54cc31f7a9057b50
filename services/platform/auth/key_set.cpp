#include "platform/auth/key_set.hpp"

#include <stdexcept>

#include "platform/auth/base64url.hpp"
#include "platform/auth/es256.hpp"

namespace shop::auth {
namespace {

bool MemberIs(const nlohmann::json& jwk, const char* name, std::string_view expected) {
  const auto it = jwk.find(name);
  return it != jwk.end() && it->is_string() && it->get_ref<const std::string&>() == expected;
}

bool AbsentOrIs(const nlohmann::json& jwk, const char* name, std::string_view expected) {
  return !jwk.contains(name) || MemberIs(jwk, name, expected);
}

std::optional<std::string> Coordinate(const nlohmann::json& jwk, const char* name) {
  const auto it = jwk.find(name);
  if (it == jwk.end() || !it->is_string()) {
    return std::nullopt;
  }
  return Base64UrlDecode(it->get_ref<const std::string&>());
}

// The key of one JWKS entry, or null when the entry is not an ES256 public key we can use.
PkeyPtr Es256PublicKey(const nlohmann::json& jwk) {
  if (!jwk.is_object() || !MemberIs(jwk, "kty", "EC") || !MemberIs(jwk, "crv", "P-256") ||
      !AbsentOrIs(jwk, "alg", "ES256") || !AbsentOrIs(jwk, "use", "sig")) {
    return nullptr;
  }
  auto x = Coordinate(jwk, "x");
  auto y = Coordinate(jwk, "y");
  if (!x || !y) {
    return nullptr;
  }
  return es256::PublicKeyFromPoint({std::move(*x), std::move(*y)});
}

}  // namespace

KeySet KeySet::FromJwks(std::string_view json) {
  const nlohmann::json document = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!document.is_object() || !document.contains("keys") || !document["keys"].is_array()) {
    throw std::invalid_argument("not a JWKS document: expected an object with a \"keys\" array");
  }
  KeySet set;
  for (const nlohmann::json& jwk : document["keys"]) {
    const auto kid = jwk.find("kid");  // end() for a non-object entry too
    if (kid == jwk.end() || !kid->is_string() || kid->get_ref<const std::string&>().empty()) {
      continue;
    }
    PkeyPtr key = Es256PublicKey(jwk);
    if (!key) {
      continue;
    }
    const std::string& name = kid->get_ref<const std::string&>();
    if (!set.keys_.emplace(name, std::move(key)).second) {
      throw std::invalid_argument("JWKS: two ES256 keys have the kid '" + name + "'");
    }
  }
  return set;
}

KeySet KeySet::FromKeys(const std::vector<const SigningKey*>& keys) {
  return FromJwks(ToJwks(keys).dump());
}

bool KeySet::Contains(std::string_view kid) const { return keys_.find(kid) != keys_.end(); }

std::vector<std::string> KeySet::Kids() const {
  std::vector<std::string> kids;
  for (const auto& [kid, key] : keys_) {
    kids.push_back(kid);
  }
  return kids;
}

bool KeySet::VerifySignature(std::string_view kid, std::string_view signing_input,
                             std::string_view signature) const {
  const auto it = keys_.find(kid);
  return it != keys_.end() && es256::Verify(*it->second, signing_input, signature);
}

nlohmann::json ToJwks(const std::vector<const SigningKey*>& keys) {
  nlohmann::json list = nlohmann::json::array();
  for (const SigningKey* key : keys) {
    list.push_back(key->PublicJwk());
  }
  return {{"keys", std::move(list)}};
}

}  // namespace shop::auth

#include "platform/auth/token_verifier.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "platform/auth/base64url.hpp"

namespace shop::auth {
namespace {

using TimePoint = std::chrono::system_clock::time_point;

// Far above any real token (ours are a few hundred bytes); bounds the work a stranger can cause.
constexpr std::size_t kMaxTokenSize = 8 * 1024;
// The largest NumericDate accepted (2100-01-01): beyond any token's life, and small enough that
// the time_point (int64 nanoseconds, good until 2262) and `exp + leeway` cannot overflow.
constexpr std::int64_t kMaxNumericDate = 4'102'444'800;

struct EncodedParts {
  std::string_view header;
  std::string_view payload;
  std::string_view signature;
};

std::optional<EncodedParts> Split(std::string_view token) {
  const std::size_t first = token.find('.');
  const std::size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  EncodedParts parts{token.substr(0, first), token.substr(first + 1, second - first - 1),
                     token.substr(second + 1)};
  if (parts.header.empty() || parts.payload.empty() || parts.signature.empty()) {
    return std::nullopt;
  }
  return parts;
}

std::optional<nlohmann::json> DecodeObject(std::string_view part) {
  const auto bytes = Base64UrlDecode(part);
  if (!bytes) {
    return std::nullopt;
  }
  nlohmann::json json = nlohmann::json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) {
    return std::nullopt;
  }
  return json;
}

// Reads claims by name; a claim present with the wrong type marks the payload malformed.
class ClaimReader {
 public:
  explicit ClaimReader(const nlohmann::json& payload) : payload_(payload) {}

  std::optional<std::string> String(const char* name) {
    const auto it = payload_.find(name);
    if (it == payload_.end()) {
      return std::nullopt;
    }
    if (!it->is_string()) {
      malformed_ = true;
      return std::nullopt;
    }
    return it->get<std::string>();
  }

  // NumericDate, as the integer seconds IssueToken writes; fractions are refused.
  std::optional<TimePoint> Time(const char* name) {
    const auto it = payload_.find(name);
    if (it == payload_.end()) {
      return std::nullopt;
    }
    // An unsigned value beyond int64 reads as negative, and is refused with the rest.
    const std::int64_t seconds = it->is_number_integer() ? it->get<std::int64_t>() : -1;
    if (seconds < 0 || seconds > kMaxNumericDate) {
      malformed_ = true;
      return std::nullopt;
    }
    return TimePoint(std::chrono::seconds(seconds));
  }

  bool malformed() const { return malformed_; }

 private:
  const nlohmann::json& payload_;
  bool malformed_ = false;
};

std::optional<VerifyFailure> CheckAudience(const nlohmann::json& aud, const std::string& expected) {
  if (aud.is_string()) {
    return aud == expected ? std::nullopt : std::optional(VerifyFailure::kWrongAudience);
  }
  if (!aud.is_array()) {
    return VerifyFailure::kMalformed;
  }
  bool found = false;
  for (const nlohmann::json& entry : aud) {
    if (!entry.is_string()) {
      return VerifyFailure::kMalformed;
    }
    found = found || entry == expected;
  }
  return found ? std::nullopt : std::optional(VerifyFailure::kWrongAudience);
}

VerifyResult CheckClaims(const nlohmann::json& payload, const VerifyOptions& options,
                         TimePoint now) {
  ClaimReader read(payload);
  auto issuer = read.String("iss");
  auto subject = read.String("sub");
  auto role = read.String("role");
  auto token_id = read.String("jti");
  const auto issued_at = read.Time("iat");
  const auto not_before = read.Time("nbf");
  const auto expires_at = read.Time("exp");
  const auto audience = payload.find("aud");
  if (read.malformed()) {
    return VerifyFailure::kMalformed;
  }
  if (!issuer || audience == payload.end() || !expires_at || !subject || subject->empty() ||
      !role || role->empty()) {
    return VerifyFailure::kMissingClaim;
  }
  if (*issuer != options.issuer) {
    return VerifyFailure::kWrongIssuer;
  }
  if (const auto failure = CheckAudience(*audience, options.audience)) {
    return *failure;
  }
  if (now > *expires_at + options.leeway) {
    return VerifyFailure::kExpired;
  }
  if ((not_before && now < *not_before - options.leeway) ||
      (issued_at && now < *issued_at - options.leeway)) {
    return VerifyFailure::kNotYetValid;
  }
  return TokenClaims{.subject = std::move(*subject),
                     .role = std::move(*role),
                     .issuer = std::move(*issuer),
                     .audience = options.audience,
                     .token_id = token_id.value_or(""),
                     .issued_at = issued_at.value_or(TimePoint{}),
                     .not_before = not_before.value_or(TimePoint{}),
                     .expires_at = *expires_at};
}

}  // namespace

std::string_view VerifyFailureName(VerifyFailure failure) {
  switch (failure) {
    case VerifyFailure::kMalformed:
      return "malformed";
    case VerifyFailure::kUnsupportedAlgorithm:
      return "unsupported_algorithm";
    case VerifyFailure::kUnknownKey:
      return "unknown_key";
    case VerifyFailure::kBadSignature:
      return "bad_signature";
    case VerifyFailure::kExpired:
      return "expired";
    case VerifyFailure::kNotYetValid:
      return "not_yet_valid";
    case VerifyFailure::kWrongIssuer:
      return "wrong_issuer";
    case VerifyFailure::kWrongAudience:
      return "wrong_audience";
    case VerifyFailure::kMissingClaim:
      return "missing_claim";
    case VerifyFailure::kKeysUnavailable:
      return "keys_unavailable";
  }
  return "unknown";
}

VerifyResult VerifyToken(std::string_view token, const KeySet& keys, const VerifyOptions& options,
                         TimePoint now) {
  if (options.issuer.empty() || options.audience.empty()) {
    throw std::invalid_argument("VerifyToken: the expected issuer and audience must be set");
  }
  const auto parts = token.size() <= kMaxTokenSize ? Split(token) : std::nullopt;
  const auto header = parts ? DecodeObject(parts->header) : std::nullopt;
  const auto signature = parts ? Base64UrlDecode(parts->signature) : std::nullopt;
  if (!header || !signature) {
    return VerifyFailure::kMalformed;
  }
  // The algorithm is pinned: every key in the set is ES256, so anything else the header names is
  // refused here, before a key is looked up (the header is the attacker's to write).
  const auto alg = header->find("alg");
  if (alg == header->end() || *alg != "ES256") {
    return VerifyFailure::kUnsupportedAlgorithm;
  }
  const auto kid = header->find("kid");
  if (kid == header->end() || !kid->is_string() || kid->get_ref<const std::string&>().empty() ||
      header->contains("crit")) {
    return VerifyFailure::kMalformed;
  }
  const std::string& key_id = kid->get_ref<const std::string&>();
  if (!keys.Contains(key_id)) {
    return VerifyFailure::kUnknownKey;
  }
  const std::string_view signing_input =
      token.substr(0, token.size() - parts->signature.size() - 1);
  if (!keys.VerifySignature(key_id, signing_input, *signature)) {
    return VerifyFailure::kBadSignature;
  }
  const auto payload = DecodeObject(parts->payload);
  if (!payload) {
    return VerifyFailure::kMalformed;
  }
  return CheckClaims(*payload, options, now);
}

}  // namespace shop::auth

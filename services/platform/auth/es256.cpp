#include "platform/auth/es256.hpp"

#include <openssl/core_names.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>

#include <array>
#include <new>
#include <stdexcept>

namespace shop::auth::es256 {
namespace {

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

std::string CoordinateBytes(const BIGNUM& number) {
  std::string out(kCoordinateSize, '\0');
  if (BN_bn2binpad(&number, reinterpret_cast<unsigned char*>(out.data()), kCoordinateSize) < 0) {
    throw std::runtime_error("ES256: a value does not fit in 32 bytes");
  }
  return out;
}

std::string BignumParam(const EVP_PKEY& key, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(&key, name, &raw) != 1) {
    throw std::runtime_error("ES256: cannot read the public point: " + TakeOpenSslError());
  }
  const BignumPtr number(raw);
  return CoordinateBytes(*number);
}

MdCtxPtr NewMdCtx() {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) {
    throw std::bad_alloc();
  }
  return ctx;
}

}  // namespace

bool IsP256(const EVP_PKEY& key) {
  std::array<char, 64> group{};
  std::size_t length = 0;
  if (!EVP_PKEY_is_a(&key, "EC") ||
      EVP_PKEY_get_group_name(&key, group.data(), group.size(), &length) != 1) {
    ERR_clear_error();
    return false;  // also a key with explicit curve parameters instead of a named curve
  }
  return OBJ_txt2nid(group.data()) == NID_X9_62_prime256v1 ||
         EC_curve_nist2nid(group.data()) == NID_X9_62_prime256v1;
}

PublicPoint PublicPointOf(const EVP_PKEY& key) {
  return {BignumParam(key, OSSL_PKEY_PARAM_EC_PUB_X), BignumParam(key, OSSL_PKEY_PARAM_EC_PUB_Y)};
}

PkeyPtr PublicKeyFromPoint(const PublicPoint& point) {
  if (point.x.size() != kCoordinateSize || point.y.size() != kCoordinateSize) {
    return nullptr;
  }
  const std::string encoded = '\x04' + point.x + point.y;  // SEC 1 uncompressed point
  const ParamBldPtr builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME,
                                      SN_X9_62_prime256v1, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, encoded.data(),
                                       encoded.size()) != 1) {
    throw std::runtime_error("ES256: cannot build key parameters: " + TakeOpenSslError());
  }
  const ParamsPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
  const PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    ERR_clear_error();  // e.g. a point that is not on the curve
    return nullptr;
  }
  PkeyPtr key(raw);
  const PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    ERR_clear_error();
    return nullptr;
  }
  return key;
}

std::string Sign(EVP_PKEY& private_key, std::string_view input) {
  const MdCtxPtr ctx = NewMdCtx();
  std::size_t length = 0;
  if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, &private_key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, Bytes(input), input.size()) != 1) {
    throw std::runtime_error("ES256 signing failed: " + TakeOpenSslError());
  }
  std::string der(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(der.data()), &length, Bytes(input),
                     input.size()) != 1) {
    throw std::runtime_error("ES256 signing failed: " + TakeOpenSslError());
  }
  der.resize(length);
  auto raw = DerToRaw(der);
  if (!raw) {
    throw std::runtime_error("ES256 signing produced an unreadable signature");
  }
  return *std::move(raw);
}

bool Verify(EVP_PKEY& public_key, std::string_view input, std::string_view raw_signature) {
  // Only the fixed-size form is accepted: a DER signature (what OpenSSL itself produces) in a
  // token is a bug of the issuer or a forgery, and is refused by its length alone.
  const auto der = RawToDer(raw_signature);
  if (!der) {
    return false;
  }
  const MdCtxPtr ctx = NewMdCtx();
  const bool valid =
      EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, &public_key) == 1 &&
      EVP_DigestVerify(ctx.get(), Bytes(*der), der->size(), Bytes(input), input.size()) == 1;
  ERR_clear_error();
  return valid;
}

// JWS (RFC 7518 section 3.4) carries R and S as two 32-byte big-endian integers side by side;
// OpenSSL reads and writes the ASN.1 DER SEQUENCE { r INTEGER, s INTEGER }, whose length varies
// (leading zeros dropped, a 0x00 added before a high bit). Mixing the two is the classic ES256 bug.
std::optional<std::string> DerToRaw(std::string_view der) {
  const unsigned char* cursor = Bytes(der);
  const EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size())));
  if (!sig || cursor != Bytes(der) + der.size()) {
    ERR_clear_error();
    return std::nullopt;
  }
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  if (BN_num_bytes(r) > static_cast<int>(kCoordinateSize) ||
      BN_num_bytes(s) > static_cast<int>(kCoordinateSize)) {
    return std::nullopt;
  }
  return CoordinateBytes(*r) + CoordinateBytes(*s);
}

std::optional<std::string> RawToDer(std::string_view raw) {
  if (raw.size() != kSignatureSize) {
    return std::nullopt;
  }
  BignumPtr r(BN_bin2bn(Bytes(raw), kCoordinateSize, nullptr));
  BignumPtr s(BN_bin2bn(Bytes(raw) + kCoordinateSize, kCoordinateSize, nullptr));
  EcdsaSigPtr sig(ECDSA_SIG_new());
  if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) {
    throw std::bad_alloc();
  }
  r.release();  // owned by sig from here on
  s.release();
  const int length = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (length <= 0) {
    ERR_clear_error();
    return std::nullopt;
  }
  std::string der(static_cast<std::size_t>(length), '\0');
  auto* cursor = reinterpret_cast<unsigned char*>(der.data());
  i2d_ECDSA_SIG(sig.get(), &cursor);
  return der;
}

}  // namespace shop::auth::es256

#include "platform/auth/signing_key.hpp"

#include <openssl/pem.h>

#include <stdexcept>
#include <utility>

#include "platform/auth/base64url.hpp"
#include "platform/auth/es256.hpp"

namespace shop::auth {
namespace {

// Without a callback OpenSSL would prompt on the terminal for an encrypted key's passphrase.
int NoPassphrase(char* /*buffer*/, int /*size*/, int /*rwflag*/, void* /*user*/) { return -1; }

}  // namespace

SigningKey::SigningKey(std::string kid, PkeyPtr key) : kid_(std::move(kid)), key_(std::move(key)) {
  if (kid_.empty()) {
    throw std::invalid_argument("a signing key needs a non-empty kid");
  }
}

SigningKey SigningKey::Generate(std::string kid) {
  PkeyPtr key(EVP_EC_gen(SN_X9_62_prime256v1));
  if (!key) {
    throw std::runtime_error("cannot generate a P-256 key: " + TakeOpenSslError());
  }
  return SigningKey(std::move(kid), std::move(key));
}

SigningKey SigningKey::FromPrivatePem(std::string kid, std::string_view pem) {
  const BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) {
    throw std::bad_alloc();
  }
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (!key) {
    throw std::invalid_argument("signing key '" + kid +
                                "': not an unencrypted PEM private key: " + TakeOpenSslError());
  }
  if (!es256::IsP256(*key)) {
    throw std::invalid_argument("signing key '" + kid + "': not an EC P-256 key (ES256 needs one)");
  }
  return SigningKey(std::move(kid), std::move(key));
}

std::string SigningKey::PrivatePem() const {
  const BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    throw std::runtime_error("cannot write the private key: " + TakeOpenSslError());
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

nlohmann::json SigningKey::PublicJwk() const {
  const es256::PublicPoint point = es256::PublicPointOf(*key_);
  return {{"kty", "EC"},
          {"crv", "P-256"},
          {"x", Base64UrlEncode(point.x)},
          {"y", Base64UrlEncode(point.y)},
          {"kid", kid_},
          {"alg", "ES256"},
          {"use", "sig"}};
}

std::string SigningKey::Sign(std::string_view signing_input) const {
  return es256::Sign(*key_, signing_input);
}

}  // namespace shop::auth

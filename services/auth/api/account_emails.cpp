#include "auth/api/account_emails.hpp"

#include "auth/store/account_token_store.hpp"
#include "events/catalog/user_events.hpp"
#include "platform/text/rfc3339.hpp"

namespace shop::auth_service {

void AccountEmails::Send(pqxx::work& txn, const User& user, TokenPurpose purpose,
                         const NewOpaqueToken& token, std::string_view traceparent) const {
  const auto expires_at = ExpiryOf(purpose, std::chrono::system_clock::now(), lifetimes_);
  ReplaceAccountToken(txn, user.id, purpose, token.hash, expires_at);
  const events::AccountTokenIssued issued{
      .user_id = user.id,
      .email = user.email,
      .name = user.name,
      .token = token.token,
      .expires_at = text::FormatRfc3339Utc(expires_at, text::Rfc3339Precision::kSeconds),
      .version = user.version};
  if (purpose == TokenPurpose::kVerifyEmail) {
    outbox_.Append(txn, events::UserVerificationRequested{issued}, traceparent);
  } else {
    outbox_.Append(txn, events::UserPasswordResetRequested{issued}, traceparent);
  }
}

}  // namespace shop::auth_service

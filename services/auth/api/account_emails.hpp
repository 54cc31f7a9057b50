#pragma once
// The token of an account e-mail, issued and sent on its way: a fresh single-use token replaces
// the user's unused ones of its purpose (account_tokens keeps its SHA-256 only) and the event that
// asks notification-service to e-mail it (user.verification_requested or
// user.password_reset_requested) goes to the outbox, both in the caller's transaction.
//
// The token is in the event's data and nowhere else: never log it, never put it in a response.
// Immutable after construction; shared by all request threads.

#include <pqxx/pqxx>
#include <string_view>

#include "auth/domain/account_token.hpp"
#include "auth/domain/user.hpp"
#include "auth/security/opaque_token.hpp"
#include "events/outbox_writer.hpp"

namespace shop::auth_service {

class AccountEmails {
 public:
  explicit AccountEmails(AccountTokenLifetimes lifetimes,
                         int reset_mails_per_hour = kDefaultResetMailsPerHour)
      : lifetimes_(lifetimes), reset_mails_per_hour_(reset_mails_per_hour) {}

  // Issues `token` (made by MakeOpaqueToken) for `user` and writes its event. The caller holds
  // the user's row lock (LockUser) or has just inserted the user in `txn`.
  void Send(pqxx::work& txn, const User& user, TokenPurpose purpose, const NewOpaqueToken& token,
            std::string_view traceparent) const;

  const AccountTokenLifetimes& lifetimes() const { return lifetimes_; }
  int reset_mails_per_hour() const { return reset_mails_per_hour_; }

 private:
  AccountTokenLifetimes lifetimes_;
  int reset_mails_per_hour_;
  events::Outbox outbox_{"auth"};
};

}  // namespace shop::auth_service

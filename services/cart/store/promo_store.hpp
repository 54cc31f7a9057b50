#pragma once
// SQL of promo codes, their redemptions and checkouts (migrations/V002, V008).

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "cart/domain/promo_rules.hpp"
#include "platform/db/pool.hpp"

namespace shop::cart {

const std::vector<db::PreparedStatement>& PromoStatements();

struct StoredPromoCode {
  PromoCode code;
  int uses = 0;
};

// False when a code of that name exists already.
bool InsertPromoCode(pqxx::work& txn, const PromoCode& code);
std::vector<StoredPromoCode> ListPromoCodes(pqxx::work& txn);
std::optional<StoredPromoCode> FindPromoCode(pqxx::work& txn, const std::string& code);
// Uses of `code` in all and by `user_id` (a use given back counts in neither).
PromoUsage LoadPromoUsage(pqxx::work& txn, const std::string& code, const std::string& user_id);

// Counts one use of `code` unless that would pass its max_uses: false then. The row lock makes
// concurrent checkouts take turns, and each re-checks the condition on the row as the previous
// one left it, so a code with max_uses N is counted at most N times.
bool CountPromoUse(pqxx::work& txn, const std::string& code);
void RecordRedemption(pqxx::work& txn, const std::string& checkout_id, const std::string& code,
                      const std::string& user_id, Money discount);
void RecordCheckout(pqxx::work& txn, const std::string& checkout_id, const std::string& user_id,
                    Money total, const std::string& data_json);

// Gives back the promo use of the checkout `checkout_id` (its order was cancelled): marks the
// checkout's redemption returned and counts one use less of its code, once. Returns the code given
// back; nullopt when the checkout redeemed no code or its use was given back already (a duplicate
// or replayed order.cancelled), and nothing changed.
std::optional<std::string> GiveBackPromoUse(pqxx::work& txn, const std::string& checkout_id);

}  // namespace shop::cart

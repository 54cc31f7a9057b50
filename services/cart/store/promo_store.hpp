#pragma once
// SQL of promo codes, their redemptions and checkouts (migrations/V002).

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
// Uses of `code` in all and by `user_id`.
PromoUsage LoadPromoUsage(pqxx::work& txn, const std::string& code, const std::string& user_id);

// Counts one use of `code` unless that would pass its max_uses: false then. The row lock makes
// concurrent checkouts take turns, and each re-checks the condition on the row as the previous
// one left it, so a code with max_uses N is counted at most N times.
bool CountPromoUse(pqxx::work& txn, const std::string& code);
void RecordRedemption(pqxx::work& txn, const std::string& checkout_id, const std::string& code,
                      const std::string& user_id, Money discount);
void RecordCheckout(pqxx::work& txn, const std::string& checkout_id, const std::string& user_id,
                    Money total, const std::string& data_json);

}  // namespace shop::cart

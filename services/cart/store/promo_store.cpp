#include "cart/store/promo_store.hpp"

#include <sstream>

namespace shop::cart {
namespace {

constexpr const char* kInsert = "promo_insert";
constexpr const char* kList = "promo_list";
constexpr const char* kFind = "promo_find";
constexpr const char* kUsage = "promo_usage";
constexpr const char* kCountUse = "promo_count_use";
constexpr const char* kRedeem = "promo_redeem";
constexpr const char* kCheckout = "checkout_record";
constexpr const char* kGiveBack = "promo_give_back";

// Timestamps travel as microseconds since the epoch, exact both ways.
constexpr const char* kColumns =
    "code, kind, value::text, min_subtotal::text, max_uses, per_user_limit, "
    "(extract(epoch FROM starts_at) * 1000000)::bigint, "
    "(extract(epoch FROM expires_at) * 1000000)::bigint, "
    "array_to_string(category_ids, ','), uses";

using Clock = std::chrono::system_clock;

Money MoneyOf(const pqxx::field& field) {
  const std::optional<Money> money = Money::Parse(field.as<std::string>());
  if (!money) {
    throw std::runtime_error("unreadable amount in promo_codes: " + field.as<std::string>());
  }
  return *money;
}

std::optional<Clock::time_point> TimeOf(const pqxx::field& field) {
  if (field.is_null()) {
    return std::nullopt;
  }
  return Clock::time_point(std::chrono::microseconds(field.as<long long>()));
}

StoredPromoCode ToPromo(const pqxx::row& r) {
  StoredPromoCode stored;
  PromoCode& code = stored.code;
  code.code = r[0].as<std::string>();
  const Money value = MoneyOf(r[2]);
  if (r[1].as<std::string>() == "percent") {
    code.kind = PromoKind::kPercent;
    code.percent_hundredths = static_cast<int>(value.cents());
  } else {
    code.kind = PromoKind::kFixed;
    code.fixed_amount = value;
  }
  if (!r[3].is_null()) {
    code.min_subtotal = MoneyOf(r[3]);
  }
  if (!r[4].is_null()) {
    code.max_uses = r[4].as<int>();
  }
  if (!r[5].is_null()) {
    code.per_user_limit = r[5].as<int>();
  }
  code.starts_at = TimeOf(r[6]);
  code.expires_at = TimeOf(r[7]);
  std::istringstream ids(r[8].as<std::string>());
  for (std::string id; std::getline(ids, id, ',');) {
    code.category_ids.insert(id);
  }
  stored.uses = r[9].as<int>();
  return stored;
}

// libpqxx 6 has no std::optional parameters: an absent value travels as '' and the SQL turns it
// into NULL (NULLIF).
template <typename T, typename Format>
std::string OrEmpty(const std::optional<T>& value, Format format) {
  return value ? format(*value) : std::string();
}

std::string Micros(Clock::time_point time) {
  return std::to_string(
      std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count());
}

std::string UuidArray(const std::set<std::string>& ids) {
  std::string text = "{";
  for (const std::string& id : ids) {
    text += (text.size() > 1 ? "," : "") + id;  // validated UUIDs: nothing to quote
  }
  return text + "}";
}

}  // namespace

const std::vector<db::PreparedStatement>& PromoStatements() {
  static const std::vector<db::PreparedStatement> statements = {
      {kInsert,
       "INSERT INTO promo_codes (code, kind, value, min_subtotal, max_uses, per_user_limit, "
       "starts_at, expires_at, category_ids) VALUES ($1, $2, $3::numeric, "
       "NULLIF($4, '')::numeric, NULLIF($5, '')::integer, NULLIF($6, '')::integer, "
       "'epoch'::timestamptz + NULLIF($7, '')::bigint * interval '1 microsecond', "
       "'epoch'::timestamptz + NULLIF($8, '')::bigint * interval '1 microsecond', $9::uuid[]) "
       "ON CONFLICT (code) DO NOTHING"},
      {kList, std::string("SELECT ") + kColumns + " FROM promo_codes ORDER BY created_at, code"},
      {kFind, std::string("SELECT ") + kColumns + " FROM promo_codes WHERE code = $1"},
      {kUsage,
       "SELECT (SELECT uses FROM promo_codes WHERE code = $1), "
       "(SELECT count(*) FROM promo_redemptions "
       "WHERE code = $1 AND user_id = $2::uuid AND returned_at IS NULL)"},
      {kCountUse,
       "UPDATE promo_codes SET uses = uses + 1 "
       "WHERE code = $1 AND (max_uses IS NULL OR uses < max_uses)"},
      {kRedeem,
       "INSERT INTO promo_redemptions (checkout_id, code, user_id, discount) "
       "VALUES ($1::uuid, $2, $3::uuid, $4::numeric)"},
      {kCheckout,
       "INSERT INTO checkouts (id, user_id, total, data) "
       "VALUES ($1::uuid, $2::uuid, $3::numeric, $4::jsonb)"},
      // One statement: the redemption is marked and the use uncounted together or not at all.
      // A second caller for the same checkout waits for the first one's row lock, then finds
      // returned_at set and changes nothing.
      {kGiveBack,
       "WITH returned AS (UPDATE promo_redemptions SET returned_at = now() "
       "WHERE checkout_id = $1::uuid AND returned_at IS NULL RETURNING code) "
       "UPDATE promo_codes p SET uses = p.uses - 1 FROM returned r WHERE p.code = r.code "
       "RETURNING p.code"},
  };
  return statements;
}

bool InsertPromoCode(pqxx::work& txn, const PromoCode& code) {
  const Money value =
      code.kind == PromoKind::kPercent ? Money::Cents(code.percent_hundredths) : code.fixed_amount;
  const auto to_string = [](int n) { return std::to_string(n); };
  return txn.exec_prepared(kInsert, code.code,
                           code.kind == PromoKind::kPercent ? "percent" : "fixed", value.ToString(),
                           OrEmpty(code.min_subtotal, [](Money m) { return m.ToString(); }),
                           OrEmpty(code.max_uses, to_string),
                           OrEmpty(code.per_user_limit, to_string), OrEmpty(code.starts_at, Micros),
                           OrEmpty(code.expires_at, Micros), UuidArray(code.category_ids))
             .affected_rows() > 0;
}

std::vector<StoredPromoCode> ListPromoCodes(pqxx::work& txn) {
  std::vector<StoredPromoCode> codes;
  for (const pqxx::row& r : txn.exec_prepared(kList)) {
    codes.push_back(ToPromo(r));
  }
  return codes;
}

std::optional<StoredPromoCode> FindPromoCode(pqxx::work& txn, const std::string& code) {
  const pqxx::result r = txn.exec_prepared(kFind, code);
  if (r.empty()) {
    return std::nullopt;
  }
  return ToPromo(r[0]);
}

PromoUsage LoadPromoUsage(pqxx::work& txn, const std::string& code, const std::string& user_id) {
  const pqxx::row r = txn.exec_prepared(kUsage, code, user_id).at(0);
  return {.total = r[0].is_null() ? 0 : r[0].as<int>(), .by_user = r[1].as<int>()};
}

bool CountPromoUse(pqxx::work& txn, const std::string& code) {
  return txn.exec_prepared(kCountUse, code).affected_rows() > 0;
}

void RecordRedemption(pqxx::work& txn, const std::string& checkout_id, const std::string& code,
                      const std::string& user_id, Money discount) {
  txn.exec_prepared(kRedeem, checkout_id, code, user_id, discount.ToString());
}

void RecordCheckout(pqxx::work& txn, const std::string& checkout_id, const std::string& user_id,
                    Money total, const std::string& data_json) {
  txn.exec_prepared(kCheckout, checkout_id, user_id, total.ToString(), data_json);
}

std::optional<std::string> GiveBackPromoUse(pqxx::work& txn, const std::string& checkout_id) {
  const pqxx::result r = txn.exec_prepared(kGiveBack, checkout_id);
  if (r.empty()) {
    return std::nullopt;
  }
  return r[0][0].as<std::string>();
}

}  // namespace shop::cart

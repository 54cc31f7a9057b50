#pragma once
// The names of notification-service's prepared statements (their SQL:
// notification_statements.cpp). Internal to store/.

namespace shop::notification::statements {

inline constexpr const char* kUpsertUser = "notification_upsert_user";
inline constexpr const char* kTombstoneUser = "notification_tombstone_user";
inline constexpr const char* kFindUser = "notification_find_user";
inline constexpr const char* kClaimSend = "notification_claim_send";
inline constexpr const char* kFindSend = "notification_find_send";
inline constexpr const char* kMarkSent = "notification_mark_sent";
inline constexpr const char* kMarkFailed = "notification_mark_failed";

}  // namespace shop::notification::statements

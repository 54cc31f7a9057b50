#include "auth/domain/user_edit.hpp"

#include <gtest/gtest.h>

namespace shop::auth_service {
namespace {

const Actor kAda{.user_id = "ada", .role = "customer"};
const Actor kAdmin{.user_id = "root", .role = "admin"};

TEST(EditRefusal, AUserMayRenameThemselfOnly) {
  EXPECT_EQ(EditRefusal(kAda, "ada", {.name = "Ada L.", .role = std::nullopt}), std::nullopt);
  EXPECT_NE(EditRefusal(kAda, "bob", {.name = "Bob", .role = std::nullopt}), std::nullopt);
}

TEST(EditRefusal, OnlyAnAdminChangesRolesAndNotTheirOwn) {
  EXPECT_NE(EditRefusal(kAda, "ada", {.name = std::nullopt, .role = "admin"}), std::nullopt);
  EXPECT_EQ(EditRefusal(kAdmin, "ada", {.name = std::nullopt, .role = "seller"}), std::nullopt);
  EXPECT_NE(EditRefusal(kAdmin, "root", {.name = std::nullopt, .role = "customer"}), std::nullopt);
}

TEST(EditRefusal, AnAdminRenamesOnlyThemself) {
  EXPECT_EQ(EditRefusal(kAdmin, "root", {.name = "Root", .role = std::nullopt}), std::nullopt);
  EXPECT_NE(EditRefusal(kAdmin, "ada", {.name = "Hacked", .role = std::nullopt}), std::nullopt);
}

TEST(EditRefusal, AnEmptyEditOfSomeoneElseIsRefusedToNonAdmins) {
  EXPECT_NE(EditRefusal(kAda, "bob", {}), std::nullopt);
  EXPECT_EQ(EditRefusal(kAda, "ada", {}), std::nullopt);
  EXPECT_EQ(EditRefusal(kAdmin, "bob", {}), std::nullopt);
}

TEST(DeleteRefusal, SelfOrAdmin) {
  EXPECT_EQ(DeleteRefusal(kAda, "ada"), std::nullopt);
  EXPECT_EQ(DeleteRefusal(kAdmin, "ada"), std::nullopt);
  EXPECT_NE(DeleteRefusal(kAda, "bob"), std::nullopt);
}

TEST(ApplyEdit, BumpsTheVersionOnlyOnARealChange) {
  const User ada{.id = "ada", .email = "ada@x.io", .name = "Ada", .role = "customer", .version = 3};
  EXPECT_EQ(ApplyEdit(ada, {.name = "Ada", .role = "customer"}), std::nullopt);
  const std::optional<User> renamed = ApplyEdit(ada, {.name = "Ada L.", .role = std::nullopt});
  ASSERT_TRUE(renamed);
  EXPECT_EQ(renamed->name, "Ada L.");
  EXPECT_EQ(renamed->role, "customer");
  EXPECT_EQ(renamed->version, 4);
}

}  // namespace
}  // namespace shop::auth_service

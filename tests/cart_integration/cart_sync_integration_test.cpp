// cart-service's replica consumers (cart.user-sync, cart.product-sync, cart.category-sync) against
// the real Kafka and Postgres of tests/run: versioned upserts keep the newest state whatever the
// order of arrival, tombstones are final, a deleted user's cart and wishlist go with it, a
// malformed event is dead-lettered and a redelivered one is applied once.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "cart/api/product_resolution.hpp"
#include "cart/consumers/category_sync.hpp"
#include "cart/consumers/product_sync.hpp"
#include "cart/consumers/user_sync.hpp"
#include "cart/store/replicas.hpp"
#include "cart_sync_fixture.hpp"
#include "events/consumer/dead_letter.hpp"
#include "events/uuid_v7.hpp"
#include "platform/http/problem.hpp"
#include "test_support.hpp"

namespace shop::cart::testing {
namespace {

// Fresh aggregate ids. UUIDv7 ids of one process differ in their last bits, so ids are checked
// for equality only, never by prefix.
std::string NewId() { return events::NewUuidV7(); }

std::string UserData(const std::string& id, long long version, const std::string& email) {
  return R"({"id":")" + id + R"(","email":")" + email + R"(","name":null,"role":"customer",)" +
         R"("version":)" + std::to_string(version) + "}";
}

std::string CategoryData(const std::string& id, const std::string& name, long long version) {
  return R"({"id":")" + id + R"(","name":")" + name + R"(","slug":"s","parent_id":null,)" +
         R"("version":)" + std::to_string(version) + "}";
}

struct ProductFields {
  std::string id;
  std::string category_id;
  std::string category_name = "Toys";
  std::string price = "10.00";
  long long version = 1;
  std::string seller_id = "null";  // a JSON value
};

std::string ProductData(const ProductFields& p) {
  return R"({"id":")" + p.id + R"(","name":"Ball","price":")" + p.price +
         R"(","stock":4,"category_id":")" + p.category_id + R"(","category_name":")" +
         p.category_name + R"(","seller_id":)" + p.seller_id + R"(,"version":)" +
         std::to_string(p.version) + "}";
}

std::string Deletion(const std::string& id, long long version) {
  return R"({"id":")" + id + R"(","version":)" + std::to_string(version) + "}";
}

class CartSyncIntegration : public CartSyncFixture {
 protected:
  std::optional<ReplicaProduct> Product(const std::string& id) {
    return pool_->WithTransaction([&](pqxx::work& txn) { return FindProduct(txn, id); });
  }

  std::string CategoryOf(const std::string& product_id) {
    const std::optional<ReplicaProduct> product = Product(product_id);
    return product ? product->category_name : "<no product>";
  }

  bool IsDeleted(const std::string& user_id) {
    return pool_->WithTransaction([&](pqxx::work& txn) { return IsDeletedUser(txn, user_id); });
  }

  long long Count(const std::string& table, const std::string& user_id) {
    return Scalar("SELECT count(*) FROM " + table + " WHERE user_id = '" + user_id + "'");
  }
};

TEST_F(CartSyncIntegration, ACategoryRenameReachesTheReplicaProductsAndAStaleOneDoesNotUndoIt) {
  const Group products = StartConsumer("product-sync", ProductSyncHandlers());
  const Group categories = StartConsumer("category-sync", CategorySyncHandlers());
  const std::string category = NewId();
  const std::string product = NewId();

  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      products,
      Event("product.created", product,
            ProductData({.id = product, .category_id = category, .category_name = "Toys"}))));
  EXPECT_EQ(CategoryOf(product), "Toys");  // the cart does not know the category yet

  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      categories, Event("category.updated", category, CategoryData(category, "Games", 2))));
  EXPECT_EQ(CategoryOf(product), "Games");

  // Version 1 arrives late (e.g. a DLQ replay): it is recorded as processed but renames nothing.
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      categories, Event("category.created", category, CategoryData(category, "Toys", 1))));
  EXPECT_EQ(CategoryOf(product), "Games");
  EXPECT_EQ(Scalar("SELECT version FROM categories WHERE id = '" + category + "'"), 2);

  // A deleted category stays a tombstone; its products keep its last name.
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      categories, Event("category.deleted", category, CategoryData(category, "Games", 3))));
  EXPECT_EQ(CategoryOf(product), "Games");
  EXPECT_EQ(Scalar("SELECT count(*) FROM categories WHERE id = '" + category +
                   "' AND deleted AND version = 3"),
            1);
}

TEST_F(CartSyncIntegration, AProductEventTakesTheNameOfACategoryTheCartAlreadyKnows) {
  const Group products = StartConsumer("product-sync", ProductSyncHandlers());
  const Group categories = StartConsumer("category-sync", CategorySyncHandlers());
  const std::string category = NewId();
  const std::string product = NewId();

  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      categories, Event("category.created", category, CategoryData(category, "Books", 4))));
  // product-service wrote this event with an older name from its own replica.
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      products,
      Event("product.created", product,
            ProductData({.id = product, .category_id = category, .category_name = "Old books"}))));
  EXPECT_EQ(CategoryOf(product), "Books");
}

TEST_F(CartSyncIntegration, AnOlderProductUpdateIsIgnored) {
  const Group products = StartConsumer("product-sync", ProductSyncHandlers());
  const std::string category = NewId();
  const std::string product = NewId();

  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      products, Event("product.created", product,
                      ProductData({.id = product, .category_id = category, .price = "10.00"}))));
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      products,
      Event(
          "product.updated", product,
          ProductData({.id = product, .category_id = category, .price = "12.50", .version = 3}))));
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      products,
      Event(
          "product.updated", product,
          ProductData({.id = product, .category_id = category, .price = "11.00", .version = 2}))));

  const std::optional<ReplicaProduct> stored = Product(product);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->price, "12.50");
  EXPECT_EQ(stored->version, 3);
  EXPECT_EQ(stored->stock, 4);
  EXPECT_EQ(stored->category_id, category);
  EXPECT_FALSE(stored->deleted);
}

TEST_F(CartSyncIntegration, TheReplicaKeepsTheProductsSellerFromItsEvents) {
  const Group products = StartConsumer("product-sync", ProductSyncHandlers());
  const std::string category = NewId();
  const std::string product = NewId();
  const std::string seller = NewId();

  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      products, Event("product.created", product,
                      ProductData({.id = product, .category_id = category, .seller_id = "null"}))));
  EXPECT_EQ(Product(product)->seller_id, std::nullopt) << "a product from before sellers existed";

  ASSERT_NO_FATAL_FAILURE(
      ProduceAndWaitApplied(products, Event("product.updated", product,
                                            ProductData({.id = product,
                                                         .category_id = category,
                                                         .version = 2,
                                                         .seller_id = "\"" + seller + "\""}))));
  EXPECT_EQ(Product(product)->seller_id, seller);
  EXPECT_EQ(Scalar("SELECT count(*) FROM products WHERE id = '" + product + "' AND seller_id = '" +
                   seller + "'"),
            1);
}

TEST_F(CartSyncIntegration, ADeletedProductStaysATombstoneThatAnOlderUpdateCannotResurrect) {
  const Group products = StartConsumer("product-sync", ProductSyncHandlers());
  const std::string category = NewId();
  const std::string product = NewId();

  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      products,
      Event("product.created", product, ProductData({.id = product, .category_id = category}))));
  ASSERT_NO_FATAL_FAILURE(
      ProduceAndWaitApplied(products, Event("product.deleted", product, Deletion(product, 3))));
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      products,
      Event(
          "product.updated", product,
          ProductData({.id = product, .category_id = category, .price = "99.00", .version = 2}))));
  std::optional<ReplicaProduct> stored = Product(product);
  ASSERT_TRUE(stored.has_value());  // the row stays: carts show the product as unavailable
  EXPECT_TRUE(stored->deleted);
  EXPECT_EQ(stored->version, 3);
  EXPECT_EQ(stored->price, "10.00");

  // Deleted before the cart heard of it: a deletion with the last state leaves a tombstone, so the
  // created event arriving afterwards (another topic) cannot bring the product back.
  const std::string late = NewId();
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      products, Event("product.deleted", late,
                      ProductData({.id = late, .category_id = category, .version = 2}))));
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      products,
      Event("product.created", late, ProductData({.id = late, .category_id = category}))));
  stored = Product(late);
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(stored->deleted);
  EXPECT_EQ(stored->version, 2);
}

// product.deleted may carry only id and version (its schema requires no more). Consumed before
// product.created (another topic), it still leaves a tombstone at its version, so the older
// created event finds a newer row and cannot bring the product back, and a cart refuses it.
TEST_F(CartSyncIntegration, ABareDeletionBeforeTheCreationLeavesATombstoneTheCreationCannotUndo) {
  const Group products = StartConsumer("product-sync", ProductSyncHandlers());
  const std::string category = NewId();
  const std::string product = NewId();

  ASSERT_NO_FATAL_FAILURE(
      ProduceAndWaitApplied(products, Event("product.deleted", product, Deletion(product, 3))));
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      products, Event("product.created", product,
                      ProductData({.id = product, .category_id = category, .version = 1}))));

  const std::optional<ReplicaProduct> stored = Product(product);
  ASSERT_TRUE(stored.has_value()) << "the deletion left no tombstone";
  EXPECT_TRUE(stored->deleted);
  EXPECT_EQ(stored->version, 3);
  // What POST /cart/items and POST /cart/wishlist check first (api/product_resolution.hpp).
  try {
    pool_->WithTransaction([&](pqxx::work& txn) { RequireProduct(txn, product); });
    ADD_FAILURE() << "a cart accepted the deleted product";
  } catch (const http::HttpError& refused) {
    EXPECT_EQ(refused.problem().status, 422u) << refused.what();
  }
}

// The users and categories replicas store a tombstone on a miss too: a deletion consumed first
// keeps the older created event out.
TEST_F(CartSyncIntegration, AUserOrCategoryDeletedBeforeItsCreationStaysDeleted) {
  const Group users = StartConsumer("user-sync", UserSyncHandlers());
  const Group categories = StartConsumer("category-sync", CategorySyncHandlers());
  const std::string user = NewId();
  const std::string category = NewId();

  ASSERT_NO_FATAL_FAILURE(
      ProduceAndWaitApplied(users, Event("user.deleted", user, Deletion(user, 2))));
  ASSERT_NO_FATAL_FAILURE(
      ProduceAndWaitApplied(users, Event("user.created", user, UserData(user, 1, "late@x.test"))));
  EXPECT_TRUE(IsDeleted(user));
  EXPECT_EQ(Scalar("SELECT count(*) FROM users WHERE id = '" + user +
                   "' AND deleted AND version = 2 AND email = ''"),
            1);

  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      categories, Event("category.deleted", category, CategoryData(category, "Gone", 2))));
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      categories, Event("category.created", category, CategoryData(category, "Early", 1))));
  EXPECT_EQ(Scalar("SELECT count(*) FROM categories WHERE id = '" + category +
                   "' AND deleted AND version = 2 AND name = 'Gone'"),
            1);
}

TEST_F(CartSyncIntegration, DeletingAUserRemovesThatUsersCartAndWishlistOnly) {
  const Group users = StartConsumer("user-sync", UserSyncHandlers());
  const std::string gone = NewId();
  const std::string stays = NewId();
  const std::string product = NewId();
  ASSERT_NO_FATAL_FAILURE(
      ProduceAndWaitApplied(users, Event("user.created", gone, UserData(gone, 1, "gone@x.test"))));
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      users, Event("user.created", stays, UserData(stays, 1, "stays@x.test"))));
  Execute(
      "INSERT INTO products (id, name, price, stock, category_id, category_name, version) "
      "VALUES ('" +
      product + "', 'Ball', 1.00, 1, '" + NewId() + "', 'Toys', 1)");
  for (const std::string& user : {gone, stays}) {
    Execute("INSERT INTO carts (user_id) VALUES ('" + user +
            "');"
            "INSERT INTO cart_items (user_id, product_id, quantity) VALUES ('" +
            user + "', '" + product +
            "', 2);"
            "INSERT INTO wishlist_items (user_id, product_id) VALUES ('" +
            user + "', '" + product + "')");
  }

  ASSERT_NO_FATAL_FAILURE(
      ProduceAndWaitApplied(users, Event("user.deleted", gone, Deletion(gone, 2))));
  EXPECT_EQ(Count("carts", gone), 0);
  EXPECT_EQ(Count("cart_items", gone), 0);
  EXPECT_EQ(Count("wishlist_items", gone), 0);
  EXPECT_EQ(Count("carts", stays), 1);
  EXPECT_EQ(Count("cart_items", stays), 1);
  EXPECT_EQ(Count("wishlist_items", stays), 1);
  EXPECT_TRUE(IsDeleted(gone));
  EXPECT_FALSE(IsDeleted(stays));
  EXPECT_EQ(Scalar("SELECT count(*) FROM users WHERE id = '" + gone +
                   "' AND deleted AND version = 2 AND email = ''"),
            1);

  // A late update of the deleted user does not resurrect it.
  ASSERT_NO_FATAL_FAILURE(
      ProduceAndWaitApplied(users, Event("user.updated", gone, UserData(gone, 1, "new@x.test"))));
  EXPECT_TRUE(IsDeleted(gone));
}

TEST_F(CartSyncIntegration, AMalformedEventGoesToTheGroupsDeadLetterTopicAndLaterEventsApply) {
  const Group products = StartConsumer("product-sync", ProductSyncHandlers(), /*max_attempts=*/2);
  const std::string category = NewId();
  const std::string bad = NewId();
  const std::string good = NewId();

  // The price is a JSON number, which the schema forbids.
  const events::CloudEvent malformed =
      Event("product.created", bad,
            R"({"id":")" + bad + R"(","name":"Ball","price":10.5,"stock":1,"category_id":")" +
                category + R"(","category_name":"Toys","version":1})");
  ASSERT_NO_FATAL_FAILURE(Produce(products.source, malformed));
  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(
      products,
      Event("product.created", good, ProductData({.id = good, .category_id = category}))));

  const std::vector<Record> records = ReadTopic(events::consumer::DeadLetterTopic(products.id), 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].key, bad);
  EXPECT_EQ(records[0].value, malformed.data);
  EXPECT_EQ(records[0].Header("ce_id"), malformed.id);
  EXPECT_EQ(records[0].Header("dlq_error_class"), "permanent");
  EXPECT_EQ(records[0].Header("dlq_attempts"), "2");
  EXPECT_EQ(records[0].Header("dlq_consumer_group"), products.id);
  EXPECT_NE(records[0].Header("dlq_error_message").find("price"), std::string::npos)
      << records[0].Header("dlq_error_message");
  EXPECT_FALSE(Product(bad).has_value());
  EXPECT_FALSE(Applied(products.id, malformed.id));  // a replay can still apply a fixed event
  EXPECT_EQ(Messages(products.id, "dead_lettered"), 1);
}

TEST_F(CartSyncIntegration, ARedeliveredEventIsAppliedOnce) {
  const Group products = StartConsumer("product-sync", ProductSyncHandlers());
  const std::string category = NewId();
  const std::string product = NewId();
  const events::CloudEvent created =
      Event("product.created", product, ProductData({.id = product, .category_id = category}));

  ASSERT_NO_FATAL_FAILURE(ProduceAndWaitApplied(products, created));
  // Same ce_id again, as a relay that crashed between produce and mark would send it.
  ASSERT_NO_FATAL_FAILURE(Produce(products.source, created));
  ASSERT_TRUE(
      shop::testing::WaitFor([&] { return Messages(products.id, "duplicate") == 1; }, kDeadline));
  EXPECT_EQ(Messages(products.id, "applied"), 1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM processed_events WHERE event_id = '" + created.id + "'"),
            1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM products"), 1);
}

// The factories subscribe to the real topics (user.*, product.*, category.*) under the group that
// SHOP_CART_*_SYNC_GROUP names. Other tests may write to those topics too: only this test's
// aggregates are checked.
TEST_F(CartSyncIntegration, TheFactoriesConsumeTheEventTopicsUnderTheConfiguredGroups) {
  const std::map<std::string, std::string> env = {
      {"SHOP_KAFKA_BOOTSTRAP", shop::testing::KafkaBootstrap()},
      {"SHOP_CART_USER_SYNC_GROUP", Unique("cart-it.user-sync")},
      {"SHOP_CART_PRODUCT_SYNC_GROUP", Unique("cart-it.product-sync")},
      {"SHOP_CART_CATEGORY_SYNC_GROUP", Unique("cart-it.category-sync")}};
  for (const auto& [name, value] : env) {
    if (name != "SHOP_KAFKA_BOOTSTRAP") {
      shop::testing::CreateKafkaTopics(
          {events::consumer::RetryTopic(value), events::consumer::DeadLetterTopic(value)}, 1);
    }
  }
  RunServiceTasks(env, {MakeUserSync, MakeProductSync, MakeCategorySync});

  const std::string user = NewId();
  const std::string category = NewId();
  const std::string product = NewId();
  const events::CloudEvent user_created =
      Event("user.created", user, UserData(user, 1, "factory@x.test"));
  const events::CloudEvent product_created =
      Event("product.created", product,
            ProductData({.id = product, .category_id = category, .category_name = "Toys"}));
  const events::CloudEvent category_updated =
      Event("category.updated", category, CategoryData(category, "Games", 2));
  ASSERT_NO_FATAL_FAILURE(Produce("user.created", user_created));
  ASSERT_NO_FATAL_FAILURE(Produce("product.created", product_created));

  const auto applied = [&](const char* variable, const events::CloudEvent& event) {
    return shop::testing::WaitFor([&] { return Applied(env.at(variable), event.id); }, kDeadline);
  };
  EXPECT_TRUE(applied("SHOP_CART_USER_SYNC_GROUP", user_created));
  ASSERT_TRUE(applied("SHOP_CART_PRODUCT_SYNC_GROUP", product_created));
  ASSERT_NO_FATAL_FAILURE(Produce("category.updated", category_updated));
  EXPECT_TRUE(applied("SHOP_CART_CATEGORY_SYNC_GROUP", category_updated));

  EXPECT_EQ(Scalar("SELECT count(*) FROM users WHERE id = '" + user +
                   "' AND email = 'factory@x.test' AND NOT deleted"),
            1);
  EXPECT_EQ(CategoryOf(product), "Games");
}

}  // namespace
}  // namespace shop::cart::testing

#include "events/consumer/error_classification.hpp"

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "events/catalog/event_type.hpp"
#include "events/consumer/event_consumer.hpp"
#include "platform/db/pool.hpp"

namespace shop::events::consumer {
namespace {

template <typename Exception>
ErrorClass ClassOf(const Exception& exception, std::string* what = nullptr) {
  try {
    throw exception;
  } catch (...) {
    std::string message;
    const ErrorClass result = ClassifyCurrentException(message);
    if (what != nullptr) {
      *what = message;
    }
    return result;
  }
}

pqxx::sql_error Sql(const std::string& sqlstate) {
  return pqxx::sql_error("ERROR: something", "SELECT 1", sqlstate.c_str());
}

TEST(ErrorClassification, AnUnreachableOrRestartingDatabaseIsTransient) {
  EXPECT_EQ(ClassOf(db::DatabaseUnavailable("down")), ErrorClass::kTransient);
  EXPECT_EQ(ClassOf(pqxx::broken_connection("gone")), ErrorClass::kTransient);
  EXPECT_EQ(ClassOf(pqxx::in_doubt_error("unknown")), ErrorClass::kTransient);
  EXPECT_EQ(ClassOf(Sql("57P01")), ErrorClass::kTransient);  // admin shutdown
  EXPECT_EQ(ClassOf(Sql("57P03")), ErrorClass::kTransient);  // cannot connect now
  EXPECT_EQ(ClassOf(Sql("57014")), ErrorClass::kTransient);  // statement timeout
  EXPECT_EQ(ClassOf(Sql("08006")), ErrorClass::kTransient);  // connection failure
  EXPECT_EQ(ClassOf(Sql("53300")), ErrorClass::kTransient);  // too many connections
  EXPECT_EQ(ClassOf(TransientError("later")), ErrorClass::kTransient);
}

TEST(ErrorClassification, ConflictsOfConcurrentTransactionsAreTransient) {
  EXPECT_EQ(ClassOf(pqxx::deadlock_detected("deadlock")), ErrorClass::kTransient);
  EXPECT_EQ(ClassOf(pqxx::serialization_failure("retry")), ErrorClass::kTransient);
}

TEST(ErrorClassification, WhatWaitingCannotFixIsPermanent) {
  EXPECT_EQ(ClassOf(Sql("23505")), ErrorClass::kPermanent);  // unique violation
  EXPECT_EQ(ClassOf(Sql("22P02")), ErrorClass::kPermanent);  // invalid text representation
  EXPECT_EQ(ClassOf(PermanentError("rejected")), ErrorClass::kPermanent);
  std::string what;
  EXPECT_EQ(ClassOf(std::invalid_argument("bad data"), &what), ErrorClass::kPermanent);
  EXPECT_EQ(what, "bad data");
  EXPECT_EQ(ClassOf(PayloadError("product.created data has no string price"), &what),
            ErrorClass::kPermanent);
  EXPECT_EQ(what, "product.created data has no string price");
}

}  // namespace
}  // namespace shop::events::consumer

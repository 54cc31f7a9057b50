#include "events/consumer/error_classification.hpp"

#include <pqxx/pqxx>

#include "events/consumer/event_consumer.hpp"
#include "platform/db/pool.hpp"

namespace shop::events::consumer {

ErrorClass ClassifyCurrentException(std::string& what) {
  try {
    throw;
  } catch (const PermanentError& e) {
    what = e.what();
    return ErrorClass::kPermanent;
  } catch (const TransientError& e) {
    what = e.what();
    return ErrorClass::kTransient;
  } catch (const db::DatabaseUnavailable& e) {
    what = e.what();
    return ErrorClass::kTransient;
  } catch (const pqxx::broken_connection& e) {
    what = e.what();
    return ErrorClass::kTransient;
  } catch (const pqxx::in_doubt_error& e) {
    what = e.what();
    return ErrorClass::kTransient;
  } catch (const pqxx::transaction_rollback& e) {  // serialization failure, deadlock
    what = e.what();
    return ErrorClass::kTransient;
  } catch (const pqxx::sql_error& e) {
    what = e.what();
    // 53 insufficient resources, 57 operator intervention (57014 statement timeout, 57P01 admin
    // shutdown, 57P03 cannot connect now: a restarting server), 08 connection exception.
    const std::string& state = e.sqlstate();
    const bool transient =
        state.starts_with("53") || state.starts_with("57") || state.starts_with("08");
    return transient ? ErrorClass::kTransient : ErrorClass::kPermanent;
  } catch (const std::exception& e) {
    what = e.what();
    return ErrorClass::kPermanent;
  } catch (...) {
    what = "non-standard exception";
    return ErrorClass::kPermanent;
  }
}

}  // namespace shop::events::consumer

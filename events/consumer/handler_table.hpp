#pragma once
// A consumer group's handlers, one per event type of the catalogue (events/catalog/catalog.hpp):
//
//   HandlerTable handlers;
//   handlers.On<CategoryUpdated>([](pqxx::work& txn, const CategoryUpdated& event) { ... });
//   handlers.On<CategoryDeleted>(
//       [](pqxx::work& txn, const CategoryDeleted& event, const CloudEvent& envelope) { ... });
//
// The type is a C++ type, so a misspelt one does not compile, and the group's topics are the
// handled types' topics (Topics()), never a list written by hand. The consumer runtime
// (event_consumer.hpp) dispatches a decoded CloudEvent by its ce_type; T's reader checks that
// ce_dataschema is T's schema id and reads the data with T::FromJson, before any transaction, and
// throws PayloadError (a permanent failure: retried up to max_attempts, then dead-lettered) when
// either is wrong. A ce_type with no handler is dead-lettered by the runtime.
//
// Not thread-safe while being filled; immutable afterwards (the runtime only reads it).

#include <functional>
#include <map>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "events/catalog/event_type.hpp"
#include "events/cloud_event.hpp"

namespace shop::events::consumer {

class HandlerTable {
 public:
  // One event, read and ready to be applied in the inbox transaction.
  using Apply = std::function<void(pqxx::work&)>;
  // Reads a decoded event of the handled type: throws PayloadError when its data does not follow
  // the type's schema, so a malformed event never opens a transaction.
  using Reader = std::function<Apply(const CloudEvent&)>;

  // Handles T with `handler`, called as handler(txn, event) or handler(txn, event, envelope).
  // Throws std::invalid_argument when T already has a handler (a programming error).
  template <CatalogEvent T, typename F>
  HandlerTable& On(F handler) {
    constexpr bool kWithEnvelope =
        std::is_invocable_v<const F&, pqxx::work&, const T&, const CloudEvent&>;
    static_assert(kWithEnvelope || std::is_invocable_v<const F&, pqxx::work&, const T&>,
                  "a handler of T takes (pqxx::work&, const T&[, const CloudEvent&])");
    Add(T::kType, [handler = std::move(handler)](const CloudEvent& envelope) -> Apply {
      RequireSchema(envelope, T::kType);
      return [&handler, &envelope, event = T::FromJson(envelope.data)](pqxx::work& txn) {
        if constexpr (kWithEnvelope) {
          handler(txn, event, envelope);
        } else {
          handler(txn, event);
        }
      };
    });
    return *this;
  }

  // The reader of ce_type `type`, or null when no handler takes it. The Apply it returns refers
  // to this table and to the envelope it read: both must outlive it.
  const Reader* Find(std::string_view type) const;
  // The topics of the handled types, sorted, each once.
  std::vector<std::string> Topics() const;
  bool empty() const { return entries_.empty(); }

 private:
  struct Entry {
    std::string topic;
    Reader reader;
  };

  // Throws PayloadError when `envelope` names another schema (version) than `type`'s.
  static void RequireSchema(const CloudEvent& envelope, const EventTypeInfo& type);
  void Add(const EventTypeInfo& type, Reader reader);

  std::map<std::string, Entry, std::less<>> entries_;  // ce_type ->
};

}  // namespace shop::events::consumer

#pragma once
// The objects a service keeps for as long as it runs (an authenticator, clients of the services
// it asks, a password hasher): the service definition builds them during start-up and hands them
// to the runtime, which owns them and destroys them after the HTTP server and the background
// tasks have stopped, the newest first (so an object may use any built before it).
//
// At most one object per type: Get<T>() finds it again, e.g. a background task the routes' client.
// Filled during start-up only (ServiceDefinition::add_routes and background_tasks, on the main
// thread); afterwards it is read-only and may be read from any thread.

#include <memory>
#include <stdexcept>
#include <string>
#include <typeindex>
#include <typeinfo>
#include <utility>
#include <vector>

namespace shop::service {

class ServiceObjects {
 public:
  ServiceObjects() = default;
  ~ServiceObjects() {
    while (!objects_.empty()) {
      objects_.pop_back();  // newest first: std::vector does not promise an order
    }
  }
  ServiceObjects(const ServiceObjects&) = delete;
  ServiceObjects& operator=(const ServiceObjects&) = delete;

  // Builds a T from `args` and keeps it. Throws std::logic_error when a T is kept already.
  template <typename T, typename... Args>
  T& Emplace(Args&&... args) {
    return Keep(std::make_unique<T>(std::forward<Args>(args)...));
  }

  // Keeps `object`. Throws std::invalid_argument when it is null, std::logic_error when a T is
  // kept already.
  template <typename T>
  T& Keep(std::unique_ptr<T> object) {
    if (object == nullptr) {
      throw std::invalid_argument(std::string("ServiceObjects: a null ") + typeid(T).name());
    }
    if (Find<T>() != nullptr) {
      throw std::logic_error(std::string("ServiceObjects: a second ") + typeid(T).name());
    }
    T& kept = *object;
    objects_.push_back({std::type_index(typeid(T)), std::make_unique<Held<T>>(std::move(object))});
    return kept;
  }

  // The kept T, or null.
  template <typename T>
  T* Find() const {
    for (const Entry& entry : objects_) {
      if (entry.type == std::type_index(typeid(T))) {
        return static_cast<Held<T>&>(*entry.holder).object.get();
      }
    }
    return nullptr;
  }

  // The kept T. Throws std::logic_error when there is none (a start-up ordering mistake).
  template <typename T>
  T& Get() const {
    T* object = Find<T>();
    if (object == nullptr) {
      throw std::logic_error(std::string("ServiceObjects: no ") + typeid(T).name());
    }
    return *object;
  }

 private:
  struct Holder {
    virtual ~Holder() = default;
  };
  template <typename T>
  struct Held final : Holder {
    explicit Held(std::unique_ptr<T> kept) : object(std::move(kept)) {}
    std::unique_ptr<T> object;
  };
  struct Entry {
    std::type_index type;
    std::unique_ptr<Holder> holder;
  };

  std::vector<Entry> objects_;
};

}  // namespace shop::service

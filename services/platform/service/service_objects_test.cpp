#include "platform/service/service_objects.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace shop::service {
namespace {

// Records its destruction in `log`.
struct Tracked {
  Tracked(std::string name, std::vector<std::string>& log) : name(std::move(name)), log(log) {}
  ~Tracked() { log.push_back(name); }
  std::string name;
  std::vector<std::string>& log;
};
struct Other : Tracked {
  using Tracked::Tracked;
};

TEST(ServiceObjects, KeepsOneObjectPerTypeAndFindsItAgain) {
  std::vector<std::string> log;
  ServiceObjects objects;
  Tracked& first = objects.Emplace<Tracked>("first", log);
  EXPECT_EQ(&objects.Get<Tracked>(), &first);
  EXPECT_EQ(objects.Find<Other>(), nullptr);
  EXPECT_THROW(objects.Get<Other>(), std::logic_error);
  EXPECT_THROW(objects.Emplace<Tracked>("again", log), std::logic_error);
  EXPECT_EQ(log, std::vector<std::string>{"again"}) << "the refused one is destroyed at once";
  EXPECT_THROW(objects.Keep(std::unique_ptr<Other>()), std::invalid_argument);
}

TEST(ServiceObjects, DestroysTheNewestFirst) {
  std::vector<std::string> log;
  {
    ServiceObjects objects;
    objects.Emplace<Tracked>("older", log);
    objects.Keep(std::make_unique<Other>("newer", log));
  }
  EXPECT_EQ(log, (std::vector<std::string>{"newer", "older"}));
}

}  // namespace
}  // namespace shop::service

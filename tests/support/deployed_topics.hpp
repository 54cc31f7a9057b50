#pragma once
// The topics deploy/local/kafka/topics.txt creates (the local broker does not create topics on
// its own), for unit tests that check code against it: the event catalogue's topics and each
// consumer group's .retry and .dlq. Header-only; needs SHOP_SOURCE_DIR (shop_unit_tests defines
// it).

#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace shop::testing {

// The first word of each line that is not blank or a comment.
inline std::set<std::string> DeployedTopics() {
  std::ifstream file(SHOP_SOURCE_DIR "/deploy/local/kafka/topics.txt");
  std::set<std::string> topics;
  for (std::string line; std::getline(file, line);) {
    line = line.substr(0, line.find('#'));
    std::istringstream words(line);
    if (std::string name; words >> name) {
      topics.insert(name);
    }
  }
  return topics;
}

}  // namespace shop::testing

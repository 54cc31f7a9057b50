// The reference DDL and the services' copies of it (events/README.md): each service copies
// events/sql/outbox.sql, events/sql/outbox_parking.sql and (when it consumes)
// events/consumer/processed_events.sql into forward-only migrations of its own. This test finds
// every copy by its first statement and checks it equals the reference apart from its leading
// comment lines, and that every service with an outbox also has the parking step.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace shop::events {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The SQL without its leading comment lines and blank lines.
std::string Body(const std::string& sql) {
  std::istringstream lines(sql);
  std::string body;
  bool in_header = true;
  for (std::string line; std::getline(lines, line);) {
    if (in_header && (line.starts_with("--") || line.empty())) {
      continue;
    }
    in_header = false;
    body += line + '\n';
  }
  return body;
}

std::string FirstLine(const std::string& body) { return body.substr(0, body.find('\n')); }

TEST(ReferenceDdlCopies, EveryServiceCopyEqualsItsReferenceApartFromItsHeader) {
  const fs::path root(SHOP_SOURCE_DIR);
  const std::map<std::string, fs::path> references = {
      {"outbox", root / "events/sql/outbox.sql"},
      {"outbox_parking", root / "events/sql/outbox_parking.sql"},
      {"processed_events", root / "events/consumer/processed_events.sql"}};
  std::map<std::string, std::set<std::string>> copies;  // reference -> services with a copy
  for (const auto& service : fs::directory_iterator(root / "services")) {
    const fs::path migrations = service.path() / "migrations";
    if (!fs::is_directory(migrations)) {
      continue;
    }
    for (const auto& file : fs::directory_iterator(migrations)) {
      const std::string body = Body(Read(file.path()));
      for (const auto& [name, reference] : references) {
        const std::string expected = Body(Read(reference));
        if (FirstLine(body) != FirstLine(expected)) {
          continue;
        }
        copies[name].insert(service.path().filename());
        EXPECT_EQ(body, expected) << file.path() << " is a copy of " << reference
                                  << " that drifted: add a new migration instead";
      }
    }
  }
  ASSERT_FALSE(copies["outbox"].empty()) << "no service copies events/sql/outbox.sql";
  EXPECT_EQ(copies["outbox_parking"], copies["outbox"])
      << "every service with an outbox needs the parking migration too";
  EXPECT_FALSE(copies["processed_events"].empty());
}

}  // namespace
}  // namespace shop::events

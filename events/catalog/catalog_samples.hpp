#pragma once
// Test support: sample events of every catalogue type, with their optional and nullable members
// set and unset, the schemas' example files, and the message of a refusal. Used by the catalogue's
// unit tests and by event_catalog_samples, whose output the schemas' validator checks.

#include <string>
#include <vector>

#include "events/catalog/catalog.hpp"

namespace shop::events::testing {

// At least two samples of T: one with every optional member set, one with none.
template <typename T>
std::vector<T> SamplesOf();

struct ExampleFile {
  std::string type;  // the schema folder: "product.created"
  std::string name;  // "valid-full.json"
  bool valid = false;
  std::string data;
};

// schemas/events/*/examples/*.json of the checkout (SHOP_SOURCE_DIR), sorted by path.
std::vector<ExampleFile> SchemaExamples();

// The message of the PayloadError `parse` throws, or "" when it throws none.
template <typename Parse>
std::string PayloadErrorOf(Parse parse) {
  try {
    parse();
  } catch (const PayloadError& e) {
    return e.what();
  }
  return "";
}

}  // namespace shop::events::testing

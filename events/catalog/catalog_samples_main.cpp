// Prints `<type>\t<data>` lines, the input of tests/schemas/validate_events.py: every sample event
// of the catalogue as ToJson writes it, and every valid schema example read with FromJson and
// written again. Exits 1 when a valid example is refused (the unit tests say why).
#include <iostream>

#include "events/catalog/catalog_samples.hpp"

int main() {
  using namespace shop::events;
  int refused = 0;
  ForEachEventType([]<typename T>() {
    for (const T& sample : testing::SamplesOf<T>()) {
      std::cout << T::kType.type << '\t' << sample.ToJson() << '\n';
    }
  });
  for (const testing::ExampleFile& example : testing::SchemaExamples()) {
    if (!example.valid) {
      continue;
    }
    ForEachEventType([&]<typename T>() {
      if (T::kType.type != example.type) {
        return;
      }
      try {
        std::cout << T::kType.type << '\t' << T::FromJson(example.data).ToJson() << '\n';
      } catch (const PayloadError& e) {
        std::cerr << example.type << "/" << example.name << ": " << e.what() << '\n';
        ++refused;
      }
    });
  }
  return refused == 0 ? 0 : 1;
}

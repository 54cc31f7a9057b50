#include "platform/text/uuid.hpp"

#include <gtest/gtest.h>

namespace shop::text {
namespace {

TEST(IsUuid, AcceptsTheCanonicalShapeInEitherCase) {
  EXPECT_TRUE(IsUuid("0192f0c4-7a1e-7b3c-8d2e-1f2a3b4c5d6e"));
  EXPECT_TRUE(IsUuid("0192F0C4-7A1E-7B3C-8D2E-1F2A3B4C5D6E"));
}

TEST(IsUuid, RefusesEverythingElse) {
  for (const char* bad :
       {"", "0192f0c4-7a1e-7b3c-8d2e-1f2a3b4c5d6", "0192f0c4x7a1e-7b3c-8d2e-1f2a3b4c5d6e",
        "0192f0c4-7a1e-7b3c-8d2e-1f2a3b4c5d6g", "{0192f0c4-7a1e-7b3c-8d2e-1f2a3b4c5d6}"}) {
    EXPECT_FALSE(IsUuid(bad)) << bad;
  }
}

}  // namespace
}  // namespace shop::text

#include "shopctl/exit_codes.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace shop::shopctl {
namespace {

TEST(ExitCodes, EachErrorMapsToItsDocumentedCodeOnOneLine) {
  std::ostringstream err;
  EXPECT_EQ(ReportError(UsageError("bad\nflag"), err), 2);
  EXPECT_EQ(ReportError(ConnectError("no broker"), err), 3);
  EXPECT_EQ(ReportError(std::runtime_error("other"), err), 1);
  EXPECT_EQ(err.str(), "shopctl: bad flag\nshopctl: no broker\nshopctl: other\n");
}

}  // namespace
}  // namespace shop::shopctl

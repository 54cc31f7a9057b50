#pragma once
// The check every end-to-end test makes of an error answer: an RFC 9457 problem
// (application/problem+json) with the expected status in the header line and in the body, and the
// `type` and `title` every problem of this platform carries. Header-only; needs GoogleTest.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace shop::testing {

inline void ExpectProblem(const HttpResult& result, unsigned status) {
  EXPECT_EQ(result.status, status) << result.body;
  EXPECT_EQ(result.headers.at("content-type"), "application/problem+json");
  const nlohmann::json problem = nlohmann::json::parse(result.body);
  EXPECT_EQ(problem.at("status"), status);
  EXPECT_TRUE(problem.contains("type")) << result.body;
  EXPECT_TRUE(problem.contains("title")) << result.body;
}

}  // namespace shop::testing

#include "platform/http/request_id.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/http/url_decode.hpp"

namespace shop::http {
namespace {

constexpr const char* kValid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

TEST(RequestIdTest, SaneClientIdsAreKept) {
  EXPECT_EQ(RequestIdFrom("abc-123_x.Y"), "abc-123_x.Y");
  EXPECT_EQ(RequestIdFrom(std::string(128, 'a')), std::string(128, 'a'));
}

TEST(RequestIdTest, UnsafeOrMissingIdsAreReplacedByGeneratedOnes) {
  for (const std::string& bad : std::vector<std::string>{"", "has space", "semi;colon", "new\nline",
                                                         std::string(129, 'a')}) {
    const std::string id = RequestIdFrom(bad);
    EXPECT_NE(id, bad);
    EXPECT_EQ(id.size(), 32u);
    EXPECT_TRUE(IsSaneRequestId(id));
  }
}

TEST(RequestIdTest, GeneratedIdsDiffer) { EXPECT_NE(GenerateRequestId(), GenerateRequestId()); }

TEST(RequestIdTest, ValidTraceparentIsKeptAndItsTraceIdExtracted) {
  EXPECT_EQ(ValidTraceparent(kValid), kValid);
  EXPECT_EQ(TraceIdOf(kValid), "4bf92f3577b34da6a3ce929d0e0e4736");
}

TEST(RequestIdTest, MalformedTraceparentsAreDropped) {
  const std::string valid = kValid;
  std::string upper = valid;
  upper[5] = 'F';
  for (const std::string& bad : std::vector<std::string>{
           std::string{},
           "01" + valid.substr(2),                                         // version
           "00-" + std::string(32, '0') + valid.substr(35),                // zero trace id
           valid.substr(0, 36) + std::string(16, '0') + valid.substr(52),  // zero parent id
           upper,                                                          // uppercase hex
           valid + "-extra",                                               // length
           valid.substr(0, 2) + "_" + valid.substr(3),                     // separator
       }) {
    EXPECT_EQ(ValidTraceparent(bad), "") << bad;
    EXPECT_EQ(TraceIdOf(bad), "") << bad;
  }
}

TEST(RequestIdTest, AGeneratedTraceparentIsValidSampledAndNew) {
  const std::string first = GenerateTraceparent();
  EXPECT_EQ(ValidTraceparent(first), first);
  EXPECT_TRUE(first.ends_with("-01")) << first;
  EXPECT_NE(GenerateTraceparent(), first);
  EXPECT_NE(TraceIdOf(GenerateTraceparent()), TraceIdOf(first));
}

TEST(UrlDecodeTest, PathAndQueryAreDecoded) {
  const auto decoded = DecodeTarget("/a%20b/c+d?x=1+2&y=%2F&flag&x=3");
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->path, "/a b/c+d");
  EXPECT_EQ(decoded->query.count("x"), 2u);
  EXPECT_EQ(decoded->query.find("x")->second, "1 2");
  EXPECT_EQ(decoded->query.find("y")->second, "/");
  EXPECT_EQ(decoded->query.find("flag")->second, "");
}

TEST(UrlDecodeTest, MalformedEscapesAndNonOriginTargetsAreRejected) {
  EXPECT_FALSE(DecodeTarget("/a%2").has_value());
  EXPECT_FALSE(DecodeTarget("/a%zz").has_value());
  EXPECT_FALSE(DecodeTarget("/a%00").has_value());
  EXPECT_FALSE(DecodeTarget("http://host/a").has_value());
}

}  // namespace
}  // namespace shop::http

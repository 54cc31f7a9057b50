#include "platform/config/env_config.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace shop::config {
namespace {

EnvConfig ConfigWith(std::map<std::string, std::string> values) {
  return EnvConfig(
      [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
        const auto found = values.find(name);
        if (found == values.end()) {
          return std::nullopt;
        }
        return found->second;
      });
}

// Runs `read` and returns the ConfigError message, or fails the test when nothing is thrown.
template <typename Fn>
std::string ErrorOf(Fn&& read) {
  try {
    read();
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ConfigError";
  return {};
}

TEST(EnvConfigTest, UnsetAndEmptyVariablesFallBackToDefaults) {
  const EnvConfig config = ConfigWith({{"SHOP_EMPTY", ""}});
  EXPECT_EQ(config.String("SHOP_MISSING", "dflt"), "dflt");
  EXPECT_EQ(config.String("SHOP_EMPTY", "dflt"), "dflt");
  EXPECT_EQ(config.Int("SHOP_MISSING", 7, 0, 10), 7);
  EXPECT_EQ(config.Port("SHOP_EMPTY", 8080), 8080);
  EXPECT_TRUE(config.Bool("SHOP_MISSING", true));
  EXPECT_EQ(config.Duration("SHOP_MISSING", std::chrono::seconds(3)), std::chrono::seconds(3));
  EXPECT_EQ(config.Bytes("SHOP_MISSING", 42), 42U);
}

TEST(EnvConfigTest, ValidValuesAreParsed) {
  const EnvConfig config = ConfigWith({{"SHOP_NAME", "category"},
                                       {"SHOP_WORKERS", "-3"},
                                       {"SHOP_HTTP_PORT", "65535"},
                                       {"SHOP_DEBUG", "yes"}});
  EXPECT_EQ(config.String("SHOP_NAME", "x"), "category");
  EXPECT_EQ(config.Int("SHOP_WORKERS", 1, -10, 10), -3);
  EXPECT_EQ(config.Port("SHOP_HTTP_PORT", 1), 65535);
  EXPECT_TRUE(config.Bool("SHOP_DEBUG", false));
}

TEST(EnvConfigTest, RequiredStringNamesTheMissingVariable) {
  const EnvConfig config = ConfigWith({{"SHOP_DATABASE_URL", ""}});
  EXPECT_EQ(ErrorOf([&] { config.RequiredString("SHOP_DATABASE_URL"); }),
            "SHOP_DATABASE_URL is not set: expected a non-empty value");
  EXPECT_EQ(
      ConfigWith({{"SHOP_DATABASE_URL", "postgresql://x"}}).RequiredString("SHOP_DATABASE_URL"),
      "postgresql://x");
}

TEST(EnvConfigTest, NonNumericPortNamesVariableValueAndRange) {
  const EnvConfig config = ConfigWith({{"SHOP_HTTP_PORT", "80x"}});
  EXPECT_EQ(ErrorOf([&] { config.Port("SHOP_HTTP_PORT", 8080); }),
            "SHOP_HTTP_PORT=\"80x\": expected an integer between 0 and 65535");
}

TEST(EnvConfigTest, PortOutOfRangeIsRejected) {
  const EnvConfig config = ConfigWith({{"SHOP_HTTP_PORT", "65536"}, {"SHOP_OTHER_PORT", "-1"}});
  EXPECT_EQ(ErrorOf([&] { config.Port("SHOP_HTTP_PORT", 8080); }),
            "SHOP_HTTP_PORT=\"65536\": expected an integer between 0 and 65535");
  EXPECT_EQ(ErrorOf([&] { config.Port("SHOP_OTHER_PORT", 8080); }),
            "SHOP_OTHER_PORT=\"-1\": expected an integer between 0 and 65535");
}

TEST(EnvConfigTest, IntRangeBoundsAreInclusive) {
  const EnvConfig config = ConfigWith({{"LOW", "1"}, {"HIGH", "64"}, {"ABOVE", "65"}});
  EXPECT_EQ(config.Int("LOW", 4, 1, 64), 1);
  EXPECT_EQ(config.Int("HIGH", 4, 1, 64), 64);
  EXPECT_EQ(ErrorOf([&] { config.Int("ABOVE", 4, 1, 64); }),
            "ABOVE=\"65\": expected an integer between 1 and 64");
}

TEST(EnvConfigTest, IntRejectsSpacesSignsAndOverflow) {
  const EnvConfig config = ConfigWith(
      {{"SPACE", " 5"}, {"PLUS", "+5"}, {"HUGE", "99999999999999999999"}, {"FRACTION", "1.5"}});
  for (const char* name : {"SPACE", "PLUS", "HUGE", "FRACTION"}) {
    EXPECT_NE(ErrorOf([&] { config.Int(name, 0, 0, 100); }).find(std::string(name) + "=\""),
              std::string::npos)
        << name;
  }
}

TEST(EnvConfigTest, BoolAcceptsEveryDocumentedForm) {
  const EnvConfig config = ConfigWith({{"T1", "true"},
                                       {"T2", "1"},
                                       {"T3", "YES"},
                                       {"T4", "True"},
                                       {"F1", "false"},
                                       {"F2", "0"},
                                       {"F3", "no"}});
  for (const char* name : {"T1", "T2", "T3", "T4"}) {
    EXPECT_TRUE(config.Bool(name, false)) << name;
  }
  for (const char* name : {"F1", "F2", "F3"}) {
    EXPECT_FALSE(config.Bool(name, true)) << name;
  }
}

TEST(EnvConfigTest, InvalidBoolNamesTheForms) {
  const EnvConfig config = ConfigWith({{"SHOP_DEBUG", "maybe"}});
  EXPECT_EQ(ErrorOf([&] { config.Bool("SHOP_DEBUG", false); }),
            "SHOP_DEBUG=\"maybe\": expected one of true, false, 1, 0, yes, no");
}

TEST(EnvConfigTest, DurationsAcceptMillisecondsSecondsMinutesHoursAndDays) {
  const EnvConfig config = ConfigWith({{"PLAIN", "250"},
                                       {"MS", "250ms"},
                                       {"S", "5s"},
                                       {"M", "2m"},
                                       {"H", "3h"},
                                       {"D", "30d"},
                                       {"ZERO", "0s"}});
  const auto fallback = std::chrono::milliseconds(1);
  EXPECT_EQ(config.Duration("PLAIN", fallback), std::chrono::milliseconds(250));
  EXPECT_EQ(config.Duration("MS", fallback), std::chrono::milliseconds(250));
  EXPECT_EQ(config.Duration("S", fallback), std::chrono::seconds(5));
  EXPECT_EQ(config.Duration("M", fallback), std::chrono::minutes(2));
  EXPECT_EQ(config.Duration("H", fallback), std::chrono::hours(3));
  EXPECT_EQ(config.Duration("D", fallback), std::chrono::hours(24 * 30));
  EXPECT_EQ(config.Duration("ZERO", fallback), std::chrono::milliseconds(0));
}

TEST(EnvConfigTest, InvalidDurationsNameTheVariableAndSuffixes) {
  const EnvConfig config = ConfigWith({{"SHOP_TIMEOUT", "5w"},
                                       {"NEGATIVE", "-5s"},
                                       {"NO_NUMBER", "ms"},
                                       {"OVERFLOW", "9999999999999999999m"}});
  const std::string message = ErrorOf([&] { config.Duration("SHOP_TIMEOUT", {}); });
  EXPECT_EQ(message.rfind("SHOP_TIMEOUT=\"5w\": expected a non-negative duration", 0), 0U)
      << message;
  EXPECT_NE(message.find("ms, s, m, h or d"), std::string::npos) << message;
  for (const char* name : {"NEGATIVE", "NO_NUMBER", "OVERFLOW"}) {
    EXPECT_NE(ErrorOf([&] { config.Duration(name, {}); }).find(std::string(name) + "=\""),
              std::string::npos)
        << name;
  }
}

TEST(EnvConfigTest, BytesAcceptBinarySuffixes) {
  const EnvConfig config =
      ConfigWith({{"PLAIN", "100"}, {"K", "512KiB"}, {"M", "2MiB"}, {"G", "1GiB"}});
  EXPECT_EQ(config.Bytes("PLAIN", 0), 100U);
  EXPECT_EQ(config.Bytes("K", 0), 512U * 1024U);
  EXPECT_EQ(config.Bytes("M", 0), 2U * 1024U * 1024U);
  EXPECT_EQ(config.Bytes("G", 0), 1024ULL * 1024ULL * 1024ULL);
}

TEST(EnvConfigTest, InvalidBytesNameTheVariable) {
  const EnvConfig config = ConfigWith(
      {{"SHOP_BODY_LIMIT", "1MB"}, {"NEGATIVE", "-1"}, {"OVERFLOW", "99999999999999GiB"}});
  EXPECT_EQ(ErrorOf([&] { config.Bytes("SHOP_BODY_LIMIT", 0); }),
            "SHOP_BODY_LIMIT=\"1MB\": expected a size in bytes: a non-negative integer, optionally "
            "with suffix KiB, MiB or GiB (e.g. \"512KiB\")");
  for (const char* name : {"NEGATIVE", "OVERFLOW"}) {
    EXPECT_NE(ErrorOf([&] { config.Bytes(name, 0); }).find(std::string(name) + "=\""),
              std::string::npos)
        << name;
  }
}

TEST(EnvConfigTest, ProcessEnvironmentReadsRealVariables) {
  const EnvLookup lookup = ProcessEnvironment();
  EXPECT_FALSE(lookup("SHOP_SURELY_NOT_SET_ANYWHERE_42").has_value());
  EXPECT_TRUE(lookup("PATH").has_value());
}

// A private directory for secret files, removed with the fixture.
class EnvConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("env_config_test." + std::to_string(::getpid()) + "." +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const std::filesystem::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  std::filesystem::path dir_;
};

TEST_F(EnvConfigFileTest, UnsetVariableIsReadFromTheFileItsFileVariableNames) {
  const EnvConfig config =
      ConfigWith({{"SHOP_DATABASE_URL_FILE", Write("db", "postgresql://u:p@db/x\n")},
                  {"SHOP_DB_POOL_SIZE_FILE", Write("pool", "7")}});
  EXPECT_EQ(config.RequiredString("SHOP_DATABASE_URL"), "postgresql://u:p@db/x");
  EXPECT_EQ(config.Int("SHOP_DB_POOL_SIZE", 4, 1, 256), 7);
  EXPECT_EQ(config.Optional("SHOP_DATABASE_URL"), "postgresql://u:p@db/x");
}

TEST_F(EnvConfigFileTest, OnlyOneTrailingNewlineIsStripped) {
  const EnvConfig config = ConfigWith({{"A_FILE", Write("a", "secret\n\n")},
                                       {"B_FILE", Write("b", "secret\r\n")},
                                       {"C_FILE", Write("c", " two\nlines ")},
                                       {"D_FILE", Write("d", "-----BEGIN-----\nkey\n")}});
  EXPECT_EQ(config.String("A", ""), "secret\n");
  EXPECT_EQ(config.String("B", ""), "secret");
  EXPECT_EQ(config.String("C", ""), " two\nlines ");
  EXPECT_EQ(config.String("D", ""), "-----BEGIN-----\nkey");
}

TEST_F(EnvConfigFileTest, EmptyFileCountsAsUnset) {
  const EnvConfig config = ConfigWith({{"SHOP_X_FILE", Write("x", "\n")}});
  EXPECT_EQ(config.String("SHOP_X", "dflt"), "dflt");
  EXPECT_EQ(ErrorOf([&] { config.RequiredString("SHOP_X"); }),
            "SHOP_X is not set: expected a non-empty value");
}

TEST_F(EnvConfigFileTest, UnreadableFileNamesTheVariableAndThePath) {
  const std::string missing = (dir_ / "absent").string();
  const EnvConfig config =
      ConfigWith({{"SHOP_DATABASE_URL_FILE", missing}, {"SHOP_DIR_FILE", dir_.string()}});
  EXPECT_EQ(ErrorOf([&] { config.RequiredString("SHOP_DATABASE_URL"); }),
            "SHOP_DATABASE_URL_FILE=\"" + missing + "\": cannot read the file");
  EXPECT_EQ(ErrorOf([&] { config.String("SHOP_DIR", ""); }),
            "SHOP_DIR_FILE=\"" + dir_.string() + "\": cannot read the file");
}

TEST_F(EnvConfigFileTest, VariableAndFileVariableTogetherAreRejected) {
  const EnvConfig config = ConfigWith(
      {{"SHOP_DATABASE_URL", "postgresql://x"}, {"SHOP_DATABASE_URL_FILE", Write("db", "y")}});
  EXPECT_EQ(ErrorOf([&] { config.RequiredString("SHOP_DATABASE_URL"); }),
            "SHOP_DATABASE_URL and SHOP_DATABASE_URL_FILE are both set: expected only one of them");
}

TEST_F(EnvConfigFileTest, SetVariableWinsOverAnEmptyFileVariable) {
  const EnvConfig config =
      ConfigWith({{"SHOP_DATABASE_URL", "postgresql://x"}, {"SHOP_DATABASE_URL_FILE", ""}});
  EXPECT_EQ(config.RequiredString("SHOP_DATABASE_URL"), "postgresql://x");
}

}  // namespace
}  // namespace shop::config

#include "platform/metrics/registry.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace shop::metrics {
namespace {

TEST(RegistryTest, CounterAndGaugeRenderWithHelpTypeAndSortedSeries) {
  Registry registry;
  registry.GetCounter("orders_total", "Orders placed.", {"status", "channel"}, {"ok", "web"})
      .Inc(2);
  registry.GetCounter("orders_total", "Orders placed.", {"status", "channel"}, {"failed", "app"})
      .Inc();
  registry.GetGauge("pool_size", "Pool size.").Set(4.5);
  EXPECT_EQ(registry.RenderText(),
            "# HELP orders_total Orders placed.\n"
            "# TYPE orders_total counter\n"
            "orders_total{status=\"failed\",channel=\"app\"} 1\n"
            "orders_total{status=\"ok\",channel=\"web\"} 2\n"
            "# HELP pool_size Pool size.\n"
            "# TYPE pool_size gauge\n"
            "pool_size 4.5\n");
}

TEST(RegistryTest, HistogramRendersCumulativeBucketsSumAndCount) {
  Registry registry;
  Histogram& histogram =
      registry.GetHistogram("latency_seconds", "Latency.", {0.1, 0.5}, {"route"}, {"/a"});
  histogram.Observe(0.05);
  histogram.Observe(0.1);  // bounds are inclusive
  histogram.Observe(0.3);
  histogram.Observe(2);
  EXPECT_EQ(registry.RenderText(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{route=\"/a\",le=\"0.1\"} 2\n"
            "latency_seconds_bucket{route=\"/a\",le=\"0.5\"} 3\n"
            "latency_seconds_bucket{route=\"/a\",le=\"+Inf\"} 4\n"
            "latency_seconds_sum{route=\"/a\"} 2.45\n"
            "latency_seconds_count{route=\"/a\"} 4\n");
}

TEST(RegistryTest, LabelValuesAndHelpAreEscaped) {
  Registry registry;
  registry.GetCounter("x_total", "Line one\nback\\slash \"q\"", {"v"}, {"a\"b\\c\nd"}).Inc();
  EXPECT_EQ(registry.RenderText(),
            "# HELP x_total Line one\\nback\\\\slash \"q\"\n"
            "# TYPE x_total counter\n"
            "x_total{v=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(RegistryTest, CallbackGaugeIsReadAtRenderTime) {
  Registry registry;
  double depth = 1;
  registry.AddCallbackGauge("queue_depth", "Depth.", [&depth] { return depth; });
  depth = 7;
  EXPECT_EQ(registry.RenderText(),
            "# HELP queue_depth Depth.\n# TYPE queue_depth gauge\nqueue_depth 7\n");
}

TEST(RegistryTest, LabelledCallbackGaugesRenderOneSeriesEach) {
  Registry registry;
  double product = 2;
  registry.AddCallbackGauge("state", "State.", {"upstream"}, {"product"}, [&] { return product; });
  registry.AddCallbackGauge("state", "State.", {"upstream"}, {"auth"}, [] { return 0.0; });
  product = 1;
  EXPECT_EQ(registry.RenderText(),
            "# HELP state State.\n# TYPE state gauge\nstate{upstream=\"auth\"} 0\n"
            "state{upstream=\"product\"} 1\n");
  EXPECT_THROW(registry.AddCallbackGauge("state", "State.", {"other"}, {"x"}, [] { return 0.0; }),
               std::invalid_argument);
}

TEST(RegistryTest, SeriesReferencesAreStable) {
  Registry registry;
  Counter& first = registry.GetCounter("a_total", "A.", {"k"}, {"1"});
  for (int i = 0; i < 100; ++i) {
    registry.GetCounter("a_total", "A.", {"k"}, {std::to_string(i + 2)});
  }
  EXPECT_EQ(&first, &registry.GetCounter("a_total", "A.", {"k"}, {"1"}));
}

TEST(RegistryTest, InvalidNamesAndMismatchesAreRejected) {
  Registry registry;
  EXPECT_THROW(registry.GetGauge("1bad", "x"), std::invalid_argument);
  EXPECT_THROW(registry.GetGauge("bad-name", "x"), std::invalid_argument);
  EXPECT_THROW(registry.GetCounter("no_suffix", "x"), std::invalid_argument);
  EXPECT_THROW(registry.GetGauge("g", "x", {"__reserved"}, {"v"}), std::invalid_argument);
  EXPECT_THROW(registry.GetGauge("g", "x", {"a:b"}, {"v"}), std::invalid_argument);
  EXPECT_THROW(registry.GetGauge("g", "x", {"a", "a"}, {"v", "w"}), std::invalid_argument);
  EXPECT_THROW(registry.GetHistogram("h", "x", {1}, {"le"}, {"v"}), std::invalid_argument);
  EXPECT_THROW(registry.GetHistogram("h2", "x", {2, 1}), std::invalid_argument);
  registry.GetGauge("ok_gauge", "x", {"a"}, {"v"});
  EXPECT_THROW(registry.GetGauge("ok_gauge", "x", {"a"}, {}), std::invalid_argument);
  EXPECT_THROW(registry.GetGauge("ok_gauge", "x", {"b"}, {"v"}), std::invalid_argument);
  EXPECT_THROW(registry.GetCounter("ok_gauge", "x", {"a"}, {"v"}), std::invalid_argument);
}

TEST(RegistryTest, CountersOnlyGoUp) {
  Registry registry;
  EXPECT_THROW(registry.GetCounter("c_total", "x").Inc(-1), std::invalid_argument);
}

}  // namespace
}  // namespace shop::metrics

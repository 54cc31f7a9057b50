#pragma once
// Prometheus metrics: counters, gauges and histograms with labels, rendered in the text exposition
// format 0.0.4. Thread-safe: families and series may be created and updated from any thread.
// Series references stay valid for the registry's lifetime, so hot paths look a series up once.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace shop::metrics {

using LabelValues = std::vector<std::string>;

class Counter {
 public:
  void Inc(double amount = 1.0);
  double Value() const;

 private:
  mutable std::mutex mutex_;
  double value_ = 0;
};

class Gauge {
 public:
  void Set(double value);
  void Add(double amount);
  double Value() const;

 private:
  mutable std::mutex mutex_;
  double value_ = 0;
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void Observe(double value);
  struct Snapshot {
    std::vector<double> bounds;
    std::vector<unsigned long long> cumulative;
    double sum;
    unsigned long long count;
  };
  Snapshot Read() const;

 private:
  mutable std::mutex mutex_;
  std::vector<double> bounds_;
  std::vector<unsigned long long> counts_;  // per bucket, not cumulative; last is +Inf
  double sum_ = 0;
  unsigned long long count_ = 0;
};

// Default latency buckets in seconds (5 ms .. 10 s).
std::vector<double> DefaultLatencyBuckets();

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Returns the series for these label values, creating family and series on first use.
  // Names must follow Prometheus conventions (counters end in _total, units in the name).
  // Throws std::invalid_argument on a bad name or a label count that does not match.
  Counter& GetCounter(const std::string& name, const std::string& help,
                      const std::vector<std::string>& label_names = {},
                      const LabelValues& values = {});
  Gauge& GetGauge(const std::string& name, const std::string& help,
                  const std::vector<std::string>& label_names = {}, const LabelValues& values = {});
  Histogram& GetHistogram(const std::string& name, const std::string& help,
                          const std::vector<double>& buckets,
                          const std::vector<std::string>& label_names = {},
                          const LabelValues& values = {});

  // A gauge whose value is read when /metrics is rendered (pool usage, queue depth). Callbacks
  // run under the registry's lock: they must not call into the registry, and whatever they read
  // must outlive the registry (or the callback be replaced). A second registration of the same
  // series replaces the first.
  void AddCallbackGauge(const std::string& name, const std::string& help,
                        std::function<double()> read);
  // The same, one series per label values (e.g. a circuit breaker's state per upstream).
  void AddCallbackGauge(const std::string& name, const std::string& help,
                        const std::vector<std::string>& label_names, const LabelValues& values,
                        std::function<double()> read);

  std::string RenderText() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shop::metrics

#include "platform/metrics/registry.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <stdexcept>

namespace shop::metrics {
namespace {

enum class Type { kCounter, kGauge, kHistogram, kCallbackGauge };

std::string_view TypeName(Type type) {
  switch (type) {
    case Type::kCounter:
      return "counter";
    case Type::kHistogram:
      return "histogram";
    default:
      return "gauge";
  }
}

bool IsMetricName(std::string_view name) {
  if (name.empty()) {
    return false;
  }
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) {
      return false;
    }
  }
  return true;
}

bool IsLabelName(std::string_view name) {
  return IsMetricName(name) && name.find(':') == std::string_view::npos && !name.starts_with("__");
}

void ValidateFamily(const std::string& name, Type type, const std::vector<std::string>& labels) {
  if (!IsMetricName(name)) {
    throw std::invalid_argument("invalid metric name \"" + name + "\"");
  }
  if (type == Type::kCounter && !name.ends_with("_total")) {
    throw std::invalid_argument("counter name must end in _total: \"" + name + "\"");
  }
  std::set<std::string> seen;
  for (const std::string& label : labels) {
    if (!IsLabelName(label) || (type == Type::kHistogram && label == "le")) {
      throw std::invalid_argument("invalid label name \"" + label + "\" on \"" + name + "\"");
    }
    if (!seen.insert(label).second) {
      throw std::invalid_argument("duplicate label name \"" + label + "\" on \"" + name + "\"");
    }
  }
}

std::string FormatValue(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

// Label values escape backslash, double quote and newline; HELP escapes backslash and newline.
std::string Escape(std::string_view text, bool quote) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

// {a="1",b="2"} plus an optional extra label (le for histogram buckets); "" when empty.
std::string LabelSet(const std::vector<std::string>& names, const LabelValues& values,
                     std::string_view extra_name = {}, std::string_view extra_value = {}) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += out.empty() ? "{" : ",";
    out += names[i] + "=\"" + Escape(values[i], true) + "\"";
  }
  if (!extra_name.empty()) {
    out += out.empty() ? "{" : ",";
    out += std::string(extra_name) + "=\"" + std::string(extra_value) + "\"";
  }
  if (!out.empty()) {
    out += "}";
  }
  return out;
}

}  // namespace

void Counter::Inc(double amount) {
  if (!(amount >= 0)) {
    throw std::invalid_argument("a counter only goes up");
  }
  std::lock_guard lock(mutex_);
  value_ += amount;
}

double Counter::Value() const {
  std::lock_guard lock(mutex_);
  return value_;
}

void Gauge::Set(double value) {
  std::lock_guard lock(mutex_);
  value_ = value;
}

void Gauge::Add(double amount) {
  std::lock_guard lock(mutex_);
  value_ += amount;
}

double Gauge::Value() const {
  std::lock_guard lock(mutex_);
  return value_;
}

Histogram::Histogram(std::vector<double> upper_bounds) : bounds_(std::move(upper_bounds)) {
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    if (!std::isfinite(bounds_[i]) || (i > 0 && bounds_[i] <= bounds_[i - 1])) {
      throw std::invalid_argument("histogram buckets must be finite and strictly increasing");
    }
  }
  counts_.assign(bounds_.size() + 1, 0);
}

void Histogram::Observe(double value) {
  // Buckets are inclusive upper bounds (le); lower_bound finds the first bound >= value.
  const auto index = static_cast<std::size_t>(
      std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
  std::lock_guard lock(mutex_);
  ++counts_[index];
  sum_ += value;
  ++count_;
}

Histogram::Snapshot Histogram::Read() const {
  std::lock_guard lock(mutex_);
  Snapshot snapshot{bounds_, {}, sum_, count_};
  unsigned long long running = 0;
  for (const unsigned long long n : counts_) {
    running += n;
    snapshot.cumulative.push_back(running);  // the last entry is +Inf and equals count
  }
  return snapshot;
}

std::vector<double> DefaultLatencyBuckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

struct Registry::Impl {
  struct Family {
    Type type;
    std::string help;
    std::vector<std::string> label_names;
    std::vector<double> buckets;
    std::map<LabelValues, std::unique_ptr<Counter>> counters;
    std::map<LabelValues, std::unique_ptr<Gauge>> gauges;
    std::map<LabelValues, std::unique_ptr<Histogram>> histograms;
    std::map<LabelValues, std::function<double()>> reads;
  };

  Family& FamilyFor(const std::string& name, const std::string& help, Type type,
                    const std::vector<std::string>& labels, const LabelValues& values,
                    const std::vector<double>& buckets = {}) {
    auto it = families.find(name);
    if (it == families.end()) {
      ValidateFamily(name, type, labels);
      it = families.emplace(name, Family{type, help, labels, buckets, {}, {}, {}, {}}).first;
    }
    Family& family = it->second;
    if (family.type != type || family.label_names != labels || family.buckets != buckets) {
      throw std::invalid_argument("metric \"" + name +
                                  "\" was registered with another type, labels or buckets");
    }
    if (values.size() != labels.size()) {
      throw std::invalid_argument("metric \"" + name + "\" expects " +
                                  std::to_string(labels.size()) + " label values");
    }
    return family;
  }

  void Render(std::string& out, const std::string& name, const Family& family) const;

  mutable std::mutex mutex;
  std::map<std::string, Family> families;  // sorted by name: stable output
};

Registry::Registry() : impl_(std::make_unique<Impl>()) {}
Registry::~Registry() = default;

Counter& Registry::GetCounter(const std::string& name, const std::string& help,
                              const std::vector<std::string>& label_names,
                              const LabelValues& values) {
  std::lock_guard lock(impl_->mutex);
  auto& series = impl_->FamilyFor(name, help, Type::kCounter, label_names, values).counters;
  auto& slot = series[values];
  if (!slot) {
    slot = std::make_unique<Counter>();
  }
  return *slot;
}

Gauge& Registry::GetGauge(const std::string& name, const std::string& help,
                          const std::vector<std::string>& label_names, const LabelValues& values) {
  std::lock_guard lock(impl_->mutex);
  auto& series = impl_->FamilyFor(name, help, Type::kGauge, label_names, values).gauges;
  auto& slot = series[values];
  if (!slot) {
    slot = std::make_unique<Gauge>();
  }
  return *slot;
}

Histogram& Registry::GetHistogram(const std::string& name, const std::string& help,
                                  const std::vector<double>& buckets,
                                  const std::vector<std::string>& label_names,
                                  const LabelValues& values) {
  std::lock_guard lock(impl_->mutex);
  auto& series =
      impl_->FamilyFor(name, help, Type::kHistogram, label_names, values, buckets).histograms;
  auto& slot = series[values];
  if (!slot) {
    slot = std::make_unique<Histogram>(buckets);
  }
  return *slot;
}

void Registry::AddCallbackGauge(const std::string& name, const std::string& help,
                                std::function<double()> read) {
  AddCallbackGauge(name, help, {}, {}, std::move(read));
}

void Registry::AddCallbackGauge(const std::string& name, const std::string& help,
                                const std::vector<std::string>& label_names,
                                const LabelValues& values, std::function<double()> read) {
  std::lock_guard lock(impl_->mutex);
  Impl::Family& family = impl_->FamilyFor(name, help, Type::kCallbackGauge, label_names, values);
  family.reads[values] = std::move(read);  // a second registration replaces the first
}

void Registry::Impl::Render(std::string& out, const std::string& name, const Family& family) const {
  out += "# HELP " + name + " " + Escape(family.help, false) + "\n";
  out += "# TYPE " + name + " " + std::string(TypeName(family.type)) + "\n";
  const auto& labels = family.label_names;
  for (const auto& [values, counter] : family.counters) {
    out += name + LabelSet(labels, values) + " " + FormatValue(counter->Value()) + "\n";
  }
  for (const auto& [values, gauge] : family.gauges) {
    out += name + LabelSet(labels, values) + " " + FormatValue(gauge->Value()) + "\n";
  }
  for (const auto& [values, histogram] : family.histograms) {
    const Histogram::Snapshot snap = histogram->Read();
    for (std::size_t i = 0; i < snap.cumulative.size(); ++i) {
      const std::string le = i < snap.bounds.size() ? FormatValue(snap.bounds[i]) : "+Inf";
      out += name + "_bucket" + LabelSet(labels, values, "le", le) + " " +
             std::to_string(snap.cumulative[i]) + "\n";
    }
    out += name + "_sum" + LabelSet(labels, values) + " " + FormatValue(snap.sum) + "\n";
    out += name + "_count" + LabelSet(labels, values) + " " + std::to_string(snap.count) + "\n";
  }
  for (const auto& [values, read] : family.reads) {
    out += name + LabelSet(labels, values) + " " + FormatValue(read()) + "\n";
  }
}

std::string Registry::RenderText() const {
  // Callbacks run under the registry lock: they must not call back into the registry.
  std::lock_guard lock(impl_->mutex);
  std::string out;
  for (const auto& [name, family] : impl_->families) {
    impl_->Render(out, name, family);
  }
  return out;
}

}  // namespace shop::metrics

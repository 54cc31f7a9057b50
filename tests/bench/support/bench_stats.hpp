#pragma once
// What the benchmark programs share: percentiles of measured values and running a body on several
// threads at once.

#include <functional>
#include <string>
#include <vector>

namespace shop::bench {

// The q-quantile (0 < q <= 1) by the nearest-rank method; NaN for no values.
double Percentile(std::vector<double> values, double q);

// Runs body(t) for t in [0, threads) on as many threads and joins them. The message of an
// exception one of them threw (that thread stops), or "" when none did.
std::string RunOnThreads(int threads, const std::function<void(int)>& body);

}  // namespace shop::bench

#include "bench_stats.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

namespace shop::bench {

double Percentile(std::vector<double> values, double q) {
  if (values.empty()) {
    return std::nan("");
  }
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

std::string RunOnThreads(int threads, const std::function<void(int)>& body) {
  std::mutex error_mutex;
  std::string error;
  std::vector<std::thread> running;
  for (int t = 0; t < threads; ++t) {
    running.emplace_back([&, t] {
      try {
        body(t);
      } catch (const std::exception& e) {
        const std::lock_guard lock(error_mutex);
        error = e.what();
      }
    });
  }
  for (std::thread& thread : running) {
    thread.join();
  }
  return error;
}

}  // namespace shop::bench

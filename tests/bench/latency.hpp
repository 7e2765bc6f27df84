#pragma once
// Latency figures of one benchmark run as Google Benchmark counters (milliseconds): p50, p99, max,
// nearest rank over every sample taken.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <vector>

namespace pantau::test {

inline void report_latency(benchmark::State& state, std::vector<double> ms) {
  if (ms.empty()) return;
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) {
    return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * static_cast<double>(ms.size())))];
  };
  state.counters["p50_ms"] = at(0.50);
  state.counters["p99_ms"] = at(0.99);
  state.counters["max_ms"] = ms.back();
}

}  // namespace pantau::test

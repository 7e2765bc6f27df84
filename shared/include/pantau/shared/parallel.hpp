#pragma once
// Splits pure CPU work (signature checks and seals) over a few threads for one call and joins them
// before returning. Thread-safety: `work(from, to)` runs concurrently on disjoint ranges; it must touch
// only what belongs to its range.
#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace pantau {

// Runs work(from, to) over [0, n) in at most `threads` chunks (0: one per hardware thread), each at
// least `per_thread_min` long; on this thread alone when that leaves one chunk.
template <class Work>
void parallel_chunks(std::size_t n, unsigned threads, std::size_t per_thread_min, Work&& work) {
  const std::size_t wanted = threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : threads;
  const std::size_t count = std::max<std::size_t>(1, std::min(wanted, n / std::max<std::size_t>(1, per_thread_min)));
  if (count == 1) {
    work(std::size_t{0}, n);
    return;
  }
  const std::size_t chunk = (n + count - 1) / count;
  std::vector<std::jthread> helpers;
  helpers.reserve(count - 1);
  for (std::size_t t = 1; t < count; ++t)
    helpers.emplace_back([&work, from = t * chunk, to = std::min(n, (t + 1) * chunk)] { work(from, to); });
  work(std::size_t{0}, std::min(n, chunk));
}  // the helpers join as they go out of scope

}  // namespace pantau

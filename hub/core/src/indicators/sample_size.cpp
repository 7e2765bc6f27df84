#include "pantau/hub/indicators/sample_size.hpp"

#include <algorithm>
#include <cmath>

namespace pantau::hub::indicators {

std::int64_t krejcie_morgan(std::int64_t population) {
  if (population <= 0) return 0;
  if (population >= krejcie_morgan_table_end) return krejcie_morgan_unbounded;
  constexpr double chi2 = 3.841;
  constexpr double p = 0.5;
  constexpr double d = 0.05;
  const auto n = static_cast<double>(population);
  const double s = chi2 * n * p * (1 - p) / (d * d * (n - 1) + chi2 * p * (1 - p));
  return std::min(population, static_cast<std::int64_t>(std::floor(s + 0.5)));
}

}  // namespace pantau::hub::indicators

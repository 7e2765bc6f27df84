#pragma once
// The survey's sample size for a population (Krejcie & Morgan 1970, the table PermenPANRB 14/2017
// points to):  n = X²·N·P(1−P) / (d²·(N−1) + X²·P(1−P)),  X² = 3.841 (1 degree of freedom, 95 %),
// P = 0.5, d = 0.05; rounded to the nearest whole respondent, which gives the published rows
// (10 → 10, 100 → 80, 1 000 → 278, 10 000 → 370). The table ends at N = 100 000 with 384, the value for
// an unbounded population (X²·P(1−P)/d² = 384.16): from there on it is 384, as the table reads.
// Thread-safety: pure functions.
#include <cstdint>

namespace pantau::hub::indicators {

inline constexpr std::int64_t krejcie_morgan_table_end = 100'000;
inline constexpr std::int64_t krejcie_morgan_unbounded = 384;

// 0 for a population of 0 or less; never more than the population.
std::int64_t krejcie_morgan(std::int64_t population);

}  // namespace pantau::hub::indicators

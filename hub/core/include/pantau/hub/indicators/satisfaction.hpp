#pragma once
// Public satisfaction (SKM, PermenPANRB 14/2017) and the quick one-question mode (DESIGN §5).
//   NRR_i = sum of the scores of element i / number of ratings answering element i
//   IKM   = sum_i(NRR_i * w_i) * 25, weights w_i default 1/9, configurable, summing to 1
//   quick_index = mean(overall) * 25;  csat = share of overall 3s and 4s
// Grades of a converted value (25..100), compared after rounding to 2 decimals so that the grade always
// agrees with the number people see: 88.31–100 A Sangat Baik, 76.61–88.30 B Baik, 65.00–76.60 C Kurang
// Baik, 25.00–64.99 D Tidak Baik. Rounding is half-up on the value first snapped to 9 decimals, which
// absorbs binary noise (88.305 -> 88.31 -> A, 88.3049999 -> 88.30 -> B).
// Ratings that answer elements feed NRR/IKM; ratings with an overall score feed quick_index, csat and
// counts; a rating may do both. Ratings flagged misuse are excluded unless the options include them.
// Thread-safety: pure functions and plain values.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "pantau/shared/event.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub::indicators {

inline constexpr std::size_t element_count = rating_data::element_count;  // U1..U9

std::string_view element_code(std::size_t i);  // "U1".."U9" for i = 0..8
std::string_view element_name(std::size_t i);  // "Persyaratan", ..., "Sarana dan Prasarana"

enum class grade { a, b, c, d };
char letter(grade g);               // 'A'..'D'
std::string_view label(grade g);    // "Sangat Baik", "Baik", "Kurang Baik", "Tidak Baik"

// The value in hundredths as displayed (half-up, see above): 88.305 -> 8831. Inputs are clamped to
// +-1e9 and NaN gives 0.
std::int64_t round_hundredths(double value);
double round2(double value);  // round_hundredths(value) / 100
// nullopt outside 25.00..100.00 (after rounding) or not finite: no 1..4 scale produces it.
std::optional<grade> grade_of(double converted);

// Always valid: constructed equal, or through make(), which checks them.
class element_weights {
 public:
  element_weights();  // 1/9 each
  // Error code invalid_weights: a weight is negative or not finite, or they do not sum to 1 (+-1e-9).
  static result<element_weights> make(const std::array<double, element_count>& w);
  const std::array<double, element_count>& values() const { return w_; }

 private:
  explicit element_weights(const std::array<double, element_count>& w) : w_(w) {}
  std::array<double, element_count> w_;
};

struct satisfaction_options {
  bool include_misuse = false;
};

// Sums and counts only: merge days into any period and employees into any scope.
struct satisfaction_totals {
  std::int64_t responses = 0;        // ratings counted (answered overall or any element)
  std::int64_t misuse_excluded = 0;  // misuse ratings left out
  std::array<std::int64_t, 4> counts{};  // overall 1..4
  std::array<std::int64_t, element_count> element_sum{};
  std::array<std::int64_t, element_count> element_answers{};

  void merge(const satisfaction_totals& o);
  bool operator==(const satisfaction_totals&) const = default;
};

// Scores outside 1..4 are ignored (the codec already rejects them at the edge).
void add_rating(satisfaction_totals& t, const rating_data& r, const satisfaction_options& o = {});

std::array<std::optional<double>, element_count> nrr(const satisfaction_totals& t);
// nullopt unless every element with a weight > 0 has at least one answer: silently re-weighting the
// answered ones would change the formula. A unit without, say, a fee sets U4's weight to 0 instead.
std::optional<double> ikm(const satisfaction_totals& t, const element_weights& w = {});
std::optional<double> quick_index(const satisfaction_totals& t);  // nullopt without overall scores
std::optional<double> csat(const satisfaction_totals& t);         // 0..1; nullopt without overall scores

}  // namespace pantau::hub::indicators

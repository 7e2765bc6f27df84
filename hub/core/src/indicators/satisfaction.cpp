#include "pantau/hub/indicators/satisfaction.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace pantau::hub::indicators {
namespace {

constexpr std::array<std::string_view, element_count> codes{"U1", "U2", "U3", "U4", "U5",
                                                            "U6", "U7", "U8", "U9"};
constexpr std::array<std::string_view, element_count> names{
    "Persyaratan",
    "Sistem/Mekanisme/Prosedur",
    "Waktu Penyelesaian",
    "Biaya/Tarif",
    "Produk Spesifikasi Jenis Pelayanan",
    "Kompetensi Pelaksana",
    "Perilaku Pelaksana",
    "Penanganan Pengaduan/Saran/Masukan",
    "Sarana dan Prasarana",
};

bool valid_score(int v) { return v >= 1 && v <= 4; }

}  // namespace

std::string_view element_code(std::size_t i) { return i < element_count ? codes[i] : std::string_view{}; }
std::string_view element_name(std::size_t i) { return i < element_count ? names[i] : std::string_view{}; }

char letter(grade g) {
  switch (g) {
    case grade::a: return 'A';
    case grade::b: return 'B';
    case grade::c: return 'C';
    case grade::d: return 'D';
  }
  return 'D';
}

std::string_view label(grade g) {
  switch (g) {
    case grade::a: return "Sangat Baik";
    case grade::b: return "Baik";
    case grade::c: return "Kurang Baik";
    case grade::d: return "Tidak Baik";
  }
  return "Tidak Baik";
}

std::int64_t round_hundredths(double value) {
  // Snap to 1e-9 first: binary noise near 100 is ~1e-14, so 88.305 computed as 88.30499999999999
  // becomes exactly 88.305000000, while a genuine 88.3049999 stays below the half.
  // No indicator comes near 1e9; the clamp keeps llround defined for any input.
  if (std::isnan(value)) return 0;
  const double bounded = std::clamp(value, -1e9, 1e9);
  const std::int64_t nano = static_cast<std::int64_t>(std::llround(bounded * 1e9));
  // Half-up on exact integers; floor division keeps negatives consistent.
  const std::int64_t shifted = nano + 5'000'000;
  std::int64_t q = shifted / 10'000'000;
  if (shifted % 10'000'000 != 0 && shifted < 0) --q;
  return q;
}

double round2(double value) { return static_cast<double>(round_hundredths(value)) / 100.0; }

std::optional<grade> grade_of(double converted) {
  if (!std::isfinite(converted)) return std::nullopt;
  const std::int64_t h = round_hundredths(converted);
  if (h > 10000 || h < 2500) return std::nullopt;
  if (h >= 8831) return grade::a;
  if (h >= 7661) return grade::b;
  if (h >= 6500) return grade::c;
  return grade::d;
}

element_weights::element_weights() { w_.fill(1.0 / static_cast<double>(element_count)); }

result<element_weights> element_weights::make(const std::array<double, element_count>& w) {
  double sum = 0.0;
  for (std::size_t i = 0; i < element_count; ++i) {
    if (!std::isfinite(w[i]) || w[i] < 0.0) {
      return error{errc::invalid_weights, "weight of " + std::string(codes[i]) + " must be a finite number >= 0"};
    }
    sum += w[i];
  }
  if (std::fabs(sum - 1.0) > 1e-9) {
    return error{errc::invalid_weights, "element weights must sum to 1, got " + std::to_string(sum)};
  }
  return element_weights(w);
}

void satisfaction_totals::merge(const satisfaction_totals& o) {
  responses += o.responses;
  misuse_excluded += o.misuse_excluded;
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += o.counts[i];
  for (std::size_t i = 0; i < element_count; ++i) {
    element_sum[i] += o.element_sum[i];
    element_answers[i] += o.element_answers[i];
  }
}

void add_rating(satisfaction_totals& t, const rating_data& r, const satisfaction_options& o) {
  if (r.misuse && !o.include_misuse) {
    ++t.misuse_excluded;
    return;
  }
  bool counted = false;
  if (r.overall && valid_score(*r.overall)) {
    ++t.counts[static_cast<std::size_t>(*r.overall - 1)];
    counted = true;
  }
  if (r.elements) {
    for (std::size_t i = 0; i < element_count; ++i) {
      const auto& v = (*r.elements)[i];
      if (v && valid_score(*v)) {
        t.element_sum[i] += *v;
        ++t.element_answers[i];
        counted = true;
      }
    }
  }
  if (counted) ++t.responses;
}

std::array<std::optional<double>, element_count> nrr(const satisfaction_totals& t) {
  std::array<std::optional<double>, element_count> out;
  for (std::size_t i = 0; i < element_count; ++i) {
    if (t.element_answers[i] > 0) {
      out[i] = static_cast<double>(t.element_sum[i]) / static_cast<double>(t.element_answers[i]);
    }
  }
  return out;
}

std::optional<double> ikm(const satisfaction_totals& t, const element_weights& w) {
  const auto n = nrr(t);
  double weighted = 0.0;
  bool any = false;
  for (std::size_t i = 0; i < element_count; ++i) {
    const double wi = w.values()[i];
    if (wi == 0.0) continue;
    if (!n[i]) return std::nullopt;
    weighted += *n[i] * wi;
    any = true;
  }
  if (!any) return std::nullopt;
  return weighted * 25.0;
}

std::optional<double> quick_index(const satisfaction_totals& t) {
  std::int64_t n = 0;
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < t.counts.size(); ++i) {
    n += t.counts[i];
    sum += t.counts[i] * static_cast<std::int64_t>(i + 1);
  }
  if (n == 0) return std::nullopt;
  return static_cast<double>(sum) * 25.0 / static_cast<double>(n);
}

std::optional<double> csat(const satisfaction_totals& t) {
  const std::int64_t n = t.counts[0] + t.counts[1] + t.counts[2] + t.counts[3];
  if (n == 0) return std::nullopt;
  return static_cast<double>(t.counts[2] + t.counts[3]) / static_cast<double>(n);
}

}  // namespace pantau::hub::indicators

#pragma once
// Leave, permits and work modes of civil servants (PP 11/2017 cuti, izin, dinas luar, tugas belajar,
// PermenPANRB 4/2025 flexible work) as the attendance engine sees them: a day covered by one is never
// absent, late or early. Which kinds count as present (the employee works, elsewhere) and which are
// excused (neither present nor absent: not expected) is the leave_policy.
// Thread-safety: pure functions and plain values.
#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "pantau/shared/result.hpp"

namespace pantau::hub::indicators {

enum class leave_kind {
  cuti_tahunan,
  cuti_sakit,
  cuti_besar,
  cuti_melahirkan,
  cuti_alasan_penting,
  cuti_luar_tanggungan,  // CLTN: cuti di luar tanggungan negara
  izin,
  dinas_luar,
  tugas_belajar,
  kerja_fleksibel,  // PermenPANRB 4/2025: from home or another site
};
inline constexpr std::size_t leave_kind_count = 10;
inline constexpr std::array<leave_kind, leave_kind_count> all_leave_kinds{
    leave_kind::cuti_tahunan,        leave_kind::cuti_sakit, leave_kind::cuti_besar, leave_kind::cuti_melahirkan,
    leave_kind::cuti_alasan_penting, leave_kind::cuti_luar_tanggungan, leave_kind::izin, leave_kind::dinas_luar,
    leave_kind::tugas_belajar,       leave_kind::kerja_fleksibel};

// Stable codes as stored, sent and imported ("cuti_tahunan", ..., "kerja_fleksibel").
std::string_view code_of(leave_kind k);
std::optional<leave_kind> parse_leave_kind(std::string_view code);
std::string_view label_id(leave_kind k);  // "Cuti tahunan"
std::string_view label_en(leave_kind k);  // "Annual leave"

struct leave_policy {
  // Indexed by leave_kind. Default: dinas luar, tugas belajar and flexible work are work done
  // elsewhere; every cuti and izin excuses the day.
  std::array<bool, leave_kind_count> present{false, false, false, false, false, false, false, true, true, true};
  bool counts_present(leave_kind k) const { return present[static_cast<std::size_t>(k)]; }
  bool operator==(const leave_policy&) const = default;
};

// A policy from the list of kinds that count as present; error code invalid_policy naming the unknown
// code otherwise.
result<leave_policy> leave_policy_of(std::span<const std::string> present_codes);

}  // namespace pantau::hub::indicators

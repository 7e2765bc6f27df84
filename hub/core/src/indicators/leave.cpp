#include "pantau/hub/indicators/leave.hpp"

namespace pantau::hub::indicators {
namespace {

struct kind_text {
  std::string_view code, id, en;
};
// In enum order.
constexpr std::array<kind_text, leave_kind_count> texts{{
    {"cuti_tahunan", "Cuti tahunan", "Annual leave"},
    {"cuti_sakit", "Cuti sakit", "Sick leave"},
    {"cuti_besar", "Cuti besar", "Long service leave"},
    {"cuti_melahirkan", "Cuti melahirkan", "Maternity leave"},
    {"cuti_alasan_penting", "Cuti karena alasan penting", "Compassionate leave"},
    {"cuti_luar_tanggungan", "Cuti di luar tanggungan negara", "Unpaid leave"},
    {"izin", "Izin", "Permit"},
    {"dinas_luar", "Dinas luar", "Official travel"},
    {"tugas_belajar", "Tugas belajar", "Study assignment"},
    {"kerja_fleksibel", "Kerja fleksibel", "Flexible work"},
}};

}  // namespace

std::string_view code_of(leave_kind k) { return texts[static_cast<std::size_t>(k)].code; }
std::string_view label_id(leave_kind k) { return texts[static_cast<std::size_t>(k)].id; }
std::string_view label_en(leave_kind k) { return texts[static_cast<std::size_t>(k)].en; }

std::optional<leave_kind> parse_leave_kind(std::string_view code) {
  for (const leave_kind k : all_leave_kinds)
    if (code_of(k) == code) return k;
  return std::nullopt;
}

result<leave_policy> leave_policy_of(std::span<const std::string> present_codes) {
  leave_policy p;
  p.present.fill(false);
  for (const auto& code : present_codes) {
    const auto k = parse_leave_kind(code);
    if (!k) return error{errc::invalid_policy, "leave_counts_present: unknown leave kind \"" + code + "\""};
    p.present[static_cast<std::size_t>(*k)] = true;
  }
  return p;
}

}  // namespace pantau::hub::indicators

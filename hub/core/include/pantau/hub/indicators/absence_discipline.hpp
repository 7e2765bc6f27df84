#pragma once
// Unexcused absence against PP 94/2021 (Disiplin PNS), Pasal 9–11: working days absent without a valid
// reason, accumulated over a calendar year, or in a row, reach thresholds at which the regulation names
// a discipline measure. Pantau only WARNS: the measure is the official's decision after an examination,
// never automatic. Thresholds (cumulative days in one year):
//   3 teguran lisan · 4–6 teguran tertulis · 7–10 pernyataan tidak puas secara tertulis      (ringan)
//   11–13 / 14–16 / 17–20 pemotongan tunjangan kinerja 25 % for 6 / 9 / 12 months            (sedang)
//   21–24 penurunan jabatan · 25–27 pembebasan dari jabatan · >= 28 pemberhentian            (berat)
// and 10 working days in a row: pemberhentian.
// Only finished, expected, watched days absent without leave count (a day on leave is not expected).
// Thread-safety: pure functions and plain values.
#include <span>
#include <string_view>

#include "pantau/hub/indicators/attendance.hpp"

namespace pantau::hub::indicators {

enum class absence_measure {
  none,
  teguran_lisan,
  teguran_tertulis,
  pernyataan_tidak_puas,
  potong_tukin_6_bulan,
  potong_tukin_9_bulan,
  potong_tukin_12_bulan,
  penurunan_jabatan,
  pembebasan_jabatan,
  pemberhentian,
};
std::string_view to_string(absence_measure m);  // stable code, e.g. "teguran_lisan"
std::string_view label_id(absence_measure m);   // "Teguran lisan", ...
std::string_view label_en(absence_measure m);   // "Oral reprimand", ...
std::string_view severity(absence_measure m);   // "", "ringan", "sedang", "berat"

struct absence_record {
  int days = 0;         // unexcused absence days counted
  int longest_run = 0;  // the longest run of them on consecutive expected days
  absence_measure measure = absence_measure::none;
  bool operator==(const absence_record&) const = default;
};

// The measure the regulation names for that many days in a year and that longest run.
absence_measure absence_measure_of(int days, int longest_run);

// One employee's days of one year in date order (evaluate_period or the hub's walker).
absence_record count_unexcused_absence(std::span<const attendance_day> days);

}  // namespace pantau::hub::indicators

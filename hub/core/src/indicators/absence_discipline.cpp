#include "pantau/hub/indicators/absence_discipline.hpp"

#include <algorithm>
#include <array>

namespace pantau::hub::indicators {
namespace {

struct step {
  int from_days;
  absence_measure measure;
};
// PP 94/2021 Pasal 9 huruf a, 10 huruf a, 11 ayat (2) huruf d: the lowest day count of each measure.
constexpr std::array<step, 9> ladder{{
    {28, absence_measure::pemberhentian},
    {25, absence_measure::pembebasan_jabatan},
    {21, absence_measure::penurunan_jabatan},
    {17, absence_measure::potong_tukin_12_bulan},
    {14, absence_measure::potong_tukin_9_bulan},
    {11, absence_measure::potong_tukin_6_bulan},
    {7, absence_measure::pernyataan_tidak_puas},
    {4, absence_measure::teguran_tertulis},
    {3, absence_measure::teguran_lisan},
}};
constexpr int dismissal_run = 10;

}  // namespace

std::string_view to_string(absence_measure m) {
  switch (m) {
    case absence_measure::none: return "none";
    case absence_measure::teguran_lisan: return "teguran_lisan";
    case absence_measure::teguran_tertulis: return "teguran_tertulis";
    case absence_measure::pernyataan_tidak_puas: return "pernyataan_tidak_puas";
    case absence_measure::potong_tukin_6_bulan: return "potong_tukin_6_bulan";
    case absence_measure::potong_tukin_9_bulan: return "potong_tukin_9_bulan";
    case absence_measure::potong_tukin_12_bulan: return "potong_tukin_12_bulan";
    case absence_measure::penurunan_jabatan: return "penurunan_jabatan";
    case absence_measure::pembebasan_jabatan: return "pembebasan_jabatan";
    case absence_measure::pemberhentian: return "pemberhentian";
  }
  return "none";
}

std::string_view label_id(absence_measure m) {
  switch (m) {
    case absence_measure::none: return "";
    case absence_measure::teguran_lisan: return "Teguran lisan";
    case absence_measure::teguran_tertulis: return "Teguran tertulis";
    case absence_measure::pernyataan_tidak_puas: return "Pernyataan tidak puas secara tertulis";
    case absence_measure::potong_tukin_6_bulan: return "Pemotongan tunjangan kinerja 25 % selama 6 bulan";
    case absence_measure::potong_tukin_9_bulan: return "Pemotongan tunjangan kinerja 25 % selama 9 bulan";
    case absence_measure::potong_tukin_12_bulan: return "Pemotongan tunjangan kinerja 25 % selama 12 bulan";
    case absence_measure::penurunan_jabatan: return "Penurunan jabatan setingkat lebih rendah selama 12 bulan";
    case absence_measure::pembebasan_jabatan: return "Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan";
    case absence_measure::pemberhentian: return "Pemberhentian dengan hormat tidak atas permintaan sendiri";
  }
  return "";
}

std::string_view label_en(absence_measure m) {
  switch (m) {
    case absence_measure::none: return "";
    case absence_measure::teguran_lisan: return "Oral reprimand";
    case absence_measure::teguran_tertulis: return "Written reprimand";
    case absence_measure::pernyataan_tidak_puas: return "Written statement of dissatisfaction";
    case absence_measure::potong_tukin_6_bulan: return "Performance allowance cut by 25 % for 6 months";
    case absence_measure::potong_tukin_9_bulan: return "Performance allowance cut by 25 % for 9 months";
    case absence_measure::potong_tukin_12_bulan: return "Performance allowance cut by 25 % for 12 months";
    case absence_measure::penurunan_jabatan: return "Demotion by one level for 12 months";
    case absence_measure::pembebasan_jabatan: return "Release from the position for 12 months";
    case absence_measure::pemberhentian: return "Honourable dismissal not at own request";
  }
  return "";
}

std::string_view severity(absence_measure m) {
  switch (m) {
    case absence_measure::none: return "";
    case absence_measure::teguran_lisan:
    case absence_measure::teguran_tertulis:
    case absence_measure::pernyataan_tidak_puas: return "ringan";
    case absence_measure::potong_tukin_6_bulan:
    case absence_measure::potong_tukin_9_bulan:
    case absence_measure::potong_tukin_12_bulan: return "sedang";
    case absence_measure::penurunan_jabatan:
    case absence_measure::pembebasan_jabatan:
    case absence_measure::pemberhentian: return "berat";
  }
  return "";
}

absence_measure absence_measure_of(int days, int longest_run) {
  if (longest_run >= dismissal_run) return absence_measure::pemberhentian;
  for (const auto& s : ladder)
    if (days >= s.from_days) return s.measure;
  return absence_measure::none;
}

absence_record count_unexcused_absence(std::span<const attendance_day> days) {
  absence_record r;
  int run = 0;
  for (const auto& d : days) {
    // A day nobody expected (weekend, holiday, leave) neither counts nor breaks a run of working days.
    if (!d.expected || !d.complete) continue;
    if (d.absent) {
      ++r.days;
      r.longest_run = std::max(r.longest_run, ++run);
    } else {
      run = 0;
    }
  }
  r.measure = absence_measure_of(r.days, r.longest_run);
  return r;
}

}  // namespace pantau::hub::indicators

#include "pantau/hub/core/survey_report.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "indicators/text.hpp"

namespace pantau::hub {
namespace {

namespace ind = indicators;
using ind::text::decimal;

constexpr std::string_view not_yet = "belum tersedia / not available yet";

std::string count_text(std::int64_t n) { return std::to_string(n); }

// Numbers that the report shows with two decimals are rounded once, here, by the indicators' rule.
export_cell shown(const std::optional<double>& v) {
  if (!v) return std::string("-");
  return ind::round2(*v);
}

std::string shown_text(const std::optional<double>& v) { return v ? decimal(ind::round2(*v)) : std::string("-"); }

std::string grade_text(const std::optional<ind::grade>& g) {
  return g ? std::string(1, ind::letter(*g)) + " (" + std::string(ind::label(*g)) + ")" : std::string("-");
}

std::optional<double> converted(const std::optional<double>& nrr) {
  return nrr ? std::optional<double>(*nrr * 25.0) : std::nullopt;
}

std::string scope_word(report_scope s) { return s == report_scope::unit ? "Unit" : "Kantor"; }

report_section method_section(const survey_report_input& in) {
  report_section s;
  s.heading = "1. Metode Survei / Survey method";
  s.paragraphs = {
      "Survei Kepuasan Masyarakat (SKM) menurut Peraturan Menteri PANRB Nomor 14 Tahun 2017: sembilan unsur "
      "pelayanan (U1 Persyaratan sampai U9 Sarana dan Prasarana), masing-masing dinilai dengan skala 1 sampai 4 "
      "(tidak baik, kurang baik, baik, sangat baik).",
      "Pengumpulan data: kuesioner elektronik pada kios layar sentuh di ruang pelayanan, diisi sukarela oleh "
      "penerima layanan sesudah dilayani, tanpa nama. Penilaian yang ditandai penyalahgunaan tidak dihitung.",
      "Pengolahan: NRR per unsur = jumlah nilai unsur / jumlah jawaban unsur; IKM = jumlah (NRR × bobot) × 25, "
      "bobot tiap unsur " + (in.weights.values() == ind::element_weights().values()
                                  ? std::string("sama (1/9)")
                                  : std::string("menurut ketetapan unit (lihat tabel NRR)")) +
          "; mutu pelayanan: A 88,31–100 Sangat Baik, B 76,61–88,30 Baik, C 65,00–76,60 Kurang Baik, "
          "D 25,00–64,99 Tidak Baik.",
      "Public satisfaction survey (SKM, PermenPANRB 14/2017): nine elements rated 1–4 at the service kiosk after "
      "service, anonymous; NRR per element, IKM = sum(NRR × weight) × 25, graded A–D.",
  };
  return s;
}

report_section place_section(const survey_report_input& in) {
  report_section s;
  s.heading = "2. Tempat dan Waktu / Place and period";
  s.paragraphs.push_back("Tempat / place: " + in.place);
  s.paragraphs.push_back("Periode / period: " + ind::label_id(in.of) + " (" + ind::format_date(in.of.first()) +
                         " s.d. " + ind::format_date(in.of.last()) + ")");
  if (in.scope == report_scope::office) {
    std::string names;
    for (const auto& u : in.units) names += (names.empty() ? "" : ", ") + u.name;
    s.paragraphs.push_back("Unit layanan / service units: " + (names.empty() ? std::string("-") : names));
  }
  return s;
}

report_section sample_section(const survey_report_input& in, std::int64_t responses) {
  report_section s;
  s.heading = "3. Penentuan Jumlah Responden / Sample size";
  const auto& k = in.sample;
  s.paragraphs.push_back(
      "Jumlah responden minimal ditetapkan dengan tabel Krejcie dan Morgan terhadap populasi penerima layanan "
      "pada periode ini / the minimum sample follows the Krejcie–Morgan table for the population served.");
  export_table t;
  t.title = "Jumlah responden";
  t.columns = {"Uraian / item", "Nilai / value"};
  t.rows.push_back({std::string("Populasi / population"),
                    k.population ? export_cell(*k.population) : export_cell(std::string(not_yet))});
  t.rows.push_back({std::string("Sumber populasi / source"),
                    std::string(k.population_source.empty() ? not_yet : std::string_view(k.population_source))});
  t.rows.push_back({std::string("Sampel minimal (Krejcie–Morgan) / required"),
                    k.required ? export_cell(*k.required) : export_cell(std::string(not_yet))});
  t.rows.push_back({std::string("Responden / responses"), export_cell(responses)});
  if (k.required) {
    const bool enough = responses >= *k.required;
    t.rows.push_back({std::string("Kecukupan sampel / sample"),
                      std::string(enough ? "tercukupi / met" : "belum tercukupi / short by " +
                                                                     count_text(*k.required - responses))});
  }
  s.tables.push_back(std::move(t));
  return s;
}

report_section profile_section(const survey_report_input& in) {
  report_section s;
  s.heading = "4. Profil Responden / Respondent profile";
  if (in.profile.empty()) {
    s.paragraphs.push_back("Profil responden " + std::string(not_yet) + ".");
    return s;
  }
  for (const auto& [field, values] : in.profile) {
    std::int64_t total = 0;
    for (const auto& [v, n] : values) total += n;
    export_table t;
    t.title = "Profil: " + field;
    t.columns = {field, "Jumlah / count", "Persentase / share (%)"};
    for (const auto& [v, n] : values)
      t.rows.push_back({v, n, total > 0 ? export_cell(ind::round2(100.0 * static_cast<double>(n) / static_cast<double>(total)))
                                        : export_cell(std::string("-"))});
    t.rows.push_back({std::string("Jumlah / total"), total, total > 0 ? export_cell(100.0) : export_cell(std::string("-"))});
    s.tables.push_back(std::move(t));
  }
  return s;
}

report_section nrr_section(const survey_report_input& in, const std::array<std::optional<double>, 9>& nrr) {
  report_section s;
  s.heading = "5. Nilai Rata-rata per Unsur (NRR) / NRR per element";
  if (in.current.responses == 0)
    s.paragraphs.push_back("Belum ada jawaban survei pada periode ini; NRR tidak dapat dihitung / no survey "
                           "responses in this period, no NRR.");
  export_table t;
  t.title = "NRR per unsur";
  t.columns = {"Kode", "Unsur / element", "Jawaban / answers", "Jumlah nilai / sum", "NRR", "Bobot / weight",
               "NRR tertimbang / weighted", "Konversi / converted", "Mutu / grade"};
  for (std::size_t i = 0; i < ind::element_count; ++i) {
    const double w = in.weights.values()[i];
    const auto conv = converted(nrr[i]);
    const auto g = conv ? ind::grade_of(*conv) : std::nullopt;
    t.rows.push_back({std::string(ind::element_code(i)), std::string(ind::element_name(i)), in.current.element_answers[i],
                      in.current.element_sum[i], shown(nrr[i]), std::round(w * 10000.0) / 10000.0,
                      nrr[i] ? export_cell(std::round(*nrr[i] * w * 10000.0) / 10000.0) : export_cell(std::string("-")),
                      shown(conv), g ? export_cell(std::string(1, ind::letter(*g))) : export_cell(std::string("-"))});
  }
  s.tables.push_back(std::move(t));
  return s;
}

report_section ikm_section(const survey_report_input& in, const survey_report& r) {
  report_section s;
  s.heading = "6. Indeks Kepuasan Masyarakat (IKM) dan Mutu / IKM and grade";
  if (in.current.responses == 0) {
    s.paragraphs.push_back("Belum ada jawaban survei pada periode ini, IKM tidak dapat dihitung / no survey "
                           "responses in this period, no IKM.");
  } else if (!r.ikm) {
    s.paragraphs.push_back("IKM tidak dapat dihitung: ada unsur berbobot yang belum dijawab siapa pun / no IKM: an "
                           "element with a weight has no answers.");
  } else {
    s.paragraphs.push_back("IKM " + scope_word(in.scope) + " " + in.name + ": " + shown_text(r.ikm) + ", mutu " +
                           grade_text(r.grade) + ", dari " + count_text(r.responses) + " responden / IKM " +
                           shown_text(r.ikm) + ", grade " + grade_text(r.grade) + ", " + count_text(r.responses) +
                           " responses.");
  }
  export_table t;
  t.title = "IKM";
  t.columns = {"Uraian / item", "Nilai / value"};
  t.rows.push_back({std::string("Responden / responses"), r.responses});
  t.rows.push_back({std::string("IKM"), shown(r.ikm)});
  t.rows.push_back({std::string("Mutu / grade"), grade_text(r.grade)});
  s.tables.push_back(std::move(t));
  if (in.scope == report_scope::office && !in.units.empty()) {
    export_table u;
    u.title = "IKM per unit";
    u.columns = {"Unit", "Responden / responses", "IKM", "Mutu / grade"};
    for (const auto& part : in.units) {
      const auto v = ind::ikm(part.current, in.weights);
      u.rows.push_back({part.name, part.current.responses, shown(v), grade_text(v ? ind::grade_of(*v) : std::nullopt)});
    }
    s.tables.push_back(std::move(u));
  }
  return s;
}

report_section weakest_section(const survey_report& r, const std::array<std::optional<double>, 9>& nrr) {
  report_section s;
  s.heading = "7. Unsur Terlemah / Weakest elements";
  if (r.weakest.empty()) {
    s.paragraphs.push_back("Tidak ada unsur yang dijawab pada periode ini / no element was answered in this period.");
    return s;
  }
  s.paragraphs.push_back("Unsur bermutu di bawah B, dan sekurang-kurangnya tiga unsur dengan NRR terendah / elements "
                         "graded below B, and at least the three lowest.");
  export_table t;
  t.title = "Unsur terlemah";
  t.columns = {"Kode", "Unsur / element", "NRR", "Konversi / converted", "Mutu / grade"};
  for (const auto e : r.weakest)
    t.rows.push_back({std::string(ind::element_code(e)), std::string(ind::element_name(e)), shown(nrr[e]),
                      shown(converted(nrr[e])), grade_text(ind::grade_of(*nrr[e] * 25.0))});
  s.tables.push_back(std::move(t));
  return s;
}

report_section trend_section(const survey_report_input& in, const survey_report& r,
                             const std::array<std::optional<double>, 9>& nrr) {
  report_section s;
  s.heading = "8. Tren terhadap Periode Sebelumnya / Trend";
  const auto before = previous_period(in.of);
  const auto old_nrr = ind::nrr(in.previous);
  const auto old_ikm = ind::ikm(in.previous, in.weights);
  const auto diff = [](const std::optional<double>& now, const std::optional<double>& then) -> export_cell {
    if (!now || !then) return std::string("-");
    return ind::round2(ind::round2(*now) - ind::round2(*then));
  };
  s.paragraphs.push_back("Dibandingkan dengan " + ind::label_id(before) + " / compared with " + ind::to_string(before) +
                         (in.previous.responses == 0 ? ": periode itu belum ada jawaban / no responses then." : "."));
  export_table t;
  t.title = "Tren";
  t.columns = {"Uraian / item", ind::to_string(before), ind::to_string(in.of), "Selisih / change"};
  t.rows.push_back({std::string("Responden / responses"), in.previous.responses, r.responses,
                    r.responses - in.previous.responses});
  t.rows.push_back({std::string("IKM"), shown(old_ikm), shown(r.ikm), diff(r.ikm, old_ikm)});
  for (std::size_t i = 0; i < ind::element_count; ++i)
    t.rows.push_back({"NRR " + std::string(ind::element_code(i)), shown(old_nrr[i]), shown(nrr[i]), diff(nrr[i], old_nrr[i])});
  s.tables.push_back(std::move(t));
  return s;
}

export_table rtl_table(std::string title, std::span<const rtl_item> items, bool with_units) {
  export_table t;
  t.title = std::move(title);
  t.columns = {"Unsur / element", "Masalah / problem", "Tindakan / action", "Penanggung jawab / owner",
               "Tenggat / due", "Status", "Bukti / evidence"};
  if (with_units) t.columns.insert(t.columns.begin(), "Unit");
  for (const auto& i : items) {
    std::vector<export_cell> row{std::string(ind::element_code(i.element)) + " " + std::string(ind::element_name(i.element)),
                                 i.problem,
                                 i.action,
                                 i.owner,
                                 ind::format_date(i.due),
                                 std::string(label_id(i.status)),
                                 i.evidence.empty() ? std::string("-") : i.evidence};
    if (with_units) row.insert(row.begin(), i.unit);
    t.rows.push_back(std::move(row));
  }
  return t;
}

report_section rtl_section(const survey_report_input& in) {
  report_section s;
  s.heading = "9. Rencana Tindak Lanjut / Follow-up plan";
  const bool office = in.scope == report_scope::office;
  if (in.rtl_current.empty())
    s.paragraphs.push_back("Belum ada rencana tindak lanjut untuk periode ini / no follow-up planned for this period.");
  else
    s.tables.push_back(rtl_table("Rencana tindak lanjut", in.rtl_current, office));
  return s;
}

report_section follow_up_section(const survey_report_input& in) {
  report_section s;
  s.heading = "10. Hasil Tindak Lanjut Periode Sebelumnya / Previous follow-up results";
  const auto before = previous_period(in.of);
  std::vector<rtl_item> closed;
  for (const auto& i : in.rtl_previous)
    if (i.status == rtl_status::done) closed.push_back(i);
  const auto open = static_cast<std::int64_t>(in.rtl_previous.size() - closed.size());
  if (in.rtl_previous.empty()) {
    s.paragraphs.push_back("Tidak ada rencana tindak lanjut pada " + ind::label_id(before) +
                           " / no follow-up was planned for " + ind::to_string(before) + ".");
    return s;
  }
  s.paragraphs.push_back(count_text(static_cast<std::int64_t>(closed.size())) + " dari " +
                         count_text(static_cast<std::int64_t>(in.rtl_previous.size())) + " butir tindak lanjut " +
                         ind::label_id(before) + " selesai; " + count_text(open) + " belum / " +
                         count_text(static_cast<std::int64_t>(closed.size())) + " of " +
                         count_text(static_cast<std::int64_t>(in.rtl_previous.size())) + " items done.");
  if (!closed.empty()) s.tables.push_back(rtl_table("Tindak lanjut selesai", closed, in.scope == report_scope::office));
  return s;
}

// Excel sheet names: at most 31 characters, none of []:*?/\, unique in the workbook.
std::string sheet_name(std::string_view title, std::set<std::string>& used) {
  std::string base;
  for (char c : title)
    if (std::string_view("[]:*?/\\").find(c) == std::string_view::npos) base += c;
  // Cut on a character boundary (UTF-8 continuation bytes are 10xxxxxx).
  auto cut = [](std::string s, std::size_t n) {
    if (s.size() <= n) return s;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
  };
  std::string name = cut(base, 31);
  for (int k = 2; used.contains(name); ++k) name = cut(base, 27) + " " + std::to_string(k);
  used.insert(name);
  return name;
}

}  // namespace

survey_report build_survey_report(const survey_report_input& in) {
  survey_report r;
  r.title = "Laporan Survei Kepuasan Masyarakat / Public Satisfaction Survey Report";
  r.subtitle = scope_word(in.scope) + " " + in.name + " — " + ind::label_id(in.of);
  r.responses = in.sample.responses.value_or(in.current.responses);
  const auto nrr = ind::nrr(in.current);
  r.ikm = ind::ikm(in.current, in.weights);
  r.grade = r.ikm ? ind::grade_of(*r.ikm) : std::nullopt;
  r.weakest = weakest_elements(nrr);
  r.sections.push_back(method_section(in));
  r.sections.push_back(place_section(in));
  r.sections.push_back(sample_section(in, r.responses));
  r.sections.push_back(profile_section(in));
  r.sections.push_back(nrr_section(in, nrr));
  r.sections.push_back(ikm_section(in, r));
  r.sections.push_back(weakest_section(r, nrr));
  r.sections.push_back(trend_section(in, r, nrr));
  r.sections.push_back(rtl_section(in));
  r.sections.push_back(follow_up_section(in));
  return r;
}

std::vector<export_table> report_sheets(const survey_report& r) {
  std::set<std::string> used;
  std::vector<export_table> out;
  export_table summary;
  summary.title = sheet_name("Ringkasan", used);
  summary.columns = {"Bagian / section", "Isi / text"};
  summary.rows.push_back({std::string("Judul / title"), r.title});
  summary.rows.push_back({std::string("Cakupan / scope"), r.subtitle});
  for (const auto& s : r.sections)
    for (const auto& p : s.paragraphs) summary.rows.push_back({s.heading, p});
  out.push_back(std::move(summary));
  for (const auto& s : r.sections)
    for (const auto& t : s.tables) {
      auto sheet = t;
      sheet.title = sheet_name(t.title, used);
      out.push_back(std::move(sheet));
    }
  return out;
}

result<survey_report_request> parse_survey_report_request(std::string_view file, std::optional<std::string_view> unit,
                                                          std::optional<std::string_view> office,
                                                          std::optional<std::string_view> period) {
  survey_report_request r;
  if (file == "report.pdf") r.format = report_format::pdf;
  else if (file == "report.xlsx") r.format = report_format::xlsx;
  else return error{errc::not_found, "laporan tidak dikenal / unknown report: " + std::string(file)};
  if (unit.has_value() == office.has_value())
    return error{errc::bad_request, "isi salah satu: unit atau office / give exactly one of unit and office"};
  const auto id = unit ? *unit : *office;
  if (id.empty() || id.size() > 64) return error{errc::bad_request, "unit/office tidak sah / invalid unit or office"};
  r.scope = unit ? report_scope::unit : report_scope::office;
  r.id = std::string(id);
  if (!period || period->empty())
    return error{errc::bad_request, "parameter period wajib (2026-11, 2026-S2 atau 2026) / period is required"};
  auto p = ind::parse_period(*period);
  if (!p) return error{errc::bad_request, "period harus bulan, semester atau tahun / " + p.err().message};
  r.of = *p;
  return r;
}

std::string survey_report_file_name(const survey_report_request& r) {
  std::string id;
  for (char c : r.id)
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') id += c;
  return "pantau-laporan-skm-" + (id.empty() ? std::string("unit") : id) + "-" + ind::to_string(r.of) +
         (r.format == report_format::pdf ? ".pdf" : ".xlsx");
}

result<survey_report_input> collect_survey_report(const organisation& org, const principal& who,
                                                  const survey_report_request& req, aggregate_reader& rows,
                                                  rtl_store& items, const ind::element_weights& weights) {
  survey_report_input in;
  in.scope = req.scope;
  in.id = req.id;
  in.of = req.of;
  in.weights = weights;
  std::vector<unit_info> units;
  if (req.scope == report_scope::unit) {
    const auto* u = org.find_unit(req.id);
    if (u == nullptr) return error{errc::not_found, "unit tidak ditemukan / unit not found: " + req.id};
    if (!who.can_see_unit(u->unit)) return error{errc::forbidden, "tidak berhak / forbidden"};
    units.push_back(*u);
    in.name = u->name;
    const auto* o = org.find_office(u->office);
    in.place = u->name + ", " + (o != nullptr ? o->name : u->office);
  } else {
    const auto* o = org.find_office(req.id);
    if (o == nullptr) return error{errc::not_found, "kantor tidak ditemukan / office not found: " + req.id};
    for (const auto& u : org.units)
      if (u.office == o->office) units.push_back(u);
    // An office report draws on every unit of it: only whoever may see them all gets it.
    if (!who.is_admin() && (units.empty() || !std::all_of(units.begin(), units.end(), [&](const unit_info& u) {
                              return who.can_see_unit(u.unit);
                            })))
      return error{errc::forbidden, "tidak berhak / forbidden"};
    in.name = o->name;
    in.place = o->name;
  }
  const auto from = ind::days_from_civil(req.of.first());
  const auto to = ind::days_from_civil(req.of.last());
  for (const auto& u : units) {
    auto t = satisfaction_in(org, std::span<const unit_info>(&u, 1), from, to, rows);
    if (!t) return t.err();
    in.current.merge(*t);
    in.units.push_back(report_unit_part{u.unit, u.name, *t});
  }
  const auto before = previous_period(req.of);
  auto prev = satisfaction_in(org, units, ind::days_from_civil(before.first()), ind::days_from_civil(before.last()), rows);
  if (!prev) return prev.err();
  in.previous = *prev;
  rtl_filter f;
  for (const auto& u : units) f.units.push_back(u.unit);
  f.of = req.of;
  auto now_items = items.list_rtl(f);
  if (!now_items) return now_items.err();
  in.rtl_current = std::move(now_items).value();
  f.of = before;
  auto old_items = items.list_rtl(f);
  if (!old_items) return old_items.err();
  in.rtl_previous = std::move(old_items).value();
  return in;
}

}  // namespace pantau::hub

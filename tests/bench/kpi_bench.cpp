// /api/v1/kpi latency on a city-sized store, through the real hub over loopback HTTP.
//
// The store: one office, 50 units, 200 counters (one kiosk each), 5,000 employees, one year of
// working days (2025-07-01 .. 2026-06-30): per kiosk and day 25 check-ins and 25 check-outs, 44 services
// (start + end) and 44 ratings — about 9.5 million events, written through the hub's own ingest
// decisions and SQLite store in batches of 2,000, day aggregates included. Built once into
// bench-out/kpi-city/ (PANTAU_BENCH_CITY_DIR) and reused while it is complete.
//
// Each benchmark iteration is one GET with the admin's session cookie; p50/p99 are computed over the
// iterations of that benchmark and reported as counters (milliseconds). Unit and office answers come
// from the hub's unit-day cache after the first request of each kind (first_ms).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "pantau/hub/core/ingest.hpp"
#include "pantau/hub/core/metrics.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/indicators/time_zone.hpp"
#include "pantau/hub/store/sqlite_store.hpp"
#include "pantau/shared/codec.hpp"
#include "pantau/shared/signing.hpp"
#include "pantau/shared/topics.hpp"
#include "latency.hpp"
#include "pantau/test/services.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;
namespace ind = hub::indicators;

constexpr const char* office = "kota-bench";
constexpr int unit_count = 50;
constexpr int counters_per_unit = 4;
constexpr int staff_per_unit = 100;
constexpr int services_per_kiosk_day = 44;
const ind::civil_date first_day{2025, 7, 1};
const ind::civil_date last_day{2026, 6, 30};

// n with leading zeros to `width` digits.
std::string two(int n, int width) {
  std::string s = std::to_string(n);
  const auto w = static_cast<std::size_t>(width);
  return std::string(w > s.size() ? w - s.size() : 0, '0') + s;
}

std::string unit_id(int u) { return "unit-" + two(u + 1, 2); }
std::string counter_id(int c) { return "loket-" + two(c + 1, 3); }
std::string kiosk_id(int c) { return "k-" + two(c + 1, 3); }
// Birth date (varies), appointment 2005-01, sex 1, sequence 001: 18 digits, unique per employee.
std::string nip_of(int e) {
  const auto born = ind::add_days({1975, 1, 1}, e);
  return two(born.year, 4) + two(static_cast<int>(born.month), 2) + two(static_cast<int>(born.day), 2) + "200501" +
         "1" + "001";
}

hub::organisation city() {
  hub::organisation org;
  org.offices.push_back({office, "Pemerintah Kota (bench)", ind::zone::wib});
  for (int u = 0; u < unit_count; ++u) {
    org.units.push_back({unit_id(u), office, "Unit " + std::to_string(u + 1), 0, 95.0, 76.61, std::nullopt});
    org.units.back().tracking_since = first_day;  // watched from its first day of events
    for (int c = 0; c < counters_per_unit; ++c)
      org.counters.push_back({office, counter_id(u * counters_per_unit + c), unit_id(u)});
    for (int e = 0; e < staff_per_unit; ++e) {
      const int n = u * staff_per_unit + e;
      org.employees.push_back({nip_of(n), "Pegawai " + std::to_string(n + 1), unit_id(u)});
    }
  }
  return org;
}

std::string uuid_of(std::uint64_t n, std::uint64_t salt) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-4%03llx-8%03llx-%012llx", static_cast<unsigned long long>(salt & 0xffffffff),
                static_cast<unsigned long long>((n >> 48) & 0xffff), static_cast<unsigned long long>((n >> 36) & 0xfff),
                static_cast<unsigned long long>((n >> 24) & 0xfff), static_cast<unsigned long long>(n & 0xffffffffffffULL));
  return buf;
}

std::filesystem::path city_dir() {
  if (const char* d = std::getenv("PANTAU_BENCH_CITY_DIR")) return d;
  return std::filesystem::path("bench-out") / "kpi-city";
}

// Writes the year into the store; returns the number of events.
std::int64_t build_city(const std::filesystem::path& db) {
  {
    auto store = hub::sqlite_store::open(db.string());  // schema
    if (!store) throw std::runtime_error(store.err().message);
  }
  auto catalog = hub::sqlite_catalog::open(db.string());
  if (!catalog) throw std::runtime_error(catalog.err().message);
  if (auto r = (*catalog)->put_org(city()); !r) throw std::runtime_error(r.err().message);
  catalog->reset();

  auto store = hub::sqlite_store::open(db.string());
  if (!store) throw std::runtime_error(store.err().message);
  hub::metrics stats;
  hub::ingest_options no_hold;
  no_hold.first_contact_hold_ms = 0;
  hub::ingest engine(no_hold, stats);
  hub::batch_plan plan;
  const auto known = [](std::string_view) -> result<bool> { return false; };
  // Every kiosk of the city registered with one key (the bench is about the indicators, not keys).
  const auto city_key = signing::generate();
  const hub::ingest::kiosk_lookup registered = [&](std::string_view o, std::string_view k)
      -> result<std::optional<hub::kiosk_info>> {
    hub::kiosk_info info;
    info.office = std::string(o);
    info.kiosk = std::string(k);
    info.public_key = signing::to_text(city_key.pub);
    info.epoch = 1;
    return std::optional<hub::kiosk_info>(std::move(info));
  };

  std::mt19937_64 rng(20260101);
  const int kiosks = unit_count * counters_per_unit;
  std::vector<std::int64_t> seq(static_cast<std::size_t>(kiosks), 0);
  std::vector<std::string> topics_of;
  for (int k = 0; k < kiosks; ++k) topics_of.push_back(topics::make(office, kiosk_id(k), topics::kind::events));
  const std::string boot = uuid_of(1, 0xb007);
  std::int64_t total = 0;
  std::uint64_t n_id = 0;

  struct pending {
    std::size_t topic;
    std::string payload;
    std::int64_t received_ms;
  };
  std::vector<pending> day_msgs;
  std::vector<hub::inbound_message> views;
  const auto flush = [&](std::size_t from, std::size_t to) {
    views.clear();
    for (std::size_t i = from; i < to; ++i)
      views.push_back({topics_of[day_msgs[i].topic], day_msgs[i].payload, day_msgs[i].received_ms, 0, false});
    if (auto r = engine.decide(views, known, plan, registered); !r) throw std::runtime_error(r.err().message);
    auto written = (*store)->write(plan.writes);
    if (!written) throw std::runtime_error(written.err().message);
    engine.committed(plan, *written);
  };

  for (auto d = first_day; d <= last_day; d = ind::add_days(d, 1)) {
    if (ind::weekday_of(d) == ind::weekday::saturday || ind::weekday_of(d) == ind::weekday::sunday) continue;
    day_msgs.clear();
    for (int k = 0; k < kiosks; ++k) {
      const int u = k / counters_per_unit;
      const int c = k % counters_per_unit;
      std::vector<event> evs;
      const auto local_ms = [&](int minute, int second) { return ind::to_utc_ms(d, minute, ind::zone::wib) + second * 1000; };
      std::uniform_int_distribution<int> jitter(0, 59);
      // This counter's 25 people check in and out here.
      for (int p = 0; p < staff_per_unit / counters_per_unit; ++p) {
        const std::string nip = nip_of(u * staff_per_unit + c * (staff_per_unit / counters_per_unit) + p);
        std::uniform_int_distribution<int> in_min(7 * 60, 8 * 60 + 20), out_min(15 * 60 + 50, 17 * 60);
        attendance_data in{nip, attendance_data::action_t::in, attendance_data::method_t::badge,
                           attendance_data::face_t::present, std::nullopt};
        attendance_data out = in;
        out.action = attendance_data::action_t::out;
        evs.push_back(event{"", "", "", 0, std::string(chain_start), "", 0, local_ms(in_min(rng), jitter(rng)), clock_state::synced, in});
        evs.push_back(event{"", "", "", 0, std::string(chain_start), "", 0, local_ms(out_min(rng), jitter(rng)), clock_state::synced, out});
      }
      const std::string operator_nip = nip_of(u * staff_per_unit + c * (staff_per_unit / counters_per_unit));
      std::discrete_distribution<int> score({5, 10, 45, 40});
      std::uniform_int_distribution<int> length(3, 12);
      for (int s = 0; s < services_per_kiosk_day; ++s) {
        const int start = 8 * 60 + s * 10;
        const std::string ticket = "A" + two(s + 1, 3);
        service_data st{counter_id(k), operator_nip, ticket, service_data::action_t::start};
        service_data en = st;
        en.action = service_data::action_t::end;
        rating_data r{counter_id(k), operator_nip, score(rng) + 1, std::nullopt, false};
        if (s % 5 == 0) {
          std::array<std::optional<int>, 9> els;
          for (auto& e : els) e = score(rng) + 1;
          r.elements = els;
        }
        const int end = start + length(rng);
        evs.push_back(event{"", "", "", 0, std::string(chain_start), "", 0, local_ms(start, jitter(rng)), clock_state::synced, st});
        evs.push_back(event{"", "", "", 0, std::string(chain_start), "", 0, local_ms(end, jitter(rng)), clock_state::synced, en});
        evs.push_back(event{"", "", "", 0, std::string(chain_start), "", 0, local_ms(end, 59), clock_state::synced, r});
      }
      std::sort(evs.begin(), evs.end(), [](const event& a, const event& b) { return a.ts_ms < b.ts_ms; });
      for (auto& e : evs) {
        e.id = uuid_of(++n_id, 0x5eed);
        e.kiosk = kiosk_id(k);
        e.office = office;
        e.seq = ++seq[static_cast<std::size_t>(k)];
        e.boot = boot;
        e.mono_ms = e.seq * 1000;
        day_msgs.push_back({static_cast<std::size_t>(k), signing::seal(encode_event(e), city_key.secret), e.ts_ms + 500});
      }
    }
    for (std::size_t i = 0; i < day_msgs.size(); i += 2000) flush(i, std::min(day_msgs.size(), i + 2000));
    total += static_cast<std::int64_t>(day_msgs.size());
  }
  return total;
}

// The store, built when missing or incomplete (a marker file is written last).
const std::filesystem::path& city_store() {
  static const std::filesystem::path db = [] {
    const auto dir = city_dir();
    const auto path = dir / "hub.db";
    const auto marker = dir / "complete";
    if (!std::filesystem::exists(marker)) {
      std::filesystem::remove_all(dir);
      std::filesystem::create_directories(dir);
      const auto t0 = std::chrono::steady_clock::now();
      std::fprintf(stderr, "building the city store in %s (once; a few minutes)...\n", dir.c_str());
      const auto n = build_city(path);
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::fprintf(stderr, "%lld events in %.0f s (%.0f events/s with aggregates)\n", static_cast<long long>(n), s,
                   static_cast<double>(n) / s);
      write_file(marker, std::to_string(n) + "\n");
    }
    // The organisation as this bench defines it, also over a store built by an older one.
    auto catalog = hub::sqlite_catalog::open(path.string());
    if (!catalog) throw std::runtime_error(catalog.err().message);
    if (auto r = (*catalog)->put_org(city()); !r) throw std::runtime_error(r.err().message);
    return path;
  }();
  return db;
}

// The hub on the city store, started once for all the benchmarks.
struct city_hub {
  city_hub()
      : broker((std::filesystem::create_directories(work.path()), work.path())),
        hub((broker.start(), city_store().parent_path()), broker.url()) {
    hub.start();
    cookie = hub.login();
    if (cookie.empty()) throw std::runtime_error("admin login failed");
  }
  temp_dir work{"pantau-bench-kpi"};
  mosquitto_broker broker;
  hub_process hub;
  std::string cookie;
};

city_hub& shared_hub() {
  static city_hub h;
  return h;
}

// Exports of a semester take seconds: the client waits up to this long.
constexpr std::chrono::seconds answer_within{120};

void get_kpi(benchmark::State& state, const std::function<std::string(std::mt19937&)>& target) {
  auto& h = shared_hub();
  std::mt19937 rng(7);
  std::vector<double> ms;
  for (auto _ : state) {
    const std::string t = target(rng);
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = http_request(h.hub.http_port(), "GET", t, {}, {{"Cookie", h.cookie}}, answer_within);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (r.status != 200) {
      state.SkipWithError(("HTTP " + std::to_string(r.status) + ": " + r.body).c_str());
      break;
    }
  }
  // The first request after the hub started fills the unit-day cache: shown apart from the percentiles.
  if (!ms.empty()) state.counters["first_ms"] = ms.front();
  report_latency(state, std::move(ms));
}

void kpi_office_semester(benchmark::State& state) {
  get_kpi(state, [](std::mt19937&) {
    return std::string("/api/v1/kpi?scope=office&id=") + office + "&from=2026-01-01&to=2026-06-30";
  });
}
void kpi_office_year(benchmark::State& state) {
  get_kpi(state, [](std::mt19937&) {
    return std::string("/api/v1/kpi?scope=office&id=") + office + "&from=2025-07-01&to=2026-06-30";
  });
}
void kpi_unit_month(benchmark::State& state) {
  get_kpi(state, [](std::mt19937& rng) {
    return "/api/v1/kpi?scope=unit&id=" + unit_id(static_cast<int>(rng() % unit_count)) + "&from=2026-03-01&to=2026-03-31";
  });
}
void kpi_employee_semester(benchmark::State& state) {
  get_kpi(state, [](std::mt19937& rng) {
    return "/api/v1/kpi?scope=employee&id=" + nip_of(static_cast<int>(rng() % (unit_count * staff_per_unit))) +
           "&from=2026-01-01&to=2026-06-30";
  });
}

// A supervisor downloads the semester's attendance workbook (the heaviest export).
const std::string semester_xlsx = "/api/v1/export/attendance.xlsx?from=2026-01-01&to=2026-06-30";

void export_attendance_xlsx_semester(benchmark::State& state) {
  get_kpi(state, [](std::mt19937&) { return semester_xlsx; });
}

// Dashboards keep asking while somebody downloads exports back to back: the unit-month answers are
// compared with kpi_unit_month of the same run (exports run on the HTTP server's worker thread).
void kpi_unit_month_during_exports(benchmark::State& state) {
  auto& h = shared_hub();
  std::atomic<bool> stop{false};
  std::atomic<int> exports{0};
  std::thread downloader([&] {
    while (!stop.load()) {
      if (http_request(h.hub.http_port(), "GET", semester_xlsx, {}, {{"Cookie", h.cookie}}, answer_within).status == 200)
        exports.fetch_add(1);
    }
  });
  kpi_unit_month(state);
  stop = true;
  downloader.join();
  state.counters["exports"] = exports.load();
}

// The survey report of a semester (PermenPANRB 14/2017 structure): the whole city's office, as PDF and as
// XLSX, and one unit's PDF. Each reads two semesters of counter-days and the follow-up items, then lays
// the document out.
void survey_report_office_pdf(benchmark::State& state) {
  get_kpi(state, [](std::mt19937&) { return std::string("/api/v1/survey/report.pdf?office=") + office + "&period=2026-S1"; });
}
void survey_report_office_xlsx(benchmark::State& state) {
  get_kpi(state, [](std::mt19937&) { return std::string("/api/v1/survey/report.xlsx?office=") + office + "&period=2026-S1"; });
}
void survey_report_unit_pdf(benchmark::State& state) {
  get_kpi(state, [](std::mt19937& rng) {
    return "/api/v1/survey/report.pdf?unit=" + unit_id(static_cast<int>(rng() % unit_count)) + "&period=2026-S1";
  });
}

BENCHMARK(kpi_office_semester)->Iterations(200)->Unit(benchmark::kMillisecond);
BENCHMARK(kpi_office_year)->Iterations(100)->Unit(benchmark::kMillisecond);
BENCHMARK(kpi_unit_month)->Iterations(200)->Unit(benchmark::kMillisecond);
BENCHMARK(kpi_employee_semester)->Iterations(500)->Unit(benchmark::kMillisecond);
BENCHMARK(export_attendance_xlsx_semester)->Iterations(5)->Unit(benchmark::kMillisecond);
BENCHMARK(kpi_unit_month_during_exports)->Iterations(6000)->Unit(benchmark::kMillisecond);
BENCHMARK(survey_report_office_pdf)->Iterations(10)->Unit(benchmark::kMillisecond);
BENCHMARK(survey_report_office_xlsx)->Iterations(10)->Unit(benchmark::kMillisecond);
BENCHMARK(survey_report_unit_pdf)->Iterations(50)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace pantau::test

BENCHMARK_MAIN();

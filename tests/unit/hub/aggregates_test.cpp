// Incremental day aggregates: the store's rows after random batches (random order, duplicates, late
// events) equal a full recompute from the events table, and /kpi numbers equal the indicator engine
// run directly over the raw events.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "hub_fakes.hpp"
#include "pantau/hub/core/day_aggregates.hpp"
#include "pantau/hub/core/kpi_query.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/store/sqlite_store.hpp"
#include "pantau/shared/codec.hpp"
#include "pantau/shared/uuid.hpp"
#include "sql_text.hpp"
#include "test_dir.hpp"

namespace pantau::hub {
namespace {

namespace ind = indicators;

const std::string office = "binjai-dukcapil";

// ---- core pieces ------------------------------------------------------------------------------

TEST(day_aggregates_test, marks_round_trip_with_separators_in_tickets) {
  std::vector<day_mark> marks = {{5, day_mark::kind::start, "A,1;%", "198909122019121001"},
                                 {9, day_mark::kind::end, "A,1;%", "198909122019121001"},
                                 {7, day_mark::kind::open, "", "198909122019121001"}};
  auto back = decode_marks(encode_marks(marks));
  ASSERT_TRUE(back.ok()) << back.err().message;
  EXPECT_EQ(*back, marks);
  EXPECT_FALSE(decode_marks("5,x,,;").ok());
  EXPECT_FALSE(decode_marks("5,s,A").ok());
}

TEST(day_aggregates_test, local_day_follows_the_zone) {
  // 2026-11-22T16:59:59Z is 23:59:59 WIB; one second later it is the next WIB day.
  const auto t = ind::to_utc_ms({2026, 11, 22}, 23 * 60 + 59, ind::zone::wib) + 59'000;
  EXPECT_EQ(local_day_of(t, ind::zone::wib), ind::days_from_civil({2026, 11, 22}));
  EXPECT_EQ(local_day_of(t + 1000, ind::zone::wib), ind::days_from_civil({2026, 11, 23}));
  EXPECT_EQ(local_day_of(t, ind::zone::wit), ind::days_from_civil({2026, 11, 23}));
}

TEST(day_aggregates_test, first_in_and_last_out_do_not_depend_on_order) {
  attendance_marks a, b;
  a.add_in(10, false);
  a.add_in(10, true);
  a.add_in(20, true);
  a.add_out(30, true);
  a.add_out(30, false);
  b.add_out(30, false);
  b.add_in(20, true);
  b.add_out(30, true);
  b.add_in(10, true);
  b.add_in(10, false);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.first_in_ms, 10);
  EXPECT_TRUE(a.first_in_synced);
}

TEST(day_aggregates_test, service_sums_take_items_out_again) {
  service_sums s;
  ind::served_item x{"loket-1", "A001", "198909122019121001", 0, 61'500};
  s.add(x);
  s.add(x);
  s.add(x, -1);
  EXPECT_EQ(s.served, 1);
  EXPECT_EQ(s.buckets, (duration_buckets{{61, 1}}));
  auto b = decode_buckets(encode_buckets(s.buckets));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, s.buckets);
}

TEST(organisation_test, csv_import_reports_every_bad_row_with_its_line) {
  const auto org = demo_organisation();
  const std::string csv =
      "\xEF\xBB\xBFnip,name,unit\r\n"
      "198001012005011001,\"Rahmat, S.Sos\",pendaftaran\r\n"
      "12345,Pendek,pendaftaran\n"
      "198001012005011002,Ani,tidak-ada\n"
      "\n"
      "198001012005011001,Dua Kali,pengaduan\n"
      "198001012005011003,Bad \xff UTF,pengaduan\n"
      "198001012005011004,Cuma Dua\n";
  const auto r = parse_employees_csv(csv, org);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].name, "Rahmat, S.Sos");
  ASSERT_EQ(r.problems.size(), 5u);
  EXPECT_EQ(r.problems[0].line, 3u);
  EXPECT_EQ(r.problems[1].line, 4u);
  EXPECT_EQ(r.problems[2].line, 6u);
  EXPECT_EQ(r.problems[3].line, 7u);
  EXPECT_EQ(r.problems[4].line, 8u);
  EXPECT_EQ(parse_employees_csv("nip,nama,unit\n", org).problems.size(), 1u);
}

TEST(organisation_test, demo_organisation_is_valid) {
  const auto org = demo_organisation();
  EXPECT_TRUE(validate(org).ok());
  EXPECT_EQ(org.employees.size(), 9u);
  EXPECT_EQ(org.counters.size(), 3u);
}

TEST(kpi_request_test, bad_requests_say_why) {
  using sv = std::optional<std::string_view>;
  EXPECT_TRUE(parse_kpi_request(sv("unit"), sv("pendaftaran"), sv("2026-11-01"), sv("2026-11-30"), {}).ok());
  EXPECT_EQ(parse_kpi_request(sv("desk"), sv("x"), sv("2026-11-01"), sv("2026-11-30"), {}).err().code, errc::bad_request);
  EXPECT_FALSE(parse_kpi_request(sv("unit"), {}, sv("2026-11-01"), sv("2026-11-30"), {}).ok());
  EXPECT_FALSE(parse_kpi_request(sv("unit"), sv("x"), sv("2026-11-31"), sv("2026-12-01"), {}).ok());
  EXPECT_FALSE(parse_kpi_request(sv("unit"), sv("x"), sv("2026-12-02"), sv("2026-12-01"), {}).ok());
  EXPECT_FALSE(parse_kpi_request(sv("unit"), sv("x"), sv("2020-01-01"), sv("2026-12-01"), {}).ok());
}

TEST(kpi_request_test, scope_resolution_and_visibility) {
  const auto org = demo_organisation();
  kpi_request r;
  r.scope = kpi_scope::employee;
  r.id = "198909122019121001";
  auto s = resolve_scope(org, r);
  ASSERT_TRUE(s.ok());
  principal sup{"sup", role::supervisor, {"pendaftaran"}};
  EXPECT_TRUE(may_see(sup, *s));
  r.id = "198503252013021005";  // pencatatan-sipil
  EXPECT_FALSE(may_see(sup, *resolve_scope(org, r)));
  r.scope = kpi_scope::office;
  r.id = office;
  EXPECT_FALSE(may_see(sup, *resolve_scope(org, r)));
  principal all{"all", role::viewer, {"pendaftaran", "pencatatan-sipil", "pengaduan"}};
  EXPECT_TRUE(may_see(all, *resolve_scope(org, r)));
  r.id = "nowhere";
  EXPECT_EQ(resolve_scope(org, r).err().code, errc::not_found);
}

// ---- the property: incremental == recompute, and == the engine on raw events --------------------

class aggregates_store_test : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::fresh_test_dir("pantau-hub-agg");
    path_ = (dir_ / "hub.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Every aggregate table as text, in key order.
  std::string snapshot() {
    std::string out;
    for (const char* sql : {"SELECT * FROM agg_employee_day ORDER BY 1, 2, 3",
                            "SELECT * FROM agg_counter_day ORDER BY 1, 2, 3",
                            "SELECT * FROM agg_employee_service ORDER BY 1, 2, 3, 4",
                            "SELECT * FROM agg_marks ORDER BY 1, 2, 3, 4"})
      out += test::sql_text(path_, sql) + "--\n";
    return out;
  }

  std::filesystem::path dir_;
  std::string path_;
};

struct generated {
  std::vector<pantau::event> events;
  // The same events with every check-in and check-out where re-basing places it (the engine's input).
  std::vector<pantau::event> placed;
};

generated random_events(std::uint64_t seed, const organisation& org, std::size_t n) {
  std::mt19937_64 rng(seed);
  auto pick = [&](std::size_t k) { return static_cast<std::size_t>(rng() % k); };
  uuid_generator ids;
  generated g;
  const ind::civil_date first{2026, 11, 16};  // a Monday; 2026-11-18 is made a holiday below
  // boot-1 started an hour before the first day; its monotonic clock runs true.
  const std::int64_t boot_origin = ind::to_utc_ms(first, 0, ind::zone::wib) - 3'600'000;
  for (std::size_t i = 0; i < n; ++i) {
    pantau::event e;
    e.id = ids.next();
    e.office = office;
    e.kiosk = "k-01";
    e.seq = static_cast<std::int64_t>(i + 1);
    e.prev = std::string(chain_start);
    e.boot = "boot-1";
    const auto day = ind::add_days(first, static_cast<std::int64_t>(pick(6)));
    // Mostly office hours, some around midnight so that day edges are exercised.
    const int minute = pick(10) == 0 ? static_cast<int>(pick(24 * 60)) : static_cast<int>(6 * 60 + pick(12 * 60));
    const std::int64_t true_ms = ind::to_utc_ms(day, minute, ind::zone::wib) + static_cast<std::int64_t>(pick(60'000));
    e.ts_ms = true_ms;
    e.mono_ms = true_ms - boot_origin;
    e.clock = pick(10) == 0 ? clock_state::unsynced : clock_state::synced;
    // Unsynced: either boot-1 before NTP (stamped in 1970, re-based against boot-1's synced events) or
    // boot-2, which never synced (its stamps stay, untrusted).
    const bool stamped_1970 = e.clock == clock_state::unsynced && pick(2) == 0;
    if (stamped_1970) e.ts_ms = e.mono_ms;
    else if (e.clock == clock_state::unsynced) e.boot = "boot-2";
    const auto& emp = org.employees[pick(org.employees.size())].nip;
    const auto& counter = org.counters[pick(org.counters.size())].counter;
    switch (pick(4)) {
      case 0: {
        attendance_data a;
        a.employee = emp;
        a.action = pick(2) == 0 ? attendance_data::action_t::in : attendance_data::action_t::out;
        e.data = a;
        break;
      }
      case 1: {
        rating_data r;
        r.counter = counter;
        if (pick(4) != 0) r.employee = emp;
        if (pick(5) != 0) r.overall = 1 + static_cast<int>(pick(4));
        if (pick(3) == 0) {
          std::array<std::optional<int>, 9> el{};
          for (auto& x : el)
            if (pick(6) != 0) x = 1 + static_cast<int>(pick(4));
          r.elements = el;
        }
        if (!r.overall && !r.elements) r.overall = 3;
        r.misuse = pick(12) == 0;
        e.data = r;
        break;
      }
      case 2: {
        service_data s;
        s.counter = counter;
        s.employee = emp;
        s.ticket = "A00" + std::to_string(1 + pick(4));
        s.action = pick(2) == 0 ? service_data::action_t::start : service_data::action_t::end;
        e.data = s;
        break;
      }
      default: {
        counter_data c;
        c.counter = counter;
        c.employee = emp;
        const counter_data::action_t actions[] = {counter_data::action_t::open, counter_data::action_t::break_,
                                                  counter_data::action_t::resume, counter_data::action_t::close};
        c.action = actions[pick(4)];
        e.data = c;
        break;
      }
    }
    pantau::event placed = e;
    if (stamped_1970 && placed.type() == event_type::attendance) {
      placed.ts_ms = true_ms;
      placed.clock = clock_state::synced;
    }
    g.placed.push_back(std::move(placed));
    g.events.push_back(std::move(e));
  }
  return g;
}

// The engine run directly over the raw events of the scope (no aggregates involved).
ind::kpi_totals direct_kpi(const organisation& org, const resolved_scope& scope, const kpi_request& req,
                           const std::vector<pantau::event>& events, std::int64_t now_ms) {
  ind::kpi_totals t;
  std::set<std::string> nips, counters;
  for (const auto& e : scope.employees) nips.insert(e.nip);
  for (const auto& c : scope.counters) counters.insert(c.counter);
  std::vector<ind::attendance_mark> marks;
  std::map<std::pair<std::string, std::int64_t>, std::vector<ind::service_mark>> service;
  std::map<std::pair<std::string, std::int64_t>, std::vector<ind::counter_mark>> opening;
  const std::int64_t from = ind::days_from_civil(req.from), to = ind::days_from_civil(req.to);
  for (const auto& e : events) {
    const auto day = local_day_of(e.ts_ms, ind::zone::wib);
    if (auto m = ind::attendance_mark_of(e)) marks.push_back(*m);
    if (day < from || day > to) continue;
    if (const auto* r = std::get_if<rating_data>(&e.data)) {
      if (req.scope == kpi_scope::employee ? (r->employee && nips.contains(*r->employee)) : counters.contains(r->counter))
        ind::add_rating(t.satisfaction, *r);
    }
    if (auto s = ind::service_mark_of(e)) {
      if (req.scope == kpi_scope::employee || counters.contains(s->counter)) service[{s->counter, day}].push_back(*s);
    }
    if (auto c = ind::counter_mark_of(e); c && counters.contains(c->counter)) opening[{c->counter, day}].push_back(*c);
  }
  for (const auto& emp : scope.employees) {
    const auto* u = org.find_unit(emp.unit);
    const auto sched = org.schedule_of(*u);
    for (const auto& d : ind::evaluate_period(sched, {}, emp.nip, req.from, req.to, marks, now_ms))
      t.attendance.merge(ind::tally(d));
  }
  for (const auto& [key, list] : service) {
    for (const auto& s : ind::pair_services(list)) {
      if (req.scope == kpi_scope::employee && !nips.contains(s.employee)) continue;
      t.service.add(s);
    }
  }
  if (req.scope != kpi_scope::employee) {
    for (const auto& [key, list] : opening) {
      const auto begin = ind::to_utc_ms(ind::civil_from_days(key.second), 0, ind::zone::wib);
      t.service.open_ms += ind::total_open_ms(ind::open_intervals(list, begin, begin + ind::ms_per_day));
    }
  }
  return t;
}

void expect_same(const ind::kpi_totals& a, const ind::kpi_totals& b) {
  auto x = a.attendance, y = b.attendance;
  EXPECT_NEAR(x.deduction_pct, y.deduction_pct, 1e-9);
  x.deduction_pct = y.deduction_pct = 0;
  EXPECT_EQ(x, y);
  EXPECT_EQ(a.satisfaction, b.satisfaction);
  EXPECT_EQ(a.service, b.service);
}

TEST_F(aggregates_store_test, incremental_equals_recompute_for_random_streams) {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    SCOPED_TRACE(seed);
    std::filesystem::remove_all(dir_);
    auto store = sqlite_store::open(path_);
    ASSERT_TRUE(store.ok()) << store.err().message;
    auto catalog = sqlite_catalog::open(path_);
    ASSERT_TRUE(catalog.ok()) << catalog.err().message;
    auto org = demo_organisation();
    for (auto& u : org.units) u.tracking_since = indicators::civil_date{2025, 1, 1};  // every test day watched
    org.holidays.push_back({office, {2026, 11, 18}, "Libur"});
    ASSERT_TRUE((*catalog)->put_org(org).ok());

    const auto g = random_events(seed, org, 1500);
    std::vector<std::string> payloads;
    for (const auto& e : g.events) payloads.push_back(encode_event(e));
    // Random order with 20 % duplicates, in random batch sizes.
    std::mt19937_64 rng(seed * 7919);
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < g.events.size(); ++i) {
      order.push_back(i);
      if (rng() % 5 == 0) order.push_back(i);
    }
    std::shuffle(order.begin(), order.end(), rng);
    for (std::size_t at = 0; at < order.size();) {
      const std::size_t n = std::min<std::size_t>(order.size() - at, 1 + rng() % 200);
      write_set w;
      for (std::size_t k = at; k < at + n; ++k) w.events.push_back({&g.events[order[k]], payloads[order[k]], 1, 0});
      auto r = (*store)->write(w);
      ASSERT_TRUE(r.ok()) << r.err().message;
      at += n;
    }
    const std::string incremental = snapshot();
    auto rebuilt = (*store)->rebuild_aggregates();
    ASSERT_TRUE(rebuilt.ok()) << rebuilt.err().message;
    EXPECT_EQ(*rebuilt, 1500);
    EXPECT_EQ(incremental, snapshot());

    const std::int64_t now = ind::to_utc_ms({2026, 12, 1}, 12 * 60, ind::zone::wib);
    for (auto [scope, id] : std::vector<std::pair<kpi_scope, std::string>>{
             {kpi_scope::office, office}, {kpi_scope::unit, "pendaftaran"}, {kpi_scope::counter, "loket-2"},
             {kpi_scope::employee, org.employees[4].nip}}) {
      kpi_request req{scope, id, std::nullopt, {2026, 11, 15}, {2026, 11, 22}};
      auto resolved = resolve_scope(org, req);
      ASSERT_TRUE(resolved.ok());
      auto got = compute_kpi_totals(org, *resolved, req, **catalog, now);
      ASSERT_TRUE(got.ok()) << got.err().message;
      expect_same(*got, direct_kpi(org, *resolved, req, g.placed, now));
      if (scope == kpi_scope::office) {
        EXPECT_GT(got->attendance.expected, 0);
        EXPECT_GT(got->satisfaction.responses, 0);
        EXPECT_GT(got->service.served, 0);
      }
    }
    store->reset();
  }
}

}  // namespace
}  // namespace pantau::hub

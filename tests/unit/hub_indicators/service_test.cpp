#include "pantau/hub/indicators/service.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "pantau/hub/indicators/time_zone.hpp"

namespace pantau::hub::indicators {
namespace {

using svc = service_data::action_t;
using ctr = counter_data::action_t;

constexpr civil_date kMonday{2026, 11, 23};
const std::string kNip = "199001012020121001";

std::int64_t at(int h, int m, int s = 0) { return to_utc_ms(kMonday, hm(h, m), zone::wib) + s * 1000; }

service_mark sm(std::int64_t ts, const std::string& counter, const std::string& ticket, svc a) {
  return service_mark{ts, counter, kNip, ticket, a};
}
counter_mark cm(std::int64_t ts, const std::string& counter, ctr a) { return counter_mark{ts, counter, kNip, a}; }

TEST(Service, PairsStartAndEndPerCounterAndTicket) {
  const std::vector<service_mark> marks{
      sm(at(8, 5, 30), "loket-1", "A001", svc::end),    // given before its start on purpose
      sm(at(8, 0), "loket-1", "A001", svc::start),
      sm(at(8, 6), "loket-1", "A001", svc::end),        // second end: ignored
      sm(at(8, 6), "loket-1", "A002", svc::start),      // called, nobody came
      sm(at(8, 7), "loket-1", "A002", svc::start),      // called again: this start counts
      sm(at(8, 10), "loket-1", "A002", svc::end),
      sm(at(8, 11), "loket-1", "A003", svc::start),     // never ended
      sm(at(8, 12), "loket-1", "A004", svc::end),       // end without start
      sm(at(8, 0), "loket-2", "A001", svc::start),      // same ticket, other counter
      sm(at(8, 2), "loket-2", "A001", svc::end),
  };
  const auto served = pair_services(marks);
  ASSERT_EQ(served.size(), 3u);
  EXPECT_EQ(served[0].counter, "loket-2");
  EXPECT_EQ(served[0].duration_ms(), 120'000);
  EXPECT_EQ(served[1].ticket, "A001");
  EXPECT_EQ(served[1].duration_ms(), 330'000);
  EXPECT_EQ(served[2].ticket, "A002");
  EXPECT_EQ(served[2].duration_ms(), 180'000);
  EXPECT_EQ(served[2].employee, kNip);

  const auto t = summarize(served, {});
  EXPECT_EQ(t.served, 3);
  EXPECT_DOUBLE_EQ(*t.mean_s(), 210.0);  // (120 + 330 + 180) / 3
  EXPECT_DOUBLE_EQ(*t.p90_s(), 330.0);   // rank ceil(2.7) = 3
  EXPECT_FALSE(t.per_open_hour());
}

struct p90_row {
  std::vector<std::int64_t> durations_ms;
  std::int64_t p90_s;
};

TEST(Service, P90IsNearestRank) {
  const std::vector<p90_row> rows{
      {{1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000}, 9},           // n=10 -> 9th
      {{1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 11000}, 10},   // n=11 -> ceil(9.9)=10th
      {{42'900}, 42},                                                                 // truncated to seconds
      {{10000, 1999, 1000}, 10},                                                      // n=3 -> 3rd
      {{5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 5000, 60000}, 5},
  };
  for (const auto& r : rows) {
    duration_histogram h;
    for (auto d : r.durations_ms) h.add(d);
    EXPECT_EQ(h.percentile_s(90), r.p90_s) << r.durations_ms.size();
  }
  duration_histogram twenty;
  for (std::int64_t s = 1; s <= 20; ++s) twenty.add(s * 1000);
  EXPECT_EQ(twenty.percentile_s(90), 18);
  EXPECT_EQ(twenty.percentile_s(100), 20);
  EXPECT_EQ(twenty.percentile_s(50), 10);
  EXPECT_EQ(twenty.percentile_s(1), 1);
  EXPECT_FALSE(twenty.percentile_s(0));
  EXPECT_FALSE(duration_histogram{}.percentile_s(90));
}

TEST(Service, P90InTheOverflowBucket) {
  duration_histogram h;
  h.add(60'000);
  for (int i = 0; i < 9; ++i) h.add(5 * 3600 * 1000);
  EXPECT_EQ(h.overflow(), 9);
  EXPECT_EQ(h.percentile_s(90), duration_histogram::bucket_limit_s);
  duration_histogram edge;
  edge.add(4 * 3600 * 1000 - 1);  // 14399.999 s: last regular bucket
  EXPECT_EQ(edge.percentile_s(90), 14399);
  EXPECT_EQ(edge.overflow(), 0);
}

TEST(Service, HistogramMergeEqualsWhole) {
  duration_histogram a;
  duration_histogram b;
  duration_histogram whole;
  for (std::int64_t i = 0; i < 37; ++i) {
    const std::int64_t d = (i * 7919) % 600'000;
    (i % 3 == 0 ? a : b).add(d);
    whole.add(d);
  }
  a.merge(b);
  EXPECT_EQ(a, whole);
  EXPECT_EQ(a.percentile_s(90), whole.percentile_s(90));
}

// An office's counter-days summed at once equal the same summed one by one, overflow included.
TEST(Service, MergeAllEqualsMergingInTurn) {
  std::vector<service_totals> parts(40);
  for (std::size_t p = 0; p < parts.size(); ++p)
    for (std::int64_t i = 0; i < 25; ++i) {
      // Up to 12 minutes, and now and then one longer than the 4-hour buckets (the overflow).
      const std::int64_t d = i == 0 && p % 7 == 0 ? 5 * 3600 * 1000 : (static_cast<std::int64_t>(p) * 104729 + i * 7919) % 720'000;
      parts[p].durations.add(d);
      parts[p].served += 1;
      parts[p].total_service_ms += d;
    }
  service_totals in_turn;
  service_totals at_once;
  std::vector<const service_totals*> pointers;
  for (const auto& p : parts) {
    in_turn.merge(p);
    pointers.push_back(&p);
  }
  at_once.merge(parts[0]);
  at_once.merge_all(std::span(pointers).subspan(1));
  EXPECT_EQ(at_once, in_turn);
  EXPECT_GT(in_turn.durations.overflow(), 0);
}

TEST(Service, OpenTimeExcludesBreaks) {
  const std::vector<counter_mark> marks{
      cm(at(8, 0), "loket-1", ctr::open),    cm(at(8, 10), "loket-1", ctr::open),  // repeat: ignored
      cm(at(10, 0), "loket-1", ctr::break_), cm(at(10, 30), "loket-1", ctr::resume),
      cm(at(12, 0), "loket-1", ctr::close),  cm(at(12, 5), "loket-1", ctr::close),  // repeat: ignored
      cm(at(13, 0), "loket-2", ctr::open),                                           // still open at 16:00
  };
  const auto intervals = open_intervals(marks, at(7, 0), at(16, 0));
  ASSERT_EQ(intervals.size(), 3u);
  EXPECT_EQ(intervals[0].end_ms - intervals[0].begin_ms, 2 * 3600 * 1000);
  EXPECT_EQ(intervals[1].end_ms - intervals[1].begin_ms, 90 * 60 * 1000);
  EXPECT_EQ(intervals[2].counter, "loket-2");
  EXPECT_EQ(intervals[2].end_ms, at(16, 0));
  EXPECT_EQ(total_open_ms(intervals), 13 * 1800 * 1000);  // 6.5 h

  // 13 served in 6.5 open counter-hours = 2 per hour.
  std::vector<served_item> served;
  for (int i = 0; i < 13; ++i) served.push_back(served_item{"loket-1", "A", kNip, at(9, i), at(9, i) + 60'000});
  const auto t = summarize(served, intervals);
  EXPECT_DOUBLE_EQ(*t.per_open_hour(), 2.0);
}

TEST(Service, OpenTimeIsClippedToTheWindow) {
  // Opened yesterday afternoon and never closed: today's window only counts from its start.
  const std::vector<counter_mark> marks{cm(at(15, 0) - ms_per_day, "loket-3", ctr::open)};
  EXPECT_EQ(total_open_ms(open_intervals(marks, at(0, 0), at(8, 0))), 8 * 3600 * 1000);
  // Closed before the window: nothing.
  const std::vector<counter_mark> closed{cm(at(6, 0), "loket-3", ctr::open), cm(at(6, 30), "loket-3", ctr::close)};
  EXPECT_TRUE(open_intervals(closed, at(7, 0), at(16, 0)).empty());
}

TEST(Service, TotalsMergeAcrossDays) {
  service_totals mon;
  mon.add(served_item{"loket-1", "A001", kNip, 0, 100'000});
  mon.open_ms = 3'600'000;
  service_totals tue;
  tue.add(served_item{"loket-1", "A001", kNip, 0, 300'000});
  tue.add(served_item{"loket-1", "A002", kNip, 0, 200'000});
  tue.open_ms = 1'800'000;
  mon.merge(tue);
  EXPECT_EQ(mon.served, 3);
  EXPECT_DOUBLE_EQ(*mon.mean_s(), 200.0);
  EXPECT_DOUBLE_EQ(*mon.p90_s(), 300.0);
  EXPECT_DOUBLE_EQ(*mon.per_open_hour(), 2.0);  // 3 served in 1.5 h
}

TEST(Service, MarksFromEvents) {
  event e;
  e.ts_ms = 7;
  e.data = service_data{"loket-3", kNip, "A017", svc::end};
  const auto s = service_mark_of(e);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->ticket, "A017");
  EXPECT_EQ(s->action, svc::end);
  EXPECT_FALSE(counter_mark_of(e));
  e.data = counter_data{"loket-3", kNip, ctr::break_};
  ASSERT_TRUE(counter_mark_of(e));
  EXPECT_EQ(counter_mark_of(e)->action, ctr::break_);
}

}  // namespace
}  // namespace pantau::hub::indicators

// The publisher's protocol logic without sockets: window, acks, resend and reconnect behaviour, and
// a lossy-network run against a go-back-N hub model that must end with every event stored once.
#include "pantau/kiosk/delivery_window.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

#include "pantau/kiosk/backoff.hpp"

namespace pantau::kiosk {
namespace {

std::vector<stored_event> rows(std::int64_t from, std::int64_t to) {
  std::vector<stored_event> out;
  for (auto s = from; s <= to; ++s) out.push_back({s, "id-" + std::to_string(s), "{}"});
  return out;
}

// Publishes what the window allows from `rows` at `now`; returns the seqs published.
std::vector<std::int64_t> publish_all(delivery_window& w, const std::vector<stored_event>& r, std::int64_t now) {
  std::vector<std::int64_t> seqs;
  for (const auto& e : w.to_publish(r)) {
    EXPECT_TRUE(w.on_published(e.seq, now));
    seqs.push_back(e.seq);
  }
  return seqs;
}

ack acked(std::int64_t from, std::int64_t to) {
  ack a;
  a.acked.emplace_back(from, to);
  return a;
}

TEST(delivery_window, publishes_nothing_while_disconnected) {
  delivery_window w({.window = 10, .resend_after_ms = 1000});
  EXPECT_FALSE(w.next_fetch());
  const auto r = rows(1, 3);
  EXPECT_TRUE(w.to_publish(r).empty());
  EXPECT_FALSE(w.on_tick(1'000'000));
}

TEST(delivery_window, first_fetch_after_connect_starts_at_the_lowest_seq) {
  delivery_window w({.window = 10, .resend_after_ms = 1000});
  w.on_connected();
  auto f = w.next_fetch();
  ASSERT_TRUE(f);
  EXPECT_EQ(*f, (delivery_window::fetch_request{0, 10}));
}

TEST(delivery_window, never_has_more_than_window_events_in_flight) {
  delivery_window w({.window = 4, .resend_after_ms = 1000});
  w.on_connected();
  const auto r = rows(1, 10);
  EXPECT_EQ(publish_all(w, r, 0), (std::vector<std::int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(w.in_flight(), 4u);
  EXPECT_EQ(w.room(), 0u);
  EXPECT_FALSE(w.next_fetch());
  EXPECT_TRUE(w.to_publish(r).empty());
}

TEST(delivery_window, continues_after_the_cursor_in_seq_order) {
  delivery_window w({.window = 3, .resend_after_ms = 1000});
  w.on_connected();
  const auto r = rows(5, 12);
  publish_all(w, r, 0);
  w.on_ack(acked(5, 6), 10);
  auto f = w.next_fetch();
  ASSERT_TRUE(f);
  EXPECT_EQ(*f, (delivery_window::fetch_request{7, 2}));
  // The caller may hand back rows it already published: they are skipped, not sent twice.
  EXPECT_EQ(publish_all(w, r, 20), (std::vector<std::int64_t>{8, 9}));
}

TEST(delivery_window, refuses_to_mark_a_seq_at_or_before_the_cursor) {
  delivery_window w({.window = 10, .resend_after_ms = 1000});
  w.on_connected();
  EXPECT_TRUE(w.on_published(5, 0));
  EXPECT_FALSE(w.on_published(5, 0));
  EXPECT_FALSE(w.on_published(3, 0));
  EXPECT_EQ(w.in_flight(), 1u);
}

TEST(delivery_window, to_publish_stops_at_a_row_out_of_order) {
  delivery_window w({.window = 10, .resend_after_ms = 1000});
  w.on_connected();
  std::vector<stored_event> r = {{1, "a", ""}, {2, "b", ""}, {2, "c", ""}, {4, "d", ""}};
  EXPECT_EQ(w.to_publish(r).size(), 2u);
}

TEST(delivery_window, ack_deletes_ranges_and_frees_room) {
  delivery_window w({.window = 5, .resend_after_ms = 1000});
  w.on_connected();
  publish_all(w, rows(1, 5), 0);
  auto out = w.on_ack(acked(1, 3), 50);
  EXPECT_EQ(out.remove_ranges, (std::vector<seq_range>{{1, 3}}));
  EXPECT_TRUE(out.remove_seqs.empty());
  EXPECT_EQ(out.released, 3u);
  EXPECT_EQ(w.in_flight(), 2u);
  EXPECT_EQ(w.room(), 3u);
}

TEST(delivery_window, rejected_events_are_deleted_and_reported) {
  delivery_window w({.window = 5, .resend_after_ms = 1000});
  w.on_connected();
  publish_all(w, rows(1, 3), 0);
  ack a = acked(1, 1);
  a.rejected.push_back({2, "invalid_field"});
  auto out = w.on_ack(a, 5);
  EXPECT_EQ(out.remove_seqs, (std::vector<std::int64_t>{2}));
  ASSERT_EQ(out.rejected.size(), 1u);
  EXPECT_EQ(out.rejected[0].error, "invalid_field");
  EXPECT_EQ(out.released, 2u);
  EXPECT_EQ(w.in_flight(), 1u);
}

TEST(delivery_window, ack_never_deletes_what_was_never_published) {
  delivery_window w({.window = 10, .resend_after_ms = 1000});
  w.on_connected();
  publish_all(w, rows(1, 4), 0);
  ack a;
  a.acked = {{3, 100}, {50, 60}, {0, 2}, {7, 5}};
  a.rejected = {{99, "x"}, {0, "y"}};
  auto out = w.on_ack(a, 1);
  EXPECT_EQ(out.remove_ranges, (std::vector<seq_range>{{3, 4}}));  // clamped to what went out
  EXPECT_TRUE(out.remove_seqs.empty());
  EXPECT_EQ(out.ignored, 5u);
  EXPECT_EQ(out.released, 2u);
}

TEST(delivery_window, acks_for_rows_already_gone_are_harmless) {
  delivery_window w({.window = 10, .resend_after_ms = 1000});
  w.on_connected();
  publish_all(w, rows(1, 4), 0);
  w.on_ack(acked(1, 4), 1);
  auto again = w.on_ack(acked(1, 4), 2);
  EXPECT_EQ(again.released, 0u);
  EXPECT_EQ(again.remove_ranges, (std::vector<seq_range>{{1, 4}}));  // deleting nothing is fine
  EXPECT_EQ(w.in_flight(), 0u);
}

TEST(delivery_window, resends_from_the_oldest_after_the_timeout) {
  delivery_window w({.window = 10, .resend_after_ms = 2000});
  w.on_connected();
  publish_all(w, rows(1, 6), 100);
  EXPECT_EQ(w.resend_due_ms(), 2100);
  EXPECT_FALSE(w.on_tick(2099));
  EXPECT_TRUE(w.on_tick(2100));
  EXPECT_EQ(w.resends(), 1u);
  EXPECT_EQ(w.in_flight(), 0u);
  EXPECT_EQ(w.cursor(), 0);
  auto f = w.next_fetch();
  ASSERT_TRUE(f);
  EXPECT_EQ(*f, (delivery_window::fetch_request{0, 10}));
  EXPECT_EQ(publish_all(w, rows(1, 6), 2100).front(), 1);
}

TEST(delivery_window, ack_progress_postpones_the_resend) {
  delivery_window w({.window = 10, .resend_after_ms = 2000});
  w.on_connected();
  publish_all(w, rows(1, 6), 0);
  w.on_ack(acked(1, 3), 1500);
  EXPECT_EQ(w.resend_due_ms(), 3500);
  EXPECT_FALSE(w.on_tick(3000));
  EXPECT_TRUE(w.on_tick(3500));
}

TEST(delivery_window, an_event_stuck_behind_steady_progress_is_resent_eventually) {
  delivery_window w({.window = 100, .resend_after_ms = 1000});
  w.on_connected();
  publish_all(w, rows(1, 50), 0);
  // The peer keeps acking later events but never seq 1.
  std::int64_t t = 0;
  bool resent = false;
  for (std::int64_t s = 2; s <= 50 && !resent; ++s) {
    t += 500;
    w.on_ack(acked(s, s), t);
    resent = w.on_tick(t);
  }
  EXPECT_TRUE(resent);
  EXPECT_EQ(t, 4000);
}

TEST(delivery_window, duplicate_acks_are_not_progress) {
  delivery_window w({.window = 10, .resend_after_ms = 1000});
  w.on_connected();
  publish_all(w, rows(1, 5), 0);
  w.on_ack(acked(1, 1), 100);
  w.on_ack(acked(1, 1), 900);  // released nothing
  EXPECT_EQ(w.resend_due_ms(), 1100);
}

TEST(delivery_window, reconnect_forgets_in_flight_and_starts_from_the_lowest) {
  delivery_window w({.window = 10, .resend_after_ms = 1000});
  w.on_connected();
  publish_all(w, rows(1, 8), 0);
  w.on_disconnected();
  EXPECT_FALSE(w.connected());
  EXPECT_EQ(w.in_flight(), 0u);
  EXPECT_FALSE(w.next_fetch());
  w.on_connected();
  EXPECT_EQ(w.next_fetch()->after_seq, 0);
  EXPECT_EQ(publish_all(w, rows(3, 8), 10).size(), 6u);
}

TEST(delivery_window, acks_of_the_previous_round_still_delete_rows) {
  delivery_window w({.window = 10, .resend_after_ms = 1000});
  w.on_connected();
  publish_all(w, rows(1, 8), 0);
  ASSERT_TRUE(w.on_tick(1000));
  publish_all(w, rows(1, 3), 1000);
  auto out = w.on_ack(acked(1, 8), 1100);
  EXPECT_EQ(out.remove_ranges, (std::vector<seq_range>{{1, 8}}));
  EXPECT_EQ(out.released, 3u);
  EXPECT_EQ(w.in_flight(), 0u);
  // The cursor stays: 4..8 are gone from the outbox, so the next read simply finds later rows.
  EXPECT_EQ(w.next_fetch()->after_seq, 3);
}

// A lossy link into a hub that stores in order and holds back anything after a gap (docs/delivery.md).
TEST(delivery_window, lossy_link_and_go_back_n_hub_store_everything_once_in_order) {
  std::mt19937_64 rng(7);
  std::map<std::int64_t, stored_event> outbox;
  std::int64_t next_new = 1;
  std::vector<std::int64_t> stored;  // the hub's rows in arrival order
  std::int64_t hub_next = 1;
  delivery_window w({.window = 16, .resend_after_ms = 300});
  std::int64_t now = 0;
  bool up = false;
  const std::int64_t total = 2000;

  while ((next_new <= total || !outbox.empty()) && now < 10'000'000) {
    now += 10;
    if (next_new <= total && rng() % 2 == 0)
      for (int i = 0; i < 5 && next_new <= total; ++i, ++next_new) outbox[next_new] = {next_new, "", ""};
    // Connection flaps now and then.
    if (up && rng() % 200 == 0) {
      w.on_disconnected();
      up = false;
    } else if (!up && rng() % 5 == 0) {
      w.on_connected();
      up = true;
    }
    w.on_tick(now);
    ack a;
    while (auto f = w.next_fetch()) {
      std::vector<stored_event> batch;
      for (auto it = outbox.upper_bound(f->after_seq); it != outbox.end() && batch.size() < f->limit; ++it)
        batch.push_back(it->second);
      auto pub = w.to_publish(batch);
      if (pub.empty()) break;
      for (const auto& e : pub) {
        w.on_published(e.seq, now);
        if (rng() % 10 == 0) continue;  // lost on the way
        if (e.seq == hub_next) {
          stored.push_back(e.seq);
          ++hub_next;
          a.acked.emplace_back(e.seq, e.seq);
        } else if (e.seq < hub_next) {
          a.acked.emplace_back(e.seq, e.seq);  // duplicate: acked again, not stored
        }                                      // beyond a gap: held back
      }
    }
    if (rng() % 4 != 0) {  // some acks are lost too
      auto out = w.on_ack(a, now);
      for (auto [from, to] : out.remove_ranges) outbox.erase(outbox.lower_bound(from), outbox.upper_bound(to));
    }
  }
  ASSERT_TRUE(outbox.empty());
  ASSERT_EQ(static_cast<std::int64_t>(stored.size()), total);
  for (std::int64_t i = 0; i < total; ++i) ASSERT_EQ(stored[static_cast<std::size_t>(i)], i + 1);
  EXPECT_GT(w.resends(), 0u);
}

TEST(backoff, doubles_from_half_a_second_to_ten_and_resets) {
  backoff b;
  std::vector<std::int64_t> got;
  for (int i = 0; i < 8; ++i) got.push_back(b.next_delay_ms());
  EXPECT_EQ(got, (std::vector<std::int64_t>{500, 1000, 2000, 4000, 8000, 10000, 10000, 10000}));
  b.reset();
  EXPECT_EQ(b.next_delay_ms(), 500);
}

}  // namespace
}  // namespace pantau::kiosk

// The hub's delivery decisions (docs/delivery.md "Hub"), one rule at a time, with hand-made batches.
#include <gtest/gtest.h>

#include <limits>
#include <memory>

#include "hub_fakes.hpp"
#include "pantau/hub/core/ingest.hpp"

namespace pantau::hub {
namespace {

using test::batch_builder;
using test::fake_store;
using ranges = std::vector<std::pair<std::int64_t, std::int64_t>>;

const std::string office = "binjai-dukcapil";

class ingest_test : public ::testing::Test {
 protected:
  void make_engine(ingest_options o) { engine_ = std::make_unique<ingest>(o, metrics_); }

  // Decides, writes to the fake store and commits, like the pipeline does.
  batch_summary run(const batch_builder& b) {
    auto msgs = b.messages();
    auto ok = engine_->decide(msgs, lookup(), plan_, registered());
    EXPECT_TRUE(ok.ok()) << (ok.ok() ? "" : ok.err().message);
    auto w = store_.write(plan_.writes);
    EXPECT_TRUE(w.ok());
    return engine_->committed(plan_, w.value());
  }

  ingest::id_lookup lookup() {
    return [this](std::string_view id) { return store_.contains_event(id); };
  }
  ingest::kiosk_lookup registered() {
    return [this](std::string_view o, std::string_view k) -> result<std::optional<kiosk_info>> {
      if (fail_kiosk_lookup_) return error{errc::store_error, "kiosk lookup failed on purpose"};
      return store_.find_kiosk(o, k);
    };
  }
  bool fail_kiosk_lookup_ = false;

  const kiosk_ack* ack_of(const std::string& kiosk) const {
    for (const auto& a : plan_.acks)
      if (a.kiosk == kiosk) return &a;
    return nullptr;
  }

  std::int64_t last_seq(const std::string& kiosk) const {
    const auto* k = engine_->registry().find(office, kiosk);
    return k ? k->info.last_seq : -1;
  }

  metrics metrics_;
  fake_store store_;
  std::unique_ptr<ingest> engine_ = std::make_unique<ingest>(ingest_options{}, metrics_);
  batch_plan plan_;
};

TEST_F(ingest_test, first_contact_accepts_any_starting_seq_of_a_registered_kiosk) {
  auto s = run(batch_builder().event(office, "k-01", 500).event(office, "k-01", 501));
  EXPECT_EQ(s.stored, 2u);
  ASSERT_NE(ack_of("k-01"), nullptr);
  EXPECT_EQ(ack_of("k-01")->body.acked, (ranges{{500, 501}}));
  EXPECT_TRUE(ack_of("k-01")->body.rejected.empty());
  ASSERT_EQ(plan_.writes.kiosks.size(), 1u);
  EXPECT_FALSE(plan_.writes.kiosks[0].is_new) << "registered by `kiosk add`, adopted from the store";
  EXPECT_EQ(plan_.writes.kiosks[0].info.registered_ms, 1);
  EXPECT_EQ(last_seq("k-01"), 501);
  EXPECT_EQ(engine_->registry().find(office, "k-01")->info.events, 2);
  EXPECT_EQ(metrics_.events_stored.value(), 2u);
  EXPECT_EQ(metrics_.kiosks_known.value(), 1);
}

TEST_F(ingest_test, in_order_events_are_stored_and_acked_as_ranges_per_kiosk) {
  batch_builder b;
  for (int i = 1; i <= 5; ++i) b.event(office, "k-01", i);
  for (int i = 1; i <= 3; ++i) b.event(office, "k-02", i, test::uuid_of(i, 2));
  auto s = run(b);
  EXPECT_EQ(s.stored, 8u);
  ASSERT_EQ(plan_.acks.size(), 2u);
  EXPECT_EQ(ack_of("k-01")->body.acked, (ranges{{1, 5}}));
  EXPECT_EQ(ack_of("k-02")->body.acked, (ranges{{1, 3}}));
  EXPECT_EQ(ack_of("k-01")->arrivals_us.size(), 5u);
  s = run(batch_builder().event(office, "k-01", 6));
  EXPECT_EQ(s.stored, 1u);
  EXPECT_EQ(ack_of("k-01")->body.acked, (ranges{{6, 6}}));
  EXPECT_FALSE(plan_.writes.kiosks[0].is_new);
  EXPECT_EQ(engine_->registry().find(office, "k-01")->info.events, 6);
}

TEST_F(ingest_test, a_gap_holds_back_later_events_until_the_missing_one_is_resent) {
  run(batch_builder().event(office, "k-01", 1).event(office, "k-01", 2));
  // 3 was lost on the way (broker restart): 4 and 5 must wait.
  auto s = run(batch_builder().event(office, "k-01", 4).event(office, "k-01", 5));
  EXPECT_EQ(s.stored, 0u);
  EXPECT_EQ(s.held_back, 2u);
  EXPECT_EQ(ack_of("k-01"), nullptr) << "held back events are not acked";
  EXPECT_TRUE(plan_.writes.events.empty());
  EXPECT_EQ(metrics_.events_out_of_order.value(), 2u);
  EXPECT_EQ(last_seq("k-01"), 2);
  bool noted = false;
  for (const auto& n : plan_.notes) noted |= n.text.find("waiting for seq 3") != std::string::npos;
  EXPECT_TRUE(noted);
  // The kiosk's resend brings 3, 4, 5 in order.
  s = run(batch_builder().event(office, "k-01", 3).event(office, "k-01", 4).event(office, "k-01", 5));
  EXPECT_EQ(s.stored, 3u);
  EXPECT_EQ(ack_of("k-01")->body.acked, (ranges{{3, 5}}));
  EXPECT_EQ(store_.stored_seqs, (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
}

// A missing seq the kiosk can never produce would block everything after it: the wait is bounded.
TEST_F(ingest_test, a_seq_missing_past_the_bounded_wait_is_recorded_as_a_gap_and_later_events_go_on) {
  ingest_options o;
  o.gap_wait_ms = 600'000;
  make_engine(o);
  const std::int64_t t0 = 1'000'000;
  const auto later = [&](std::int64_t from, std::int64_t to, std::int64_t at) {
    batch_builder b;
    for (std::int64_t s = from; s <= to; ++s) b.event(office, "k-01", s, {}, at);
    return run(b);
  };
  later(1, 2, t0);
  // 3 never verifies; the kiosk resends 4, 5 again and again while the hub waits.
  auto s = later(4, 5, t0);
  EXPECT_EQ(s.held_back, 2u);
  s = later(4, 5, t0 + 599'999);
  EXPECT_EQ(s.held_back, 2u) << "still inside the wait, counted from the first held event";
  EXPECT_TRUE(store_.gaps.empty());
  s = later(4, 5, t0 + 600'000);
  EXPECT_EQ(s.held_back, 0u);
  EXPECT_EQ(s.stored, 2u);
  EXPECT_EQ(ack_of("k-01")->body.acked, (ranges{{4, 5}}));
  ASSERT_EQ(store_.gaps.size(), 1u);
  EXPECT_EQ(store_.gaps[0].from_seq, 3);
  EXPECT_EQ(store_.gaps[0].to_seq, 3);
  EXPECT_EQ(store_.gaps[0].recorded_ms, t0 + 600'000);
  EXPECT_EQ(last_seq("k-01"), 5);
  EXPECT_EQ(metrics_.seq_gaps_recorded.value(), 1u);
  const auto& gaps = engine_->registry().find(office, "k-01")->info.gaps;
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0], (open_gap{3, 3, 1, t0 + 600'000}));

  // The cursor moved: the next jump waits its own full time again.
  s = later(7, 7, t0 + 700'000);
  EXPECT_EQ(s.held_back, 1u);
  s = later(7, 7, t0 + 1'299'999);
  EXPECT_EQ(s.held_back, 1u);
  s = later(6, 7, t0 + 1'300'000);
  EXPECT_EQ(s.stored, 2u) << "6 came after all: no second gap";
  EXPECT_EQ(store_.gaps.size(), 1u);
}

TEST_F(ingest_test, an_event_arriving_late_into_a_gap_is_stored_counted_off_and_the_cursor_stays) {
  ingest_options o;
  o.gap_wait_ms = 1000;
  make_engine(o);
  run(batch_builder().event(office, "k-01", 1));
  run(batch_builder().event(office, "k-01", 5, {}, 10'000));
  run(batch_builder().event(office, "k-01", 5, {}, 11'000));  // gap 2..4 recorded, 5 stored
  ASSERT_EQ(store_.gaps.size(), 1u);
  EXPECT_EQ(engine_->registry().find(office, "k-01")->info.gaps[0], (open_gap{2, 4, 3, 11'000}));

  auto s = run(batch_builder().event(office, "k-01", 3, {}, 12'000));
  EXPECT_EQ(s.stored, 1u);
  EXPECT_EQ(ack_of("k-01")->body.acked, (ranges{{3, 3}}));
  ASSERT_EQ(plan_.writes.events.size(), 1u);
  EXPECT_TRUE(plan_.writes.events[0].fills_gap);
  EXPECT_EQ(last_seq("k-01"), 5) << "a late arrival does not move the cursor back";
  EXPECT_EQ(engine_->registry().find(office, "k-01")->info.gaps[0].missing, 2);
  // Sent twice (its ack lost): a duplicate, not counted off again.
  s = run(batch_builder().event(office, "k-01", 3, {}, 12'500));
  EXPECT_EQ(s.duplicates, 1u);
  EXPECT_EQ(engine_->registry().find(office, "k-01")->info.gaps[0].missing, 2);

  run(batch_builder().event(office, "k-01", 2, {}, 13'000).event(office, "k-01", 4, {}, 13'000));
  EXPECT_TRUE(engine_->registry().find(office, "k-01")->info.gaps.empty()) << "nothing missing: closed";
  EXPECT_EQ(metrics_.seq_gaps_filled.value(), 3u);
  // The next in-order event goes on from the cursor, not from the filled seqs.
  s = run(batch_builder().event(office, "k-01", 6, {}, 14'000));
  EXPECT_EQ(s.stored, 1u);
  EXPECT_EQ(store_.stored_seqs, (std::vector<std::int64_t>{1, 5, 3, 2, 4, 6}));
}

TEST_F(ingest_test, a_gap_inside_one_batch_holds_back_only_what_follows_it) {
  auto s = run(batch_builder().event(office, "k-01", 1).event(office, "k-01", 3).event(office, "k-01", 2));
  // 3 arrives before 2: held back; 2 is stored; 3 comes again with the resend.
  EXPECT_EQ(s.stored, 2u);
  EXPECT_EQ(s.held_back, 1u);
  EXPECT_EQ(ack_of("k-01")->body.acked, (ranges{{1, 2}}));
  EXPECT_EQ(store_.stored_seqs, (std::vector<std::int64_t>{1, 2}));
}

TEST_F(ingest_test, duplicate_within_one_batch_is_stored_once_and_acked_for_both) {
  auto s = run(batch_builder().event(office, "k-01", 1).event(office, "k-01", 2).event(office, "k-01", 2));
  EXPECT_EQ(s.stored, 2u);
  EXPECT_EQ(s.duplicates, 1u);
  EXPECT_EQ(plan_.writes.events.size(), 2u);
  EXPECT_EQ(ack_of("k-01")->body.acked, (ranges{{1, 2}}));
  EXPECT_EQ(ack_of("k-01")->arrivals_us.size(), 3u);
  EXPECT_EQ(metrics_.events_duplicate.value(), 1u);
}

TEST_F(ingest_test, redelivery_of_stored_events_is_acked_again_and_not_stored) {
  run(batch_builder().event(office, "k-01", 1).event(office, "k-01", 2).event(office, "k-01", 3));
  // The acks were lost: the kiosk resends from 2.
  auto s = run(batch_builder().event(office, "k-01", 2).event(office, "k-01", 3).event(office, "k-01", 4));
  EXPECT_EQ(s.stored, 1u);
  EXPECT_EQ(s.duplicates, 2u);
  EXPECT_EQ(ack_of("k-01")->body.acked, (ranges{{2, 4}}));
  EXPECT_EQ(last_seq("k-01"), 4);
  EXPECT_EQ(engine_->registry().find(office, "k-01")->info.events, 4);
  EXPECT_EQ(store_.lookups, 2) << "only seqs below next_seq are looked up";
}

TEST_F(ingest_test, duplicate_at_the_expected_seq_is_found_by_the_store_insert) {
  // The hub's memory says 1 is next (a fresh registry) but the store already has the id.
  store_.ids.insert(test::uuid_of(1));
  auto s = run(batch_builder().event(office, "k-01", 1));
  EXPECT_EQ(s.stored, 0u);
  EXPECT_EQ(s.duplicates, 1u);
  EXPECT_EQ(ack_of("k-01")->body.acked, (ranges{{1, 1}}));
  EXPECT_EQ(engine_->registry().find(office, "k-01")->info.events, 0);
}

TEST_F(ingest_test, duplicates_hold_across_a_restart_because_the_store_is_the_truth) {
  run(batch_builder().event(office, "k-01", 1).event(office, "k-01", 2));
  // A new engine loads what the store holds (the fake keeps the ids; the registry row is reloaded).
  store_.kiosks = engine_->registry().list();
  make_engine(ingest_options{});
  engine_->load(store_.kiosks);
  auto s = run(batch_builder().event(office, "k-01", 1).event(office, "k-01", 2).event(office, "k-01", 3));
  EXPECT_EQ(s.stored, 1u);
  EXPECT_EQ(s.duplicates, 2u);
  EXPECT_EQ(ack_of("k-01")->body.acked, (ranges{{1, 3}}));
}

TEST_F(ingest_test, a_new_id_below_next_seq_is_a_reinstall_and_the_cursor_follows_it) {
  batch_builder first;
  for (int i = 1; i <= 10; ++i) first.event(office, "k-01", i);
  run(first);
  // Reinstalled: seq starts again at 1 with new ids.
  auto s = run(batch_builder()
                   .event(office, "k-01", 1, test::uuid_of(1, 7))
                   .event(office, "k-01", 2, test::uuid_of(2, 7)));
  EXPECT_EQ(s.stored, 2u);
  EXPECT_EQ(ack_of("k-01")->body.acked, (ranges{{1, 2}}));
  EXPECT_EQ(last_seq("k-01"), 2);
  bool noted = false;
  for (const auto& n : plan_.notes) noted |= n.text.find("reinstall") != std::string::npos;
  EXPECT_TRUE(noted);
  // The reinstalled stream is ordered like any other: a gap holds back.
  s = run(batch_builder().event(office, "k-01", 4, test::uuid_of(4, 7)));
  EXPECT_EQ(s.held_back, 1u);
  s = run(batch_builder().event(office, "k-01", 3, test::uuid_of(3, 7)).event(office, "k-01", 4, test::uuid_of(4, 7)));
  EXPECT_EQ(s.stored, 2u);
  EXPECT_EQ(engine_->registry().find(office, "k-01")->info.events, 14);
}

TEST_F(ingest_test, a_topic_outside_the_contract_is_counted_and_never_acked) {
  auto s = run(batch_builder()
                   .add("pantau/v1/Not_Valid/k-01/events", test::event_payload(office, "k-01", 1))
                   .add("something/else", "x")
                   .add(topics::make(office, "k-01", topics::kind::ack), "{}"));
  EXPECT_EQ(s.stored, 0u);
  EXPECT_TRUE(plan_.acks.empty());
  EXPECT_TRUE(plan_.writes.rejected.empty());
  EXPECT_TRUE(plan_.writes.kiosks.empty());
  EXPECT_EQ(metrics_.rejected_count("bad_topic"), 3u);
  EXPECT_EQ(plan_.notes.size(), 3u);
}

TEST_F(ingest_test, an_undecodable_payload_is_rejected_with_the_decoder_code_and_its_seq) {
  run(batch_builder().event(office, "k-01", 1));
  // Signed by the kiosk itself: authentic, so it is acked as rejected.
  std::string json = encode_event(test::make_event(office, "k-01", 2));
  json.replace(json.find("\"v\":1"), 5, "\"v\":9");
  const std::string bad = test::sealed(office, "k-01", json);
  batch_builder b;  // the plan points into the batch: keep it alive while the plan is inspected
  b.add(test::events_topic(office, "k-01"), bad).event(office, "k-01", 3);
  auto s = run(b);
  EXPECT_EQ(s.rejected, 1u);
  EXPECT_EQ(s.stored, 1u) << "the rejected seq counts as accepted: 3 follows it";
  ASSERT_NE(ack_of("k-01"), nullptr);
  EXPECT_EQ(ack_of("k-01")->body.acked, (ranges{{3, 3}}));
  ASSERT_EQ(ack_of("k-01")->body.rejected.size(), 1u);
  EXPECT_EQ(ack_of("k-01")->body.rejected[0], (rejection{2, "unsupported_version"}));
  ASSERT_EQ(plan_.writes.rejected.size(), 1u);
  const auto& r = plan_.writes.rejected[0];
  EXPECT_EQ(r.reason, errc::unsupported_version);
  EXPECT_EQ(r.seq, 2);
  EXPECT_EQ(r.id, test::uuid_of(2));
  EXPECT_EQ(r.payload, bad);
  EXPECT_FALSE(r.message.empty());
  EXPECT_EQ(metrics_.rejected_count("unsupported_version"), 1u);
}

TEST_F(ingest_test, signed_garbage_without_a_seq_is_kept_aside_but_cannot_be_acked) {
  auto s = run(batch_builder().add(test::events_topic(office, "k-01"), test::sealed(office, "k-01", R"({"x":1})")));
  EXPECT_EQ(s.rejected, 1u);
  EXPECT_TRUE(plan_.acks.empty());
  ASSERT_EQ(plan_.writes.rejected.size(), 1u);
  EXPECT_EQ(plan_.writes.rejected[0].seq, 0);
  EXPECT_EQ(plan_.writes.rejected[0].reason, errc::missing_field);
  EXPECT_EQ(metrics_.rejected_count("missing_field"), 1u);
}

// DESIGN §10: what does not verify with the kiosk's key is never an event and never acked, not even
// as rejected, however readable its seq; it is counted and kept aside once per distinct payload.
TEST_F(ingest_test, unauthenticated_messages_are_set_aside_counted_and_never_acked) {
  run(batch_builder().event(office, "k-01", 1));
  std::string forged = test::event_payload(office, "k-01", 2);
  forged[forged.find("\"seq\":2") + 6] = '3';  // edited after signing
  const std::string other_key = signing::seal(encode_event(test::make_event(office, "k-01", 2)),
                                              signing::generate().secret);
  batch_builder b;
  b.add(test::events_topic(office, "k-01"), R"({"seq":2})")
      .add(test::events_topic(office, "k-01"), R"({"seq":2})")
      .add(test::events_topic(office, "k-01"), forged)
      .add(test::events_topic(office, "k-01"), other_key)
      .add(test::events_topic(office, "k-01"), std::string(8000, '{'));
  auto s = run(b);
  EXPECT_EQ(s.stored, 0u);
  EXPECT_EQ(s.rejected, 0u);
  EXPECT_TRUE(plan_.acks.empty());
  EXPECT_EQ(last_seq("k-01"), 1);
  EXPECT_EQ(metrics_.unauthenticated_count(metrics::unauthenticated::not_sealed), 2u);
  EXPECT_EQ(metrics_.unauthenticated_count(metrics::unauthenticated::bad_signature), 2u);
  EXPECT_EQ(metrics_.unauthenticated_count(metrics::unauthenticated::too_large), 1u);
  ASSERT_EQ(plan_.writes.unauthenticated.size(), 4u) << "the two identical ones share a row";
  EXPECT_EQ(plan_.writes.unauthenticated[0].count, 2);
  EXPECT_EQ(plan_.writes.unauthenticated[0].sha256, sha256_hex(R"({"seq":2})"));
  EXPECT_EQ(store_.set_aside, 5);
  // The real event 2 still comes through.
  s = run(batch_builder().event(office, "k-01", 2));
  EXPECT_EQ(s.stored, 1u);
  EXPECT_EQ(ack_of("k-01")->body.acked, (ranges{{2, 2}}));
}

// A large batch has its signatures checked on several threads: every outcome must be the one a
// single thread gives, in every chunk, forgeries included.
TEST_F(ingest_test, signatures_checked_ahead_on_several_threads_decide_exactly_as_one_thread_does) {
  for (unsigned threads : {1u, 4u}) {
    ingest_options o;
    o.verify_threads = threads;
    make_engine(o);
    const std::string a = "k-" + std::to_string(threads) + "a";
    const std::string b_ = "k-" + std::to_string(threads) + "b";
    const std::int64_t aside_before = store_.set_aside;
    batch_builder b;
    int forged = 0;
    for (int i = 1; i <= 400; ++i) {
      const std::string& kiosk = i % 2 == 0 ? a : b_;
      const int seq = (i + 1) / 2;
      if (i % 37 == 0) {
        // The other kiosk's signature on this kiosk's event: never stored, never acked.
        b.add(test::events_topic(office, kiosk),
              test::sealed(office, kiosk == a ? b_ : a, encode_event(test::make_event(office, kiosk, 10'000 + i))));
        ++forged;
      }
      b.event(office, kiosk, seq, test::uuid_of(seq, static_cast<int>(threads) * 10 + (kiosk == a ? 1 : 2)));
    }
    auto s = run(b);
    EXPECT_EQ(s.stored, 400u) << threads << " threads";
    EXPECT_EQ(store_.set_aside - aside_before, forged) << threads << " threads";
    ASSERT_NE(ack_of(a), nullptr);
    EXPECT_EQ(ack_of(a)->body.acked, (ranges{{1, 200}}));
    EXPECT_EQ(ack_of(b_)->body.acked, (ranges{{1, 200}}));
  }
}

TEST_F(ingest_test, unauthenticated_log_lines_are_rate_limited_per_kiosk_and_reason) {
  ingest_options o;
  o.unauthenticated_log_ms = 60'000;
  make_engine(o);
  const auto lines = [this] {
    std::size_t n = 0;
    for (const auto& note : plan_.notes) n += note.text.find("unauthenticated") != std::string::npos ? 1 : 0;
    return n;
  };
  batch_builder b;
  for (int i = 0; i < 50; ++i) b.add(test::events_topic(office, "k-01"), R"({"seq":)" + std::to_string(i) + "}", 1000);
  run(b);
  EXPECT_EQ(lines(), 1u);
  run(batch_builder().add(test::events_topic(office, "k-01"), "x", 30'000));
  EXPECT_EQ(lines(), 0u);
  run(batch_builder().add(test::events_topic(office, "k-01"), "y", 61'000));
  ASSERT_EQ(lines(), 1u);
  EXPECT_NE(plan_.notes.back().text.find("51 unauthenticated"), std::string::npos) << plan_.notes.back().text;
  run(batch_builder().add(test::events_topic(office, "k-02"), "z", 61'000));
  EXPECT_EQ(lines(), 1u) << "another kiosk has a line of its own";
}

// An authentic event at `seq` whatever its size (make_event derives times from seq).
std::string event_at(std::int64_t seq) {
  auto e = test::make_event(office, "k-01", seq, test::uuid_of(999));
  e.mono_ms = 1;
  e.ts_ms = 1'795'000'000'000;
  return test::sealed(office, "k-01", encode_event(e));
}

// Part 4 of issue 11: an authentic seq far past the cursor is rejected without moving it; nothing
// overflows at INT64_MAX and the kiosk's next events are stored as usual.
TEST_F(ingest_test, a_seq_outside_the_window_is_rejected_without_moving_the_cursor) {
  ingest_options o;
  o.max_seq_ahead = 1000;
  make_engine(o);
  run(batch_builder().event(office, "k-01", 1));
  const std::int64_t far = std::numeric_limits<std::int64_t>::max();
  auto s = run(batch_builder().add(test::events_topic(office, "k-01"), event_at(far)).event(office, "k-01", 1002));
  EXPECT_EQ(s.rejected, 2u);
  EXPECT_EQ(last_seq("k-01"), 1);
  EXPECT_EQ(ack_of("k-01")->body.rejected,
            (std::vector<rejection>{{far, "seq_out_of_window"}, {1002, "seq_out_of_window"}}));
  s = run(batch_builder().event(office, "k-01", 2).event(office, "k-01", 1001));
  EXPECT_EQ(s.stored, 1u) << "2 is stored; 1001 is within the window but waits for 3..1000";
  EXPECT_EQ(s.held_back, 1u);
  EXPECT_EQ(last_seq("k-01"), 2);
  EXPECT_EQ(metrics_.rejected_count("seq_out_of_window"), 2u);
}

TEST_F(ingest_test, a_first_contact_at_int64_max_cannot_stall_the_kiosk) {
  const std::int64_t far = std::numeric_limits<std::int64_t>::max();
  // Even a status claiming the largest seq cannot make the hold overflow.
  run(batch_builder().status(office, "k-01",
                          R"({"v":1,"state":"online","backlog":0,"last_seq":9223372036854775807})"));
  auto s = run(batch_builder().add(test::events_topic(office, "k-01"), event_at(far)));
  EXPECT_EQ(s.rejected, 1u);
  EXPECT_EQ(ack_of("k-01")->body.rejected, (std::vector<rejection>{{far, "seq_out_of_window"}}));
  EXPECT_EQ(last_seq("k-01"), 0);
  s = run(batch_builder().event(office, "k-01", 1).event(office, "k-01", 2));
  EXPECT_EQ(s.stored, 2u);
  EXPECT_EQ(ack_of("k-01")->body.acked, (ranges{{1, 2}}));
}

TEST_F(ingest_test, acks_name_the_kiosk_and_its_key) {
  run(batch_builder().event(office, "k-01", 1));
  ASSERT_NE(ack_of("k-01"), nullptr);
  EXPECT_EQ(ack_of("k-01")->body.office, office);
  EXPECT_EQ(ack_of("k-01")->body.kiosk, "k-01");
  EXPECT_EQ(ack_of("k-01")->body.key, signing::key_id(test::kiosk_keys(office, "k-01").pub));
}

// Re-provisioning registers a new key while the hub runs: the old key is refused from then on, the new
// one found in the store (asked at most every key_recheck_ms) and its seqs start again.
TEST_F(ingest_test, a_new_key_registered_while_running_is_found_and_the_old_one_retired) {
  ingest_options o;
  o.key_recheck_ms = 10'000;
  make_engine(o);
  store_.only_listed = true;
  store_.kiosks.push_back(test::registered_kiosk(office, "k-01"));
  batch_builder first;
  for (int i = 1; i <= 5; ++i) first.event(office, "k-01", i, {}, 1000);
  run(first);
  EXPECT_EQ(last_seq("k-01"), 5);

  const auto fresh = signing::generate();
  store_.kiosks[0].public_key = signing::to_text(fresh.pub);
  store_.kiosks[0].epoch = 2;
  store_.kiosks[0].last_seq = 0;
  const auto new_device = [&](std::int64_t seq) {
    return std::pair(test::events_topic(office, "k-01"),
                     signing::seal(encode_event(test::make_event(office, "k-01", seq, test::uuid_of(seq, 9))),
                                   fresh.secret));
  };
  const int lookups_before = store_.kiosk_lookups;
  batch_builder b;
  auto [t1, p1] = new_device(1);
  b.add(t1, p1, 12'000);
  auto s = run(b);
  EXPECT_EQ(s.stored, 1u);
  ASSERT_NE(ack_of("k-01"), nullptr);
  EXPECT_EQ(ack_of("k-01")->body.acked, (ranges{{1, 1}}));
  EXPECT_EQ(ack_of("k-01")->body.key, signing::key_id(fresh.pub));
  EXPECT_EQ(plan_.writes.kiosks[0].info.epoch, 2);
  EXPECT_EQ(store_.kiosk_lookups, lookups_before + 1);

  // The old key is retired; forgeries under it do not reach the store again for key_recheck_ms.
  batch_builder old;
  for (int i = 6; i <= 20; ++i) old.event(office, "k-01", i, {}, 13'000);
  s = run(old);
  EXPECT_EQ(s.stored, 0u);
  EXPECT_TRUE(plan_.acks.empty());
  EXPECT_EQ(store_.kiosk_lookups, lookups_before + 1);
  EXPECT_EQ(metrics_.unauthenticated_count(metrics::unauthenticated::bad_signature), 15u);
}

// Signed by k-01 but naming k-02: authentic, and wrong.
std::string naming(const std::string& signer_office, const std::string& signer, const std::string& named_office,
                   const std::string& named, std::int64_t seq) {
  return test::sealed(signer_office, signer, encode_event(test::make_event(named_office, named, seq)));
}

TEST_F(ingest_test, payload_for_another_kiosk_is_rejected_as_topic_mismatch) {
  auto s = run(batch_builder().add(test::events_topic(office, "k-01"), naming(office, "k-01", office, "k-02", 1)));
  EXPECT_EQ(s.rejected, 1u);
  EXPECT_EQ(ack_of("k-01")->body.rejected, (std::vector<rejection>{{1, "topic_mismatch"}}));
  EXPECT_EQ(ack_of("k-02"), nullptr);
  EXPECT_EQ(plan_.writes.rejected[0].reason, errc::topic_mismatch);
  EXPECT_EQ(plan_.writes.rejected[0].id, test::uuid_of(1));
  auto other = run(
      batch_builder().add(test::events_topic("other-office", "k-01"), naming("other-office", "k-01", office, "k-01", 2)));
  EXPECT_EQ(other.rejected, 1u);
  EXPECT_EQ(metrics_.rejected_count("topic_mismatch"), 2u);
}

TEST_F(ingest_test, an_unregistered_kiosk_is_unauthenticated_and_never_acked) {
  store_.only_listed = true;
  auto s = run(batch_builder().event(office, "k-01", 1).event(office, "k-01", 2));
  EXPECT_EQ(s.stored, 0u);
  EXPECT_EQ(s.rejected, 0u);
  EXPECT_TRUE(plan_.acks.empty());
  EXPECT_TRUE(plan_.writes.kiosks.empty()) << "no registry row for an unregistered kiosk";
  EXPECT_EQ(engine_->registry().size(), 0u);
  EXPECT_EQ(metrics_.unauthenticated_count(metrics::unauthenticated::unknown_kiosk), 2u);
  EXPECT_EQ(plan_.writes.unauthenticated.size(), 2u);
}

TEST_F(ingest_test, a_kiosk_registered_without_a_key_delivers_nothing) {
  store_.only_listed = true;
  kiosk_info keyless;
  keyless.office = office;
  keyless.kiosk = "k-01";
  store_.kiosks.push_back(keyless);
  auto s = run(batch_builder().event(office, "k-01", 1));
  EXPECT_EQ(s.stored, 0u);
  EXPECT_TRUE(plan_.acks.empty());
  EXPECT_EQ(metrics_.unauthenticated_count(metrics::unauthenticated::no_key), 1u);
}

// `pantau-hub kiosk add` writes the kiosks table while the hub runs: the next message of that kiosk
// finds it there and is stored, instead of refused until a restart. A failed lookup acks nothing.
TEST_F(ingest_test, a_kiosk_registered_in_the_store_while_running_is_adopted) {
  store_.only_listed = true;
  kiosk_info added = test::registered_kiosk(office, "k-07");
  added.registered_ms = 500;
  store_.kiosks.push_back(added);  // in the file, not in the registry loaded at start
  EXPECT_EQ(engine_->registry().size(), 0u);

  fail_kiosk_lookup_ = true;
  batch_builder first;
  first.event(office, "k-07", 1);
  auto msgs = first.messages();
  const auto failed = engine_->decide(msgs, lookup(), plan_, registered());
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.err().message, "kiosk lookup failed on purpose");

  fail_kiosk_lookup_ = false;
  auto s = run(batch_builder().event(office, "k-07", 1).event(office, "k-07", 2).event(office, "k-99", 1));
  EXPECT_EQ(s.stored, 2u);
  EXPECT_EQ(ack_of("k-07")->body.acked, (ranges{{1, 2}}));
  EXPECT_EQ(ack_of("k-99"), nullptr) << "unregistered: not even acked as rejected";
  ASSERT_NE(engine_->registry().find(office, "k-07"), nullptr);
  EXPECT_EQ(engine_->registry().find(office, "k-07")->info.registered_ms, 500);
  EXPECT_EQ(last_seq("k-07"), 2);
}

TEST_F(ingest_test, a_registered_kiosk_is_accepted) {
  store_.only_listed = true;
  kiosk_info k = test::registered_kiosk(office, "k-01");
  k.registered_ms = 5;
  engine_->load({k});
  auto s = run(batch_builder().event(office, "k-01", 1));
  EXPECT_EQ(s.stored, 1u);
  EXPECT_FALSE(plan_.writes.kiosks[0].is_new);
  EXPECT_EQ(plan_.writes.kiosks[0].info.registered_ms, 5);
}

TEST_F(ingest_test, a_rejected_event_beyond_the_next_seq_is_held_back_like_any_other) {
  run(batch_builder().event(office, "k-01", 1));
  auto s = run(batch_builder().add(test::events_topic(office, "k-01"), naming(office, "k-01", office, "k-02", 5)));
  EXPECT_EQ(s.held_back, 1u);
  EXPECT_EQ(s.rejected, 0u);
  EXPECT_EQ(last_seq("k-01"), 1);
}

TEST_F(ingest_test, a_rejected_redelivery_below_the_cursor_does_not_move_it_back) {
  batch_builder b;
  for (int i = 1; i <= 5; ++i) b.event(office, "k-01", i);
  run(b);
  auto s = run(batch_builder().add(test::events_topic(office, "k-01"), naming(office, "k-01", office, "k-09", 3)));
  EXPECT_EQ(s.rejected, 1u);
  EXPECT_EQ(last_seq("k-01"), 5);
  EXPECT_EQ(ack_of("k-01")->body.rejected.size(), 1u);
}

TEST_F(ingest_test, status_updates_the_registry_and_the_offline_will_only_the_state) {
  auto s = run(batch_builder().status(office, "k-01",
      R"({"v":1,"state":"online","version":"1.2.3","backlog":7,"last_seq":40,"clock":"synced","camera":"ok",)"
      R"("clock_offset_ms":-2,"clock_error_ms":35})", 2000));
  EXPECT_EQ(s.stored, 0u);
  EXPECT_TRUE(plan_.acks.empty());
  const auto* k = engine_->registry().find(office, "k-01");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->info.state, "online");
  EXPECT_EQ(k->info.version, "1.2.3");
  EXPECT_EQ(k->info.backlog, 7);
  EXPECT_EQ(k->info.camera, "ok");
  EXPECT_EQ(k->info.clock_offset_ms, -2);
  EXPECT_EQ(k->info.clock_error_ms, 35);
  EXPECT_EQ(k->info.last_seen_ms, 2000);
  EXPECT_EQ(k->info.last_seq, 0) << "the kiosk's last_seq is not the hub's cursor";
  ASSERT_EQ(plan_.writes.kiosks.size(), 1u);
  EXPECT_FALSE(plan_.writes.kiosks[0].is_new);

  run(batch_builder().status(office, "k-01", R"({"v":1,"state":"offline"})", 3000));
  k = engine_->registry().find(office, "k-01");
  EXPECT_EQ(k->info.state, "offline");
  EXPECT_EQ(k->info.version, "1.2.3");
  EXPECT_EQ(k->info.backlog, 7);
  EXPECT_EQ(k->info.last_seen_ms, 2000) << "the will comes from the broker, not the kiosk";
  EXPECT_EQ(metrics_.status_messages.value(), 2u);
}

// Statuses are sealed like events: an unsigned or forged one changes nothing the hub keeps — not the
// state, not the backlog, not the first-contact hold.
TEST_F(ingest_test, an_unsigned_or_forged_status_is_set_aside_and_changes_nothing) {
  run(batch_builder().status(office, "k-01",
                             R"({"v":1,"state":"online","version":"1","backlog":0,"last_seq":0,"clock":"synced","camera":"ok"})",
                             2000));
  const std::string lie =
      R"({"v":1,"state":"offline","version":"6.6.6","backlog":999,"last_seq":999,"clock":"unsynced","camera":"error"})";
  run(batch_builder()
          .add(test::status_topic(office, "k-01"), lie, 3000)
          .add(test::status_topic(office, "k-01"), test::sealed(office, "k-02", lie), 3000));
  const auto* k = engine_->registry().find(office, "k-01");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->info.state, "online");
  EXPECT_EQ(k->info.version, "1");
  EXPECT_EQ(k->info.backlog, 0);
  EXPECT_EQ(k->info.camera, "ok");
  EXPECT_EQ(metrics_.unauthenticated_count(metrics::unauthenticated::not_sealed), 1u);
  EXPECT_EQ(metrics_.unauthenticated_count(metrics::unauthenticated::bad_signature), 1u);
  EXPECT_EQ(store_.set_aside, 2);
  // Nor can it hold back the kiosk's first events by claiming a long backlog.
  auto s = run(batch_builder().event(office, "k-01", 1, {}, 4000));
  EXPECT_EQ(s.stored, 1u);
}

TEST_F(ingest_test, a_retained_status_does_not_count_as_seen_and_an_empty_one_is_ignored) {
  run(batch_builder().status(office, "k-01",
                          R"({"v":1,"state":"online","version":"1","backlog":0,"last_seq":0,"clock":"synced","camera":"none"})",
                          5000, true));
  const auto* k = engine_->registry().find(office, "k-01");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->info.last_seen_ms, 0);
  run(batch_builder().add(test::status_topic(office, "k-01"), "", 6000, true));
  EXPECT_EQ(metrics_.status_invalid.value(), 0u);
}

TEST_F(ingest_test, an_invalid_status_is_counted_and_a_status_of_an_unregistered_kiosk_ignored) {
  run(batch_builder().status(office, "k-01", "{\"v\":1,\"state\":42}"));
  EXPECT_EQ(metrics_.status_invalid.value(), 1u);
  ASSERT_NE(engine_->registry().find(office, "k-01"), nullptr) << "registered: adopted to check the seal";
  EXPECT_EQ(engine_->registry().find(office, "k-01")->info.version, "") << "but nothing of the status taken";
  store_.only_listed = true;
  run(batch_builder().status(office, "k-09",
                             R"({"v":1,"state":"online","version":"1","backlog":0,"last_seq":0,"clock":"synced","camera":"none"})"));
  EXPECT_EQ(engine_->registry().find(office, "k-09"), nullptr);
  EXPECT_TRUE(plan_.writes.kiosks.empty());
}

TEST_F(ingest_test, first_contact_waits_for_the_oldest_event_the_status_reports) {
  // The hub subscribed while the kiosk was mid-resend: its status says 1..300 are waiting.
  const std::string status =
      R"({"v":1,"state":"online","version":"1","backlog":300,"last_seq":300,"clock":"synced","camera":"none"})";
  auto s = run(batch_builder().status(office, "k-01", status, 1000, true)
                   .event(office, "k-01", 150, {}, 1000)
                   .event(office, "k-01", 151, {}, 1000));
  EXPECT_EQ(s.held_back, 2u);
  EXPECT_EQ(s.stored, 0u);
  s = run(batch_builder().event(office, "k-01", 1, {}, 3000).event(office, "k-01", 2, {}, 3000));
  EXPECT_EQ(s.stored, 2u);
  EXPECT_EQ(ack_of("k-01")->body.acked, (ranges{{1, 2}}));
}

TEST_F(ingest_test, first_contact_hold_gives_up_after_its_limit) {
  ingest_options o;
  o.first_contact_hold_ms = 10'000;
  make_engine(o);
  const std::string status =
      R"({"v":1,"state":"online","version":"1","backlog":10,"last_seq":10,"clock":"synced","camera":"none"})";
  auto s = run(batch_builder().status(office, "k-01", status).event(office, "k-01", 5, {}, 1000));
  EXPECT_EQ(s.held_back, 1u);
  s = run(batch_builder().event(office, "k-01", 5, {}, 10'999));
  EXPECT_EQ(s.held_back, 1u);
  // A status that does not fit the kiosk's outbox must not block it for good.
  s = run(batch_builder().event(office, "k-01", 5, {}, 11'000));
  EXPECT_EQ(s.stored, 1u);
  EXPECT_EQ(last_seq("k-01"), 5);
}

TEST_F(ingest_test, a_failed_write_leaves_the_hub_as_before) {
  run(batch_builder().event(office, "k-01", 1));
  batch_builder b;
  b.event(office, "k-01", 2).event(office, "k-02", 1, test::uuid_of(1, 2));
  auto msgs = b.messages();
  ASSERT_TRUE(engine_->decide(msgs, lookup(), plan_).ok());
  // The store failed: committed() is not called, nothing is acked.
  EXPECT_EQ(last_seq("k-01"), 1);
  EXPECT_EQ(engine_->registry().find(office, "k-02"), nullptr);
  // The resend is decided exactly as the first attempt was.
  auto s = run(b);
  EXPECT_EQ(s.stored, 2u);
  EXPECT_EQ(ack_of("k-01")->body.acked, (ranges{{2, 2}}));
  EXPECT_EQ(ack_of("k-02")->body.acked, (ranges{{1, 1}}));
  EXPECT_EQ(last_seq("k-01"), 2);
}

TEST_F(ingest_test, a_failed_lookup_fails_the_whole_batch) {
  run(batch_builder().event(office, "k-01", 1).event(office, "k-01", 2));
  store_.fail_lookup = true;
  batch_builder b;
  b.event(office, "k-01", 1);
  auto msgs = b.messages();
  auto r = engine_->decide(msgs, lookup(), plan_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::store_error);
}

TEST_F(ingest_test, last_seen_follows_the_newest_message_and_acks_skip_kiosks_with_nothing_to_ack) {
  run(batch_builder().event(office, "k-01", 1, {}, 1000));
  run(batch_builder().event(office, "k-01", 5, {}, 9000));  // held back
  EXPECT_TRUE(plan_.acks.empty());
  EXPECT_EQ(engine_->registry().find(office, "k-01")->info.last_seen_ms, 9000);
}

}  // namespace
}  // namespace pantau::hub

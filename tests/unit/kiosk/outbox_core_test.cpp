// The event factory stamps identity and time from the injected clock; the in-memory outbox keeps the
// outbox contract; the simulation driver paces events and stops at `count`.
#include <gtest/gtest.h>

#include "pantau/kiosk/event_factory.hpp"
#include "pantau/kiosk/memory_outbox.hpp"
#include "pantau/kiosk/sim_driver.hpp"
#include "pantau/shared/codec.hpp"
#include "pantau/shared/uuid.hpp"

namespace pantau::kiosk {
namespace {

const kiosk_identity identity{"k-07", "medan-disdukcapil", "0a6f7c8e-8a5e-4d6b-9a0e-1f9c2b7d4e11"};

rating_data a_rating(int overall = 4) {
  rating_data r;
  r.counter = "loket-1";
  r.overall = overall;
  return r;
}

TEST(event_factory, stamps_identity_time_clock_state_and_a_fresh_id) {
  manual_clock clk(1'795'000'000'123, 77'000);
  event_factory f(identity, clk, [] { return clock_state::unsynced; });
  event e = f.make(a_rating(), 41);
  EXPECT_EQ(e.kiosk, "k-07");
  EXPECT_EQ(e.office, "medan-disdukcapil");
  EXPECT_EQ(e.boot, identity.boot);
  EXPECT_EQ(e.seq, 41);
  EXPECT_EQ(e.ts_ms, 1'795'000'000'123);
  EXPECT_EQ(e.mono_ms, 77'000);
  EXPECT_EQ(e.clock, clock_state::unsynced);
  EXPECT_TRUE(is_valid_uuid(e.id));
  EXPECT_NE(f.make(a_rating(), 42).id, e.id);
}

TEST(event_factory, stored_payload_is_the_encoded_event) {
  manual_clock clk(1'795'000'000'000, 1);
  event_factory f(identity, clk);
  auto row = f.make_stored(a_rating(3), 9);
  ASSERT_TRUE(row);
  auto back = decode_event(row->payload);
  ASSERT_TRUE(back) << back.err().message;
  EXPECT_EQ(back->seq, 9);
  EXPECT_EQ(back->id, row->id);
  EXPECT_EQ(back->clock, clock_state::synced);
  EXPECT_EQ(std::get<rating_data>(back->data).overall, 3);
}

TEST(event_factory, refuses_an_event_the_hub_would_reject_for_size) {
  manual_clock clk;
  event_factory f(identity, clk);
  rating_data r = a_rating();
  r.counter = std::string(5000, 'x');
  auto row = f.make_stored(r, 1);
  ASSERT_FALSE(row);
  EXPECT_EQ(row.err().code, errc::too_large);
}

TEST(memory_outbox, keeps_the_outbox_contract) {
  manual_clock clk;
  memory_outbox box(event_factory(identity, clk));
  EXPECT_TRUE(is_valid_uuid(box.install_id()));
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(box.append(a_rating()));
  EXPECT_EQ(*box.last_seq(), 5);
  const seq_range r[] = {{1, 2}};
  const std::int64_t s[] = {5};
  EXPECT_EQ(*box.remove(r, s), 3);
  EXPECT_EQ(*box.backlog(), 2);
  auto p = box.pending(0, 10);
  ASSERT_EQ(p->size(), 2u);
  EXPECT_EQ((*p)[0].seq, 3);
  box.remove(std::span<const seq_range>(), std::vector<std::int64_t>{3, 4});
  EXPECT_EQ(box.append(a_rating())->seq, 6);  // never reused
}

TEST(memory_outbox, keeps_a_state_note_only_with_a_batch_that_commits) {
  manual_clock clk;
  memory_outbox box(event_factory(identity, clk));
  EXPECT_FALSE(box.read_state("kiosk_ui").value().has_value());
  const state_note first{"kiosk_ui", "one"};
  ASSERT_TRUE(box.append_with_state(std::vector<event_data>{a_rating()}, &first));
  EXPECT_EQ(box.read_state("kiosk_ui").value(), "one");
  rating_data huge;
  huge.counter = std::string(5000, 'x');
  const state_note second{"kiosk_ui", "two"};
  EXPECT_FALSE(box.append_with_state(std::vector<event_data>{a_rating(), huge}, &second));
  EXPECT_EQ(box.read_state("kiosk_ui").value(), "one");
  EXPECT_EQ(*box.last_seq(), 1);
  ASSERT_TRUE(box.append_with_state({}, &second));
  EXPECT_EQ(box.read_state("kiosk_ui").value(), "two");
  EXPECT_EQ(*box.last_seq(), 1);
}

TEST(sim_driver, commits_what_is_due_in_one_go) {
  manual_clock clk(0, 0);
  memory_outbox box(event_factory(identity, clk));
  sim_driver d(simulator({.seed = 1}), box, {.rate = 100.0}, 0);
  EXPECT_EQ(*d.step(5), 0u);
  EXPECT_EQ(d.next_due_ms(), 10);
  EXPECT_EQ(*d.step(250), 25u);
  EXPECT_EQ(*d.step(250), 0u);
  EXPECT_EQ(*d.step(1000), 75u);
  EXPECT_EQ(*box.last_seq(), 100);
  EXPECT_EQ(d.next_due_ms(), 1010);
}

TEST(sim_driver, stops_when_the_outbox_reaches_count_even_across_restarts) {
  manual_clock clk;
  memory_outbox box(event_factory(identity, clk));
  for (int i = 0; i < 30; ++i) box.append(a_rating());  // committed by an earlier run
  sim_driver d(simulator({.seed = 2}), box, {.rate = 1000.0, .count = 50}, 0);
  EXPECT_EQ(*d.step(100), 20u);
  EXPECT_TRUE(d.finished());
  EXPECT_EQ(*d.step(5000), 0u);
  EXPECT_EQ(*box.last_seq(), 50);
}

TEST(sim_driver, forgets_more_than_a_second_of_lag_instead_of_bursting) {
  manual_clock clk;
  memory_outbox box(event_factory(identity, clk));
  sim_driver d(simulator({.seed = 3}), box, {.rate = 10.0}, 0);
  EXPECT_EQ(*d.step(60'000), 10u);
  EXPECT_EQ(d.skipped(), 590u);
  EXPECT_EQ(*d.step(60'100), 1u);
}

TEST(sim_driver, caps_one_transaction) {
  manual_clock clk;
  memory_outbox box(event_factory(identity, clk));
  sim_driver d(simulator({.seed = 4}), box, {.rate = 10000.0, .max_batch = 300}, 0);
  EXPECT_EQ(*d.step(1000), 300u);
}

}  // namespace
}  // namespace pantau::kiosk

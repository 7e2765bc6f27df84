// The touch panel and counter logic (kiosk_ui) on a manual clock and an in-memory outbox: what gets
// committed for each tap, anti-misuse, the follow-up and SKM survey, thank-you timing, counter
// actions, tickets, who is at the counter and the lateness bands of the greeting.
#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "committed_events.hpp"
#include "pantau/kiosk/kiosk_config.hpp"
#include "pantau/kiosk/kiosk_ui.hpp"
#include "pantau/kiosk/memory_outbox.hpp"
#include "pantau/kiosk/push_button.hpp"
#include "pantau/shared/codec.hpp"

namespace pantau::kiosk {
namespace {

const kiosk_identity identity{"k-01", "binjai-dukcapil", "0a6f7c8e-8a5e-4d6b-9a0e-1f9c2b7d4e11"};
const std::string nip = "198503152010011001";
constexpr int wib = 7 * 60;
// 2026-11-23 (a Monday) 00:28:00 UTC = 07:28 WIB.
constexpr std::int64_t monday_0728_wib = 1'795'393'680'000;
constexpr std::int64_t minute = 60'000;

// An outbox whose commits can be made to fail, like a full disk or a locked file.
class switchable_outbox final : public outbox {
 public:
  explicit switchable_outbox(const clock& clk) : inner_(event_factory(identity, clk)) {}
  bool fail = false;
  result<stored_event> append(const event_data& d) override {
    if (fail) return error{errc::store_error, "disk I/O error"};
    return inner_.append(d);
  }
  result<std::vector<stored_event>> append_many(std::span<const event_data> b) override {
    if (fail) return error{errc::store_error, "disk I/O error"};
    return inner_.append_many(b);
  }
  result<std::vector<stored_event>> append_with_state(std::span<const event_data> b, const state_note* n) override {
    if (fail) return error{errc::store_error, "disk I/O error"};
    return inner_.append_with_state(b, n);
  }
  result<std::optional<std::string>> read_state(std::string_view key) override { return inner_.read_state(key); }
  result<std::vector<stored_event>> pending(std::int64_t a, std::size_t l) override { return inner_.pending(a, l); }
  result<std::int64_t> remove(std::span<const seq_range> r, std::span<const std::int64_t> s) override {
    return inner_.remove(r, s);
  }
  result<std::int64_t> backlog() override { return inner_.backlog(); }
  result<std::int64_t> last_seq() override { return inner_.last_seq(); }
  const std::string& install_id() const override { return inner_.install_id(); }

 private:
  memory_outbox inner_;
};

class kiosk_ui_test : public ::testing::Test {
 protected:
  kiosk_ui_test() : clk_(monday_0728_wib, 1'000'000), box_(clk_) {}

  kiosk_ui make(const std::function<void(kiosk_ui_options&)>& tune = {}) {
    kiosk_ui_options o;
    o.counter = "loket-3";
    if (tune) tune(o);
    return kiosk_ui(o, box_, clk_);
  }

  std::vector<event> committed() { return test::committed_events(box_); }

  std::vector<rating_data> ratings() {
    std::vector<rating_data> out;
    for (const auto& e : committed())
      if (const auto* r = std::get_if<rating_data>(&e.data)) out.push_back(*r);
    return out;
  }

  manual_clock clk_;
  switchable_outbox box_;
};

TEST_F(kiosk_ui_test, a_good_rating_is_committed_before_success_and_shows_thanks) {
  auto ui = make();
  auto r = ui.rate(4);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->seq, 1);
  EXPECT_FALSE(r->misuse);
  EXPECT_EQ(ui.snapshot().screen, panel_screen::thanks);
  const auto rs = ratings();
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].overall, 4);
  EXPECT_EQ(rs[0].counter, "loket-3");
  EXPECT_FALSE(rs[0].elements.has_value());
  EXPECT_FALSE(rs[0].misuse);
  EXPECT_FALSE(rs[0].employee.has_value());
}

TEST_F(kiosk_ui_test, thanks_returns_to_idle_by_itself) {
  auto ui = make([](kiosk_ui_options& o) { o.thanks_ms = 4000; });
  ASSERT_TRUE(ui.rate(3).ok());
  clk_.advance(3999);
  ui.tick();
  EXPECT_EQ(ui.snapshot().screen, panel_screen::thanks);
  clk_.advance(1);
  EXPECT_TRUE(ui.tick());
  EXPECT_EQ(ui.snapshot().screen, panel_screen::idle);
}

TEST_F(kiosk_ui_test, a_failed_commit_is_an_error_and_changes_nothing) {
  auto ui = make();
  box_.fail = true;
  auto r = ui.rate(4);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::not_committed);
  EXPECT_NE(r.err().message.find(" / "), std::string::npos);  // Bahasa Indonesia / English
  EXPECT_EQ(ui.snapshot().screen, panel_screen::idle);
  EXPECT_FALSE(ui.snapshot().locked);
  box_.fail = false;
  auto again = ui.rate(4);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->misuse);  // a retry after a failure is not a rapid repeat
  EXPECT_EQ(ratings().size(), 1u);
}

TEST_F(kiosk_ui_test, taps_during_the_lock_are_stored_flagged_misuse) {
  auto ui = make([](kiosk_ui_options& o) { o.lock_ms = 3000; o.thanks_ms = 1000; });
  ASSERT_TRUE(ui.rate(4).ok());
  clk_.advance(500);
  auto second = ui.rate(4);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->misuse);
  EXPECT_EQ(second->seq, 2);
  // The lock runs from the latest tap: 2999 ms after it is still inside.
  clk_.advance(2999);
  ui.tick();
  EXPECT_TRUE(ui.snapshot().locked);
  ASSERT_TRUE(ui.rate(1).value().misuse);
  clk_.advance(3000);
  ui.tick();
  EXPECT_FALSE(ui.snapshot().locked);
  auto later = ui.rate(4);
  ASSERT_TRUE(later.ok());
  EXPECT_FALSE(later->misuse);
  const auto rs = ratings();
  ASSERT_EQ(rs.size(), 4u);
  EXPECT_FALSE(rs[0].misuse);
  EXPECT_TRUE(rs[1].misuse);
  EXPECT_TRUE(rs[2].misuse);
  EXPECT_EQ(rs[2].overall, 1);
  EXPECT_FALSE(rs[3].misuse);
}

TEST_F(kiosk_ui_test, a_burst_of_ratings_beyond_the_limit_is_flagged) {
  auto ui = make([](kiosk_ui_options& o) { o.lock_ms = 1000; o.burst_window_ms = 60000; o.burst_limit = 4; });
  for (int i = 0; i < 4; ++i) {
    auto r = ui.rate(4);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->misuse) << i;
    clk_.advance(2000);
  }
  EXPECT_TRUE(ui.rate(4).value().misuse);
  // Once the first four are older than the window, ratings count again.
  clk_.advance(60000);
  EXPECT_FALSE(ui.rate(4).value().misuse);
}

TEST_F(kiosk_ui_test, a_low_score_asks_which_element_and_stores_it_as_that_elements_score) {
  auto ui = make();
  auto first = ui.rate(2);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->seq, 0);  // nothing committed yet: the question is open
  EXPECT_EQ(ui.snapshot().screen, panel_screen::follow_up);
  EXPECT_EQ(ui.snapshot().pending_overall, 2);
  EXPECT_TRUE(ratings().empty());
  auto answer = ui.answer_follow_up(3);
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->seq, 1);
  EXPECT_EQ(ui.snapshot().screen, panel_screen::thanks);
  const auto rs = ratings();
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].overall, 2);
  ASSERT_TRUE(rs[0].elements.has_value());
  for (std::size_t i = 0; i < 9; ++i) EXPECT_EQ((*rs[0].elements)[i], i == 2 ? std::optional<int>(2) : std::nullopt);
}

TEST_F(kiosk_ui_test, the_follow_up_can_be_skipped) {
  auto ui = make();
  ASSERT_TRUE(ui.rate(1).ok());
  auto r = ui.answer_follow_up(std::nullopt);
  ASSERT_TRUE(r.ok());
  const auto rs = ratings();
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].overall, 1);
  EXPECT_FALSE(rs[0].elements.has_value());
}

TEST_F(kiosk_ui_test, an_unanswered_follow_up_still_stores_the_overall_score) {
  auto ui = make([](kiosk_ui_options& o) { o.question_ms = 20000; });
  ASSERT_TRUE(ui.rate(2).ok());
  clk_.advance(19999);
  ui.tick();
  EXPECT_TRUE(ratings().empty());
  clk_.advance(1);
  EXPECT_TRUE(ui.tick());
  EXPECT_EQ(ui.snapshot().screen, panel_screen::idle);
  ASSERT_EQ(ratings().size(), 1u);
  EXPECT_EQ(ratings()[0].overall, 2);
}

TEST_F(kiosk_ui_test, a_timed_out_question_that_cannot_be_committed_is_retried) {
  auto ui = make([](kiosk_ui_options& o) { o.question_ms = 1000; });
  ASSERT_TRUE(ui.rate(1).ok());
  box_.fail = true;
  clk_.advance(1000);
  ui.tick();
  EXPECT_TRUE(ui.last_tick_error().has_value());
  box_.fail = false;
  clk_.advance(200);
  ui.tick();
  EXPECT_FALSE(ui.last_tick_error().has_value());
  EXPECT_EQ(ratings().size(), 1u);
}

TEST_F(kiosk_ui_test, follow_up_answers_are_validated) {
  auto ui = make();
  EXPECT_EQ(ui.answer_follow_up(1).err().code, errc::no_question);
  ASSERT_TRUE(ui.rate(2).ok());
  EXPECT_EQ(ui.answer_follow_up(0).err().code, errc::invalid_input);
  EXPECT_EQ(ui.answer_follow_up(10).err().code, errc::invalid_input);
  EXPECT_EQ(ui.rate(5).err().code, errc::invalid_input);
  EXPECT_EQ(ui.rate(0).err().code, errc::invalid_input);
  EXPECT_EQ(ui.snapshot().screen, panel_screen::follow_up);
}

TEST_F(kiosk_ui_test, a_face_tapped_during_the_follow_up_keeps_the_first_answer_and_flags_the_tap) {
  auto ui = make();
  ASSERT_TRUE(ui.rate(2).ok());
  auto r = ui.rate(4);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->misuse);
  const auto rs = ratings();
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0].overall, 2);
  EXPECT_FALSE(rs[0].misuse);
  EXPECT_EQ(rs[1].overall, 4);
  EXPECT_TRUE(rs[1].misuse);
}

TEST_F(kiosk_ui_test, the_mode_from_the_hub_applies_to_the_next_rating) {
  auto ui = make([](kiosk_ui_options&) {});
  ASSERT_TRUE(ui.rate(4).ok());
  EXPECT_EQ(ui.snapshot().screen, panel_screen::thanks) << "quick mode: one tap";
  ui.set_mode(rating_mode::skm);
  EXPECT_EQ(ui.snapshot().mode, rating_mode::skm);
  clk_.advance(10'000);  // past the thank-you and the lock
  ui.tick();
  ASSERT_TRUE(ui.rate(3).ok());
  EXPECT_EQ(ui.snapshot().screen, panel_screen::survey);
}

TEST_F(kiosk_ui_test, skm_mode_asks_all_nine_elements) {
  auto ui = make([](kiosk_ui_options& o) { o.mode = rating_mode::skm; });
  ASSERT_TRUE(ui.rate(3).ok());
  EXPECT_EQ(ui.snapshot().screen, panel_screen::survey);
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(ui.snapshot().survey_step, i);
    auto r = ui.answer_survey(i == 4 ? std::nullopt : std::optional<int>(1 + i % 4));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->seq, 0);
  }
  auto last = ui.answer_survey(4);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->seq, 1);
  EXPECT_EQ(ui.snapshot().screen, panel_screen::thanks);
  const auto rs = ratings();
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].overall, 3);
  const std::array<std::optional<int>, 9> expected{1, 2, 3, 4, std::nullopt, 2, 3, 4, 4};
  EXPECT_EQ(rs[0].elements, expected);
}

TEST_F(kiosk_ui_test, counter_actions_need_a_badge_scanned_today) {
  auto ui = make();
  auto r = ui.counter_action(counter_data::action_t::open);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::no_employee);
  // Yesterday's scan does not make anyone present today.
  ui.badge_scanned(nip, attendance_data::action_t::in, monday_0728_wib - 24 * 60 * minute);
  EXPECT_EQ(ui.counter_action(counter_data::action_t::open).err().code, errc::no_employee);
  ui.badge_scanned(nip, attendance_data::action_t::in, monday_0728_wib);
  ASSERT_TRUE(ui.counter_action(counter_data::action_t::open).ok());
  EXPECT_TRUE(committed().size() == 1);
}

TEST_F(kiosk_ui_test, counter_state_machine_and_next_citizen_tickets) {
  auto ui = make();
  ui.badge_scanned(nip, attendance_data::action_t::in, monday_0728_wib);
  EXPECT_EQ(ui.next_citizen().err().code, errc::counter_not_open);
  ASSERT_TRUE(ui.counter_action(counter_data::action_t::open).ok());
  EXPECT_EQ(ui.counter_action(counter_data::action_t::open).err().code, errc::invalid_transition);
  EXPECT_EQ(ui.counter_action(counter_data::action_t::resume).err().code, errc::invalid_transition);

  auto first = ui.next_citizen();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->ticket, "A001");
  auto second = ui.next_citizen();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->ticket, "A002");
  EXPECT_EQ(ui.snapshot().ticket, "A002");
  EXPECT_EQ(ui.snapshot().served_today, 1);

  // A break ends the service in progress, in the same transaction as the counter event.
  ASSERT_TRUE(ui.counter_action(counter_data::action_t::break_).ok());
  EXPECT_EQ(ui.snapshot().state, counter_state::on_break);
  EXPECT_FALSE(ui.snapshot().ticket.has_value());
  EXPECT_EQ(ui.next_citizen().err().code, errc::counter_not_open);
  ASSERT_TRUE(ui.counter_action(counter_data::action_t::resume).ok());
  EXPECT_EQ(ui.next_citizen().value().ticket, "A003");
  ASSERT_TRUE(ui.counter_action(counter_data::action_t::close).ok());
  EXPECT_EQ(ui.snapshot().state, counter_state::closed);
  EXPECT_EQ(ui.snapshot().served_today, 3);
  EXPECT_EQ(ui.snapshot().employee->today.served, 3);

  std::vector<std::string> seen;
  for (const auto& e : committed()) {
    if (const auto* s = std::get_if<service_data>(&e.data)) {
      EXPECT_EQ(s->employee, nip);
      EXPECT_EQ(s->counter, "loket-3");
      seen.push_back(s->ticket + (s->action == service_data::action_t::start ? "+" : "-"));
    } else if (const auto* c = std::get_if<counter_data>(&e.data)) {
      EXPECT_EQ(c->employee, nip);
      seen.push_back(c->action == counter_data::action_t::open     ? "open"
                     : c->action == counter_data::action_t::break_ ? "break"
                     : c->action == counter_data::action_t::resume ? "resume"
                                                                    : "close");
    }
  }
  const std::vector<std::string> expected{"open", "A001+", "A001-", "A002+", "A002-", "break",
                                          "resume", "A003+", "A003-", "close"};
  EXPECT_EQ(seen, expected);
}

TEST_F(kiosk_ui_test, a_failed_next_citizen_does_not_use_up_a_ticket_number) {
  auto ui = make();
  ui.badge_scanned(nip, attendance_data::action_t::in, monday_0728_wib);
  ASSERT_TRUE(ui.counter_action(counter_data::action_t::open).ok());
  box_.fail = true;
  EXPECT_FALSE(ui.next_citizen().ok());
  box_.fail = false;
  EXPECT_EQ(ui.next_citizen().value().ticket, "A001");
}

TEST_F(kiosk_ui_test, ticket_numbers_start_again_each_local_day) {
  auto ui = make();
  ui.badge_scanned(nip, attendance_data::action_t::in, monday_0728_wib);
  ASSERT_TRUE(ui.counter_action(counter_data::action_t::open).ok());
  EXPECT_EQ(ui.next_citizen().value().ticket, "A001");
  EXPECT_EQ(ui.next_citizen().value().ticket, "A002");
  clk_.advance(24 * 60 * minute);
  ui.badge_scanned(nip, attendance_data::action_t::in, clk_.utc_ms());
  EXPECT_EQ(ui.next_citizen().value().ticket, "A001");
}

TEST_F(kiosk_ui_test, ratings_are_credited_to_the_employee_at_the_counter) {
  auto ui = make([](kiosk_ui_options& o) { o.lock_ms = 0; });
  ui.badge_scanned(nip, attendance_data::action_t::in, monday_0728_wib);
  ASSERT_TRUE(ui.rate(4).ok());
  clk_.advance(5000);
  ASSERT_TRUE(ui.rate(3).ok());
  const auto rs = ratings();
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0].employee, nip);
  const auto e = ui.snapshot().employee;
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->today.ratings, 2);
  EXPECT_EQ(e->today.rating_sum, 7);
  EXPECT_EQ(e->time, "07:28");
  EXPECT_EQ(e->band, lateness::on_time);
}

TEST_F(kiosk_ui_test, the_last_badge_scanned_is_who_is_at_the_counter) {
  auto ui = make();
  const std::string other = "199001012015022002";
  ui.badge_scanned(nip, attendance_data::action_t::in, monday_0728_wib);
  ui.badge_scanned(other, attendance_data::action_t::in, monday_0728_wib + 10 * minute);
  ui.set_employee_name(other, "Siti Rahmawati");
  const auto e = ui.snapshot().employee;
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->nip, other);
  EXPECT_EQ(e->name, "Siti Rahmawati");
  EXPECT_EQ(e->band, lateness::tl1);  // 07:38
}

// ---- what the citizens' side shows of the staff ----

TEST_F(kiosk_ui_test, the_greeting_leaves_the_citizens_side_after_its_moment_and_the_staff_panel_keeps_it) {
  auto ui = make([](kiosk_ui_options& o) { o.greeting_ms = 8000; });
  EXPECT_FALSE(ui.snapshot().greeting);
  clk_.advance(14 * minute);
  ASSERT_FALSE(ui.badge_scanned(nip, attendance_data::action_t::in, clk_.utc_ms()).has_value());  // 07:42
  auto s = ui.snapshot();
  EXPECT_TRUE(s.greeting);
  ASSERT_TRUE(s.employee.has_value());
  EXPECT_EQ(s.employee->minutes_late, 12);
  clk_.advance(7999);
  EXPECT_FALSE(ui.tick());
  EXPECT_TRUE(ui.snapshot().greeting);
  clk_.advance(1);
  EXPECT_TRUE(ui.tick()) << "the greeting leaving is a change the screen must hear of";
  s = ui.snapshot();
  EXPECT_FALSE(s.greeting);
  ASSERT_TRUE(s.employee.has_value());
  EXPECT_EQ(s.employee->nip, nip);
  EXPECT_EQ(s.employee->band, lateness::tl1);
}

TEST_F(kiosk_ui_test, a_refused_badge_is_said_for_a_moment_and_a_good_badge_replaces_it) {
  auto ui = make([](kiosk_ui_options& o) { o.notice_ms = 5000; });
  const auto before = committed().size();
  ui.badge_refused(badge_refusal::expired);
  EXPECT_EQ(ui.snapshot().refusal, badge_refusal::expired);
  EXPECT_FALSE(ui.snapshot().employee.has_value());
  EXPECT_EQ(committed().size(), before) << "a refusal commits nothing";
  clk_.advance(4999);
  EXPECT_FALSE(ui.tick());
  EXPECT_EQ(ui.snapshot().refusal, badge_refusal::expired);
  clk_.advance(1);
  EXPECT_TRUE(ui.tick());
  EXPECT_FALSE(ui.snapshot().refusal.has_value());

  ui.badge_refused(badge_refusal::invalid);
  ui.badge_refused(badge_refusal::unknown);
  EXPECT_EQ(ui.snapshot().refusal, badge_refusal::unknown) << "the latest refusal is the one shown";
  ASSERT_FALSE(ui.badge_scanned(nip, attendance_data::action_t::in, clk_.utc_ms()).has_value());
  EXPECT_FALSE(ui.snapshot().refusal.has_value());
  EXPECT_TRUE(ui.snapshot().greeting);
}

TEST(badge_refusal, each_rejection_reads_as_unknown_expired_or_invalid) {
  EXPECT_EQ(refusal_of(badge_rejection::malformed), badge_refusal::unknown);
  EXPECT_EQ(refusal_of(badge_rejection::unknown_key), badge_refusal::unknown);
  EXPECT_EQ(refusal_of(badge_rejection::expired), badge_refusal::expired);
  EXPECT_EQ(refusal_of(badge_rejection::bad_signature), badge_refusal::invalid);
  EXPECT_EQ(refusal_of(badge_rejection::bad_nip), badge_refusal::invalid);
  EXPECT_STREQ(to_string(badge_refusal::unknown), "unknown");
  EXPECT_STREQ(to_string(badge_refusal::expired), "expired");
  EXPECT_STREQ(to_string(badge_refusal::invalid), "invalid");
}

// ---- the day across a restart ----

// The state note the outbox holds now, as the next start would read it.
std::string kept_state(outbox& box) {
  auto kept = box.read_state(kiosk_ui::state_key);
  EXPECT_TRUE(kept.ok());
  return kept.ok() && kept->has_value() ? **kept : std::string();
}

TEST_F(kiosk_ui_test, a_restart_on_the_same_day_shows_what_was_shown_before) {
  const std::string other = "199001012015022002";
  ui_snapshot before;
  {
    auto ui = make([](kiosk_ui_options& o) { o.lock_ms = 0; });
    ui.badge_scanned(other, attendance_data::action_t::in, monday_0728_wib - 20 * minute);
    clk_.advance(12 * minute);
    ui.badge_scanned(nip, attendance_data::action_t::in, clk_.utc_ms());  // 07:40: TL1
    ASSERT_TRUE(ui.counter_action(counter_data::action_t::open).ok());
    ASSERT_TRUE(ui.next_citizen().ok());
    ASSERT_TRUE(ui.next_citizen().ok());
    ASSERT_TRUE(ui.rate(3).ok());
    clk_.advance(5000);
    ASSERT_TRUE(ui.rate(2).ok());
    ASSERT_TRUE(ui.answer_follow_up(std::nullopt).ok());
    before = ui.snapshot();
  }
  ASSERT_EQ(before.ticket, "A002");
  ASSERT_TRUE(before.employee.has_value());

  // The process is gone; a new one on the same outbox, later the same day.
  clk_.advance(30 * minute);
  auto ui = make();
  auto restored = ui.restore(kept_state(box_));
  ASSERT_TRUE(restored.ok()) << restored.err().message << "\n" << kept_state(box_);
  const auto after = ui.snapshot();
  EXPECT_EQ(after.state, counter_state::open);
  EXPECT_EQ(after.ticket, "A002");
  EXPECT_EQ(after.served_today, 1);
  ASSERT_TRUE(after.employee.has_value());
  EXPECT_EQ(after.employee->nip, nip);
  EXPECT_EQ(after.employee->time, "07:40");
  EXPECT_EQ(after.employee->band, lateness::tl1);
  EXPECT_EQ(after.employee->minutes_late, 10);
  EXPECT_FALSE(after.greeting) << "a restart does not greet again on the citizens' side";
  EXPECT_EQ(after.employee->action, attendance_data::action_t::in);
  EXPECT_EQ(after.employee->today.served, 1);
  EXPECT_EQ(after.employee->today.ratings, 2);
  EXPECT_EQ(after.employee->today.rating_sum, 5);
  EXPECT_EQ(after.employee->scan_utc_ms, before.employee->scan_utc_ms);
  EXPECT_EQ(ui.state_text(), kept_state(box_));

  // The next ticket follows the last one handed out: no second A001 on the same day.
  auto next = ui.next_citizen();
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->ticket, "A003");
  EXPECT_EQ(ui.snapshot().served_today, 2);
  // The other employee's day was kept too: their first check-in (07:08) still decides the band,
  // not this scan at 08:10.
  ui.badge_scanned(other, attendance_data::action_t::in, clk_.utc_ms());
  EXPECT_EQ(ui.snapshot().employee->nip, other);
  EXPECT_EQ(ui.snapshot().employee->band, lateness::on_time);
  EXPECT_EQ(ui.snapshot().employee->today.served, 0);
}

TEST_F(kiosk_ui_test, a_restart_on_the_next_day_starts_the_day_fresh) {
  {
    auto ui = make();
    ui.badge_scanned(nip, attendance_data::action_t::in, monday_0728_wib);
    ASSERT_TRUE(ui.counter_action(counter_data::action_t::open).ok());
    ASSERT_TRUE(ui.next_citizen().ok());
    ASSERT_TRUE(ui.next_citizen().ok());
  }
  // 16:35 WIB the next day (Tuesday): yesterday's counter, tickets and greeting are over.
  clk_.advance(24 * 60 * minute + 9 * 60 * minute);
  auto ui = make();
  auto restored = ui.restore(kept_state(box_));
  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.err().code, errc::old_day);
  const auto s = ui.snapshot();
  EXPECT_EQ(s.state, counter_state::closed);
  EXPECT_FALSE(s.ticket.has_value());
  EXPECT_EQ(s.served_today, 0);
  EXPECT_FALSE(s.employee.has_value());
  ui.badge_scanned(nip, attendance_data::action_t::in, clk_.utc_ms());
  ASSERT_TRUE(ui.counter_action(counter_data::action_t::open).ok());
  EXPECT_EQ(ui.next_citizen().value().ticket, "A001");
}

TEST_F(kiosk_ui_test, a_kept_state_that_does_not_parse_starts_fresh_and_nothing_of_it_is_used) {
  std::string good;
  {
    auto ui = make();
    ui.badge_scanned(nip, attendance_data::action_t::in, monday_0728_wib);
    ASSERT_TRUE(ui.counter_action(counter_data::action_t::open).ok());
    ASSERT_TRUE(ui.next_citizen().ok());
    good = kept_state(box_);
  }
  ASSERT_NE(good.find("\nticket A001\n"), std::string::npos) << good;
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string t = good;
    const auto at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) t.replace(at, from.size(), to);
    return t;
  };
  const std::vector<std::string> bad_notes{
      "",
      "garbage",
      std::string("\0\xff\xfe binary", 10),
      "pantau-kiosk-ui 1\nend\n",                                   // every line missing
      replaced("pantau-kiosk-ui 1", "pantau-kiosk-ui 2"),           // a format this version does not know
      good.substr(0, good.size() - 4),                               // cut off before "end"
      replaced("ticket A001", "ticket A1"),
      replaced("ticket A001", "ticket A001 A002"),
      replaced("counter open", "counter ajar"),
      replaced("last A001", "last A-01"),
      replaced("served 0", "served -5"),
      replaced("served 0", "served 99999999999999999999"),
      replaced("counter open", "counter closed"),                    // a ticket at a closed counter
      replaced(" in ", " sideways "),
      replaced("\nend", "\nwhat is this\nend"),
      replaced("\nend", "\nserved 3\nend"),                          // a fact twice
  };
  for (const auto& text : bad_notes) {
    auto ui = make();
    auto restored = ui.restore(text);
    ASSERT_FALSE(restored.ok()) << text;
    EXPECT_EQ(restored.err().code, errc::bad_state) << text;
    EXPECT_FALSE(restored.err().message.empty());
    const auto s = ui.snapshot();
    EXPECT_EQ(s.state, counter_state::closed) << text;
    EXPECT_FALSE(s.ticket.has_value()) << text;
    EXPECT_FALSE(s.employee.has_value()) << text;
  }
  // The untouched note still restores: the cases above failed for what was changed in them.
  auto ui = make();
  ASSERT_TRUE(ui.restore(good).ok());
  EXPECT_EQ(ui.snapshot().ticket, "A001");
}

TEST_F(kiosk_ui_test, a_failed_commit_keeps_the_state_as_it_was_on_screen_and_in_the_note) {
  auto ui = make();
  ui.badge_scanned(nip, attendance_data::action_t::in, monday_0728_wib);
  ASSERT_TRUE(ui.counter_action(counter_data::action_t::open).ok());
  ASSERT_TRUE(ui.next_citizen().ok());
  const auto note = kept_state(box_);
  const auto text = ui.state_text();
  EXPECT_EQ(text, note);
  box_.fail = true;
  EXPECT_FALSE(ui.counter_action(counter_data::action_t::close).ok());
  EXPECT_FALSE(ui.next_citizen().ok());
  box_.fail = false;
  EXPECT_EQ(ui.state_text(), text);
  EXPECT_EQ(kept_state(box_), note);
  EXPECT_EQ(ui.snapshot().state, counter_state::open);
  EXPECT_EQ(ui.snapshot().ticket, "A001");
  EXPECT_EQ(ui.snapshot().served_today, 0);
  EXPECT_EQ(ui.snapshot().employee->today.served, 0);
}

TEST_F(kiosk_ui_test, the_hubs_language_leads_on_screen) {
  auto ui = make();
  EXPECT_EQ(ui.snapshot().language, ui_language::id);
  ui.set_language(ui_language::en);
  EXPECT_EQ(ui.snapshot().language, ui_language::en);
  EXPECT_EQ(parse_ui_language("en"), ui_language::en);
  EXPECT_EQ(parse_ui_language("id"), ui_language::id);
  EXPECT_FALSE(parse_ui_language("fr").has_value());
  EXPECT_FALSE(parse_ui_language("").has_value());
}

TEST(push_button, the_fake_delivers_each_press_once) {
  fake_push_button b;
  EXPECT_FALSE(b.wait_for_press(0).value());
  b.press();
  b.press();
  EXPECT_TRUE(b.wait_for_press(0).value());
  EXPECT_TRUE(b.wait_for_press(0).value());
  EXPECT_FALSE(b.wait_for_press(0).value());
}

TEST(kiosk_ui_config, the_ui_table_sets_counter_lock_survey_and_web_folder) {
  const std::string base = "[kiosk]\nid = \"k-01\"\noffice = \"binjai-dukcapil\"\n";
  auto c = parse_kiosk_config(base + "[ui]\nlisten = \"127.0.0.1:0\"\ncounter = \"Loket 3\"\nlock_ms = 1500\n"
                                     "survey = \"skm\"\nweb_dir = \"/usr/share/pantau/kiosk-web\"\n",
                              "k.toml");
  ASSERT_TRUE(c.ok()) << c.err().message;
  EXPECT_EQ(c->ui_counter, "Loket 3");
  EXPECT_EQ(c->ui_lock_ms, 1500);
  EXPECT_EQ(c->ui_survey, "skm");
  EXPECT_EQ(c->ui_web_dir, "/usr/share/pantau/kiosk-web");
  auto d = parse_kiosk_config(base, "k.toml");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->ui_counter, "loket-1");
  EXPECT_EQ(d->ui_lock_ms, 3000);
  EXPECT_EQ(d->ui_survey, "") << "not set: the hub's config decides";
  for (const char* bad : {"survey = \"long\"", "lock_ms = -1", "counter = \"loket/3\"", "colour = \"red\""}) {
    auto e = parse_kiosk_config(base + "[ui]\n" + bad + "\n", "k.toml");
    ASSERT_FALSE(e.ok()) << bad;
    EXPECT_NE(e.err().message.find("k.toml"), std::string::npos) << e.err().message;
    EXPECT_NE(e.err().message.find("ui."), std::string::npos) << e.err().message;
  }
}

}  // namespace
}  // namespace pantau::kiosk

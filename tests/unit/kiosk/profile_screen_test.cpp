// The optional respondent profile after a rating (docs/survey.md), on a manual clock and an in-memory
// outbox: the rating is committed first and never waits for it; one field at a time from the closed
// lists and the unit's services; one tap skips; a short idle time ends it; only answers are kept, as
// one profile event naming the rating. And what the screen is told: the official SKM question, the
// profile's choices.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <vector>

#include "committed_events.hpp"
#include "pantau/kiosk/kiosk_ui.hpp"
#include "pantau/kiosk/memory_outbox.hpp"
#include "pantau/kiosk/station.hpp"
#include "pantau/kiosk/ui_json.hpp"
#include "pantau/shared/codec.hpp"

namespace pantau::kiosk {
namespace {

const kiosk_identity identity{"k-01", "binjai-dukcapil", "0a6f7c8e-8a5e-4d6b-9a0e-1f9c2b7d4e11", {}};
constexpr std::int64_t monday_0728_wib = 1'795'393'680'000;

class profile_screen_test : public ::testing::Test {
 protected:
  profile_screen_test() : clk_(monday_0728_wib, 1'000'000), box_(event_factory(identity, clk_)) {}

  kiosk_ui make(bool ask = true, std::vector<profile_service> services = {{"ktp-el", "KTP elektronik"},
                                                                          {"kk", "Kartu Keluarga"}}) {
    kiosk_ui_options o;
    o.counter = "loket-1";
    o.lock_ms = 3000;
    o.profile_ms = 8000;
    kiosk_ui ui(o, box_, clk_);
    ui.set_profile(ask, std::move(services));
    return ui;
  }

  std::vector<event> committed() { return test::committed_events(box_); }

  manual_clock clk_;
  memory_outbox box_;
};

TEST_F(profile_screen_test, off_unless_the_hub_asks_for_it) {
  auto ui = make(false);
  ASSERT_TRUE(ui.rate(4).ok());
  EXPECT_EQ(ui.snapshot().screen, panel_screen::thanks);
  EXPECT_FALSE(ui.snapshot().profile_asked);
}

TEST_F(profile_screen_test, the_rating_is_committed_first_then_each_field_is_asked_and_one_event_names_it) {
  auto ui = make();
  auto r = ui.rate(4);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->seq, 1) << "the rating is durable before any profile question";
  ASSERT_EQ(committed().size(), 1U);
  const std::string rating_id = committed()[0].id;
  EXPECT_EQ(r->event_id, rating_id);

  auto s = ui.snapshot();
  EXPECT_EQ(s.screen, panel_screen::profile);
  EXPECT_EQ(s.profile_asked, profile_field::gender);
  EXPECT_EQ(s.profile_step, 0);
  EXPECT_EQ(s.profile_steps, 5);
  EXPECT_TRUE(s.locked) << "the anti-misuse lock starts with the rating";

  for (const auto& [field, code] : std::vector<std::pair<profile_field, std::string>>{
           {profile_field::gender, "p"}, {profile_field::age, "30-39"}, {profile_field::education, "sma"},
           {profile_field::occupation, "wirausaha"}}) {
    EXPECT_EQ(ui.snapshot().profile_asked, field);
    auto a = ui.answer_profile(code);
    ASSERT_TRUE(a.ok()) << a.err().message;
    EXPECT_EQ(a->seq, 0) << "nothing is committed before the last answer";
  }
  EXPECT_EQ(ui.snapshot().profile_asked, profile_field::service);
  auto last = ui.answer_profile("kk");
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->seq, 2);
  EXPECT_EQ(ui.snapshot().screen, panel_screen::thanks);

  const auto events = committed();
  ASSERT_EQ(events.size(), 2U);
  const auto* p = std::get_if<profile_data>(&events[1].data);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->rating, rating_id);
  EXPECT_EQ(p->counter, "loket-1");
  EXPECT_EQ(p->gender, "p");
  EXPECT_EQ(p->age, "30-39");
  EXPECT_EQ(p->education, "sma");
  EXPECT_EQ(p->occupation, "wirausaha");
  EXPECT_EQ(p->service, "kk");
}

TEST_F(profile_screen_test, one_tap_skips_and_nothing_is_stored_without_an_answer) {
  auto ui = make();
  ASSERT_TRUE(ui.rate(3).ok());
  auto skipped = ui.skip_profile();
  ASSERT_TRUE(skipped.ok());
  EXPECT_EQ(skipped->seq, 0);
  EXPECT_EQ(ui.snapshot().screen, panel_screen::idle);
  EXPECT_EQ(committed().size(), 1U) << "only the rating";
  EXPECT_FALSE(ui.skip_profile().ok()) << "no profile is open any more";
}

TEST_F(profile_screen_test, skipping_midway_keeps_what_was_answered_and_leaves_the_rest_null) {
  auto ui = make();
  ASSERT_TRUE(ui.rate(4).ok());
  ASSERT_TRUE(ui.answer_profile("l").ok());
  ASSERT_TRUE(ui.answer_profile(">=60").ok());
  auto skipped = ui.skip_profile();
  ASSERT_TRUE(skipped.ok());
  EXPECT_EQ(skipped->seq, 2);
  const auto events = committed();
  ASSERT_EQ(events.size(), 2U);
  const auto& p = std::get<profile_data>(events[1].data);
  EXPECT_EQ(p.gender, "l");
  EXPECT_EQ(p.age, ">=60");
  EXPECT_FALSE(p.education);
  EXPECT_FALSE(p.occupation);
  EXPECT_FALSE(p.service);
}

TEST_F(profile_screen_test, a_short_idle_time_ends_it_and_each_answer_restarts_that_time) {
  auto ui = make();
  ASSERT_TRUE(ui.rate(4).ok());
  clk_.advance(7999);
  ui.tick();
  EXPECT_EQ(ui.snapshot().screen, panel_screen::profile);
  ASSERT_TRUE(ui.answer_profile("p").ok());
  clk_.advance(7999);
  ui.tick();
  EXPECT_EQ(ui.snapshot().screen, panel_screen::profile) << "the answer restarted the idle time";
  clk_.advance(1);
  EXPECT_TRUE(ui.tick());
  EXPECT_EQ(ui.snapshot().screen, panel_screen::idle);
  const auto events = committed();
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(std::get<profile_data>(events[1].data).gender, "p");
}

TEST_F(profile_screen_test, only_codes_of_the_list_asked_are_taken) {
  auto ui = make();
  ASSERT_TRUE(ui.rate(4).ok());
  for (const char* wrong : {"x", "20-29", "", "Laki-laki"}) {
    auto a = ui.answer_profile(wrong);
    ASSERT_FALSE(a.ok()) << wrong;
    EXPECT_EQ(a.err().code, errc::invalid_input);
  }
  EXPECT_EQ(ui.snapshot().profile_asked, profile_field::gender) << "a refused answer does not move on";
  for (const char* code : {"l", "<20", "s3", "lainnya"}) ASSERT_TRUE(ui.answer_profile(code).ok()) << code;
  EXPECT_FALSE(ui.answer_profile("akta-lahir").ok()) << "not a service of this counter's unit";
  EXPECT_EQ(ui.answer_profile("ktp-el")->seq, 2);
}

TEST_F(profile_screen_test, without_services_the_profile_has_four_steps) {
  auto ui = make(true, {});
  ASSERT_TRUE(ui.rate(4).ok());
  EXPECT_EQ(ui.snapshot().profile_steps, 4);
  for (const char* code : {"l", "40-49", "smp", "pns"}) ASSERT_TRUE(ui.answer_profile(code).ok());
  EXPECT_EQ(ui.snapshot().screen, panel_screen::thanks);
  EXPECT_FALSE(std::get<profile_data>(committed()[1].data).service);
}

TEST_F(profile_screen_test, follow_up_and_survey_lead_to_it_but_a_misuse_tap_does_not) {
  auto ui = make();
  ASSERT_TRUE(ui.rate(2).ok());
  EXPECT_EQ(ui.snapshot().screen, panel_screen::follow_up);
  ASSERT_TRUE(ui.answer_follow_up(3).ok());
  EXPECT_EQ(ui.snapshot().screen, panel_screen::profile);
  // A face tapped now (within the lock): the profile closes, the tap is kept flagged misuse.
  auto tap = ui.rate(1);
  ASSERT_TRUE(tap.ok());
  EXPECT_TRUE(tap->misuse);
  EXPECT_NE(ui.snapshot().screen, panel_screen::profile);
  const auto events = committed();
  ASSERT_EQ(events.size(), 2U) << "the rating and the misuse tap; no empty profile";
  EXPECT_TRUE(std::get<rating_data>(events[1].data).misuse);
}

TEST(profile_ui_json, the_screen_is_told_the_question_and_the_profile_choices) {
  ui_snapshot s;
  s.screen = panel_screen::survey;
  s.survey_step = 6;
  auto o = boost::json::parse(ui_state_json(s, {}, 420)).as_object();
  EXPECT_EQ(o["question"].at("code"), "U7");
  EXPECT_EQ(o["question"].at("text_id"),
            "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?");
  EXPECT_FALSE(o["question"].at("text_en").as_string().empty());
  EXPECT_TRUE(o["profile"].is_null());

  s.screen = panel_screen::profile;
  s.profile_asked = profile_field::service;
  s.profile_step = 4;
  s.profile_steps = 5;
  s.services = {{"ktp-el", "KTP elektronik"}};
  o = boost::json::parse(ui_state_json(s, {}, 420)).as_object();
  EXPECT_EQ(o["screen"], "profile");
  EXPECT_EQ(o["profile"].at("field"), "service");
  EXPECT_EQ(o["profile"].at("steps"), 5);
  ASSERT_EQ(o["profile"].at("choices").as_array().size(), 1U);
  EXPECT_EQ(o["profile"].at("choices").as_array()[0].at("code"), "ktp-el");

  s.profile_asked = profile_field::age;
  o = boost::json::parse(ui_state_json(s, {}, 420)).as_object();
  ASSERT_EQ(o["profile"].at("choices").as_array().size(), age_choices.size());
  EXPECT_EQ(o["profile"].at("choices").as_array()[5].at("label_id"), "60 tahun ke atas");
}

TEST(profile_ui_json, profile_commands_parse_and_a_missing_code_is_refused) {
  auto a = parse_ui_command(R"({"op":"profile","code":"20-29","re":3})");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->op, ui_op::profile);
  EXPECT_EQ(a->code, "20-29");
  auto skip = parse_ui_command(R"({"op":"profile","skip":true})");
  ASSERT_TRUE(skip.ok());
  EXPECT_EQ(skip->op, ui_op::profile_skip);
  EXPECT_FALSE(parse_ui_command(R"({"op":"profile"})").ok());
  EXPECT_FALSE(parse_ui_command(R"({"op":"profile","code":3})").ok());
}

}  // namespace
}  // namespace pantau::kiosk

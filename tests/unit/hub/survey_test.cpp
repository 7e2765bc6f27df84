// The respondent profile at the hub (docs/survey.md): the service a profile names must be one its
// counter's unit offers; a refused profile is acked with its reason and the rating stays; profiles
// are counted per counter-day in the ingest transaction and read back for any period; a unit's
// services are organisation data that reach the kiosk's config.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "hub_fakes.hpp"
#include "pantau/hub/core/ingest.hpp"
#include "pantau/hub/core/kiosk_config.hpp"
#include "pantau/hub/core/profile_check.hpp"
#include "pantau/hub/store/sqlite_store.hpp"
#include "pantau/shared/codec.hpp"
#include "test_dir.hpp"

namespace pantau::hub {
namespace {

const std::string office = "binjai-dukcapil";

pantau::event profile_event(std::int64_t seq, std::optional<std::string> service, const std::string& counter = "loket-1",
                            const std::string& rating_id = test::uuid_of(1)) {
  auto e = test::make_event(office, "k-01", seq);
  profile_data p;
  p.rating = rating_id;
  p.counter = counter;
  p.gender = "l";
  p.age = "20-29";
  p.education = std::nullopt;
  p.occupation = "swasta";
  p.service = std::move(service);
  e.data = p;
  return e;
}

TEST(profile_check, a_service_of_the_counters_unit_passes) {
  const auto org = demo_organisation();  // loket-1 -> pendaftaran: ktp-el, kk, pindah
  EXPECT_FALSE(check_profile(org, profile_event(2, "ktp-el")));
  EXPECT_FALSE(check_profile(org, profile_event(2, "kk")));
}

TEST(profile_check, a_service_of_another_unit_is_refused_with_unknown_service) {
  const auto org = demo_organisation();
  const auto why = check_profile(org, profile_event(2, "akta-lahir"));  // pencatatan-sipil's, not loket-1's
  ASSERT_TRUE(why);
  EXPECT_EQ(why->code, errc::unknown_service);
  EXPECT_NE(why->message.find("akta-lahir"), std::string::npos) << why->message;
  EXPECT_NE(why->message.find("pendaftaran"), std::string::npos) << why->message;
}

TEST(profile_check, a_service_at_an_unknown_counter_is_refused_and_no_service_always_passes) {
  const auto org = demo_organisation();
  const auto why = check_profile(org, profile_event(2, "ktp-el", "loket-99"));
  ASSERT_TRUE(why);
  EXPECT_EQ(why->code, errc::unknown_service);
  EXPECT_FALSE(check_profile(org, profile_event(2, std::nullopt, "loket-99")));
  EXPECT_FALSE(check_profile(org, test::make_event(office, "k-01", 1))) << "a rating is not a profile";
}

TEST(profile_check, the_counter_is_looked_up_in_the_events_office) {
  auto org = demo_organisation();
  org.offices.push_back({"medan-dukcapil", "Disdukcapil Medan", indicators::zone::wib});
  org.units.push_back({"medan-daftar", "medan-dukcapil", "Pendaftaran", 0, 95.0, 76.61, std::nullopt, std::nullopt,
                       false, {{"ktp-medan", "KTP"}}});
  org.counters.push_back({"medan-dukcapil", "loket-1", "medan-daftar"});
  EXPECT_FALSE(check_profile(org, profile_event(2, "ktp-el")));
  const auto why = check_profile(org, profile_event(2, "ktp-medan"));
  ASSERT_TRUE(why) << "Medan's loket-1 offers it, Binjai's does not";
  EXPECT_EQ(why->code, errc::unknown_service);
}

class survey_ingest_test : public ::testing::Test {
 protected:
  survey_ingest_test() {
    engine_.set_event_check([this](const pantau::event& e) { return check_profile(org_, e); });
  }
  batch_summary run(std::initializer_list<pantau::event> events) {
    test::batch_builder b;
    for (const auto& e : events)
      b.add(test::events_topic(e.office, e.kiosk), test::sealed(e.office, e.kiosk, encode_event(e)));
    auto msgs = b.messages();
    auto ok = engine_.decide(
        msgs, [this](std::string_view id) { return store_.contains_event(id); }, plan_,
        [this](std::string_view o, std::string_view k) { return store_.find_kiosk(o, k); });
    EXPECT_TRUE(ok.ok());
    auto w = store_.write(plan_.writes);
    EXPECT_TRUE(w.ok());
    return engine_.committed(plan_, w.value());
  }

  organisation org_ = demo_organisation();
  metrics metrics_;
  test::fake_store store_;
  ingest engine_{ingest_options{}, metrics_};
  batch_plan plan_;
};

TEST_F(survey_ingest_test, a_refused_profile_is_acked_with_its_reason_and_the_rating_is_kept) {
  auto s = run({test::make_event(office, "k-01", 1), profile_event(2, "akta-mati")});
  EXPECT_EQ(s.stored, 1U);
  EXPECT_EQ(s.rejected, 1U);
  EXPECT_EQ(store_.stored_seqs, (std::vector<std::int64_t>{1}));
  ASSERT_EQ(plan_.acks.size(), 1U);
  EXPECT_EQ(plan_.acks[0].body.acked, (std::vector<std::pair<std::int64_t, std::int64_t>>{{1, 1}}));
  ASSERT_EQ(plan_.acks[0].body.rejected.size(), 1U);
  EXPECT_EQ(plan_.acks[0].body.rejected[0], (rejection{2, "unknown_service"}));
  ASSERT_EQ(plan_.writes.rejected.size(), 1U);
  EXPECT_NE(plan_.writes.rejected[0].message.find("akta-mati"), std::string::npos);
  EXPECT_EQ(metrics_.rejected_count("unknown_service"), 1U);
  EXPECT_EQ(engine_.registry().find(office, "k-01")->info.last_seq, 2) << "a rejected seq is not waited for again";
}

TEST_F(survey_ingest_test, a_profile_outside_its_lists_is_acked_as_invalid_profile_and_the_rating_is_kept) {
  auto bad = profile_event(2, "ktp-el");
  std::string text = encode_event(bad);
  const auto at = text.find("\"20-29\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 7, "\"27\"");
  test::batch_builder b;
  b.add(test::events_topic(office, "k-01"), test::sealed(office, "k-01", encode_event(test::make_event(office, "k-01", 1))));
  b.add(test::events_topic(office, "k-01"), test::sealed(office, "k-01", text));
  auto msgs = b.messages();
  ASSERT_TRUE(engine_.decide(msgs, [](std::string_view) -> result<bool> { return false; }, plan_,
                             [this](std::string_view o, std::string_view k) { return store_.find_kiosk(o, k); })
                  .ok());
  auto w = store_.write(plan_.writes);
  ASSERT_TRUE(w.ok());
  auto s = engine_.committed(plan_, w.value());
  EXPECT_EQ(s.stored, 1U);
  ASSERT_EQ(plan_.acks.size(), 1U);
  ASSERT_EQ(plan_.acks[0].body.rejected.size(), 1U);
  EXPECT_EQ(plan_.acks[0].body.rejected[0], (rejection{2, "invalid_profile"}));
  EXPECT_NE(plan_.writes.rejected[0].message.find("data.age"), std::string::npos) << plan_.writes.rejected[0].message;
}

TEST_F(survey_ingest_test, a_good_profile_is_stored_and_acked) {
  auto s = run({test::make_event(office, "k-01", 1), profile_event(2, "kk"), profile_event(3, std::nullopt)});
  EXPECT_EQ(s.stored, 3U);
  EXPECT_EQ(s.rejected, 0U);
}

class survey_store_test : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::fresh_test_dir("pantau-hub-survey");
    path_ = (dir_ / "hub.db").string();
    auto s = sqlite_store::open(path_);
    ASSERT_TRUE(s.ok()) << s.err().message;
    store_ = std::move(s).value();
    auto c = sqlite_catalog::open(path_);
    ASSERT_TRUE(c.ok()) << c.err().message;
    catalog_ = std::move(c).value();
    ASSERT_TRUE(catalog_->put_org(demo_organisation()).ok());
  }
  void TearDown() override {
    catalog_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void write(std::vector<pantau::event> events) {
    keep_ = std::move(events);
    payloads_.clear();
    for (const auto& e : keep_) payloads_.push_back(encode_event(e));
    write_set w;
    for (std::size_t i = 0; i < keep_.size(); ++i) w.events.push_back({&keep_[i], payloads_[i], 1000, 0});
    kiosk_info k = test::registered_kiosk(office, "k-01");
    k.last_seq = keep_.back().seq;
    w.kiosks.push_back({k, true});
    auto r = store_->write(w);
    ASSERT_TRUE(r.ok()) << r.err().message;
  }

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<sqlite_store> store_;
  std::unique_ptr<sqlite_catalog> catalog_;
  std::vector<pantau::event> keep_;
  std::vector<std::string> payloads_;
};

TEST_F(survey_store_test, profiles_are_counted_per_counter_day_and_merge_over_a_period) {
  // 1795000000000 ms is 2026-11-18 (WIB); a day later is the next local day.
  const std::int64_t day_ms = 86'400'000;
  auto p1 = profile_event(2, "ktp-el");
  auto p2 = profile_event(3, "kk");
  std::get<profile_data>(p2.data).gender = "p";
  auto p3 = profile_event(4, std::nullopt);
  p3.ts_ms += day_ms;
  write({test::make_event(office, "k-01", 1), p1, p2, p3});
  // Written again (a redelivery): stored once, counted once.
  write({p1});

  const counter_info loket1{office, "loket-1", "pendaftaran"};
  const std::int64_t first = local_day_of(p1.ts_ms, indicators::zone::wib);
  auto days = catalog_->profile_days(std::span(&loket1, 1), first, first + 1);
  ASSERT_TRUE(days.ok()) << days.err().message;
  ASSERT_EQ(days->size(), 2U);
  EXPECT_EQ((*days)[0].key.day, first);
  EXPECT_EQ((*days)[0].respondents.profiles(), 2);
  EXPECT_EQ((*days)[1].respondents.profiles(), 1);

  indicators::respondent_totals period;
  for (const auto& d : *days) period.merge(d.respondents);
  const auto at = [&](profile_field f, const std::string& v) {
    const auto& m = period.counts[static_cast<std::size_t>(f)];
    const auto it = m.find(v);
    return it == m.end() ? 0 : it->second;
  };
  EXPECT_EQ(period.profiles(), 3);
  EXPECT_EQ(at(profile_field::gender, "l"), 2);
  EXPECT_EQ(at(profile_field::gender, "p"), 1);
  EXPECT_EQ(at(profile_field::education, ""), 3) << "skipped by all three";
  EXPECT_EQ(at(profile_field::service, "ktp-el"), 1);
  EXPECT_EQ(at(profile_field::service, "kk"), 1);
  EXPECT_EQ(at(profile_field::service, ""), 1);

  auto one_day = catalog_->profile_days(std::span(&loket1, 1), first + 1, first + 1);
  ASSERT_TRUE(one_day.ok());
  ASSERT_EQ(one_day->size(), 1U);
  EXPECT_EQ(one_day->front().respondents.profiles(), 1);

  // The rating itself still counts as a rating, and the profiles do not.
  auto counters = catalog_->counter_days(std::span(&loket1, 1), first, first + 1);
  ASSERT_TRUE(counters.ok());
  std::int64_t responses = 0;
  for (const auto& c : *counters) responses += c.satisfaction.responses;
  EXPECT_EQ(responses, 1);
}

TEST_F(survey_store_test, a_rebuild_counts_the_same_profiles) {
  write({test::make_event(office, "k-01", 1), profile_event(2, "ktp-el"), profile_event(3, "kk")});
  const counter_info loket1{office, "loket-1", "pendaftaran"};
  const std::int64_t day = local_day_of(keep_[1].ts_ms, indicators::zone::wib);
  auto before = catalog_->profile_days(std::span(&loket1, 1), day, day);
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(store_->rebuild_aggregates().ok());
  auto after = catalog_->profile_days(std::span(&loket1, 1), day, day);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 1U);
  EXPECT_EQ(after->front().respondents, before->front().respondents);
  EXPECT_EQ(after->front().respondents.profiles(), 2);
}

TEST_F(survey_store_test, a_units_services_are_stored_validated_and_sent_to_its_kiosks) {
  auto org = catalog_->load_org();
  ASSERT_TRUE(org.ok());
  const auto* u = org->find_unit("pendaftaran");
  ASSERT_NE(u, nullptr);
  ASSERT_EQ(u->services.size(), 3U);
  EXPECT_EQ(u->services[0], (service_info{"ktp-el", "KTP elektronik"}));

  organisation edit;
  unit_info changed = *u;
  changed.services = {{"kia", "Kartu Identitas Anak"}, {"ktp-el", "KTP elektronik (baru)"}};
  edit.units.push_back(changed);
  ASSERT_TRUE(catalog_->put_org(edit).ok());
  org = catalog_->load_org();
  ASSERT_TRUE(org.ok());
  EXPECT_EQ(org->find_unit("pendaftaran")->services, changed.services) << "the list is replaced, in its order";

  for (const auto& bad : {std::vector<service_info>{{"KTP", "KTP"}}, std::vector<service_info>{{"a", "x"}, {"a", "y"}},
                          std::vector<service_info>{{"a", ""}}, std::vector<service_info>{{"a", "line\nbreak"}}}) {
    organisation wrong;
    unit_info w = changed;
    w.services = bad;
    wrong.units.push_back(w);
    const auto r = catalog_->put_org(wrong);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.err().code, errc::invalid_org);
    EXPECT_NE(r.err().message.find("service"), std::string::npos) << r.err().message;
  }

  const auto settings = settings_for_kiosk(*org, office, "k-01", {"id", "skm"}, 0);
  std::vector<std::string> codes;
  for (const auto& sv : settings.services)
    if (sv.unit == "pendaftaran") codes.push_back(sv.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"kia", "ktp-el"}));
  const auto back = decode_settings(encode_settings(settings));
  ASSERT_TRUE(back.ok()) << back.err().message;
  EXPECT_EQ(back->services, settings.services);
}

}  // namespace
}  // namespace pantau::hub

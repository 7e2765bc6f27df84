// The respondent profile event (docs/survey.md): its wire shape, and every value outside its closed
// list rejected with a reason that names the field.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <functional>
#include <set>
#include <string>

#include "pantau/shared/codec.hpp"
#include "pantau/shared/respondent.hpp"

namespace pantau {
namespace {

namespace json = boost::json;

event profile_event() {
  profile_data d;
  d.rating = "1b7e4c1a-5f3d-4c2b-9a8e-1d2c3b4a5f61";
  d.counter = "loket-3";
  d.gender = "p";
  d.age = "30-39";
  d.education = "d4-s1";
  d.occupation = "wirausaha";
  d.service = "ktp-el";
  event e;
  e.id = "0b7e4c1a-5f3d-4c2b-9a8e-1d2c3b4a5f60";
  e.kiosk = "k-01";
  e.office = "binjai-dukcapil";
  e.seq = 12;
  e.prev = std::string(64, 'c');
  e.boot = "boot-1";
  e.mono_ms = 5;
  e.ts_ms = 1795307462123;  // 2026-11-22T00:31:02.123Z
  e.data = d;
  return e;
}

TEST(profile_codec, encodes_the_wire_shape_and_round_trips) {
  const event e = profile_event();
  const std::string text = encode_event(e);
  EXPECT_NE(text.find(R"("type":"profile","data":{"rating":"1b7e4c1a-5f3d-4c2b-9a8e-1d2c3b4a5f61",)"
                      R"("counter":"loket-3","gender":"p","age":"30-39","education":"d4-s1",)"
                      R"("occupation":"wirausaha","service":"ktp-el"})"),
            std::string::npos)
      << text;
  const auto back = decode_event(text);
  ASSERT_TRUE(back.ok()) << back.err().message;
  EXPECT_EQ(*back, e);
  EXPECT_EQ(back->type(), event_type::profile);
}

TEST(profile_codec, every_field_may_be_skipped) {
  event e = profile_event();
  auto& d = std::get<profile_data>(e.data);
  for (const auto f : profile_fields) d.value(f).reset();
  const std::string text = encode_event(e);
  EXPECT_NE(text.find(R"("gender":null,"age":null,"education":null,"occupation":null,"service":null)"),
            std::string::npos)
      << text;
  const auto back = decode_event(text);
  ASSERT_TRUE(back.ok()) << back.err().message;
  EXPECT_EQ(*back, e);
}

TEST(profile_codec, every_code_of_every_list_is_accepted) {
  for (const auto f : profile_fields) {
    for (const auto& c : choices_of(f)) {
      event e = profile_event();
      std::get<profile_data>(e.data).value(f) = std::string(c.code);
      const auto back = decode_event(encode_event(e));
      ASSERT_TRUE(back.ok()) << to_string(f) << "=" << c.code << ": " << back.err().message;
      EXPECT_EQ(std::get<profile_data>(back->data).value(f), std::string(c.code));
    }
  }
}

struct bad_profile {
  const char* name;
  std::function<void(json::object&)> patch;
  const char* code;
  const char* mentions;
};

json::object& data(json::object& o) { return o["data"].as_object(); }

class profile_rules : public ::testing::TestWithParam<bad_profile> {};

TEST_P(profile_rules, rejects_with_a_reason_naming_the_field) {
  const bad_profile& c = GetParam();
  json::object o = json::parse(encode_event(profile_event())).as_object();
  c.patch(o);
  const std::string payload = json::serialize(o);
  const auto r = decode_event(payload);
  ASSERT_FALSE(r.ok()) << payload;
  EXPECT_EQ(to_string(r.err().code), c.code) << r.err().message;
  EXPECT_NE(r.err().message.find(c.mentions), std::string::npos) << r.err().message;
}

const bad_profile bad_profiles[] = {
    {"gender_outside", [](json::object& o) { data(o)["gender"] = "x"; }, "invalid_profile", "data.gender"},
    {"gender_upper", [](json::object& o) { data(o)["gender"] = "L"; }, "invalid_profile", "data.gender"},
    {"gender_number", [](json::object& o) { data(o)["gender"] = 1; }, "invalid_profile", "data.gender"},
    {"age_exact_years", [](json::object& o) { data(o)["age"] = "34"; }, "invalid_profile", "data.age"},
    {"age_number", [](json::object& o) { data(o)["age"] = 34; }, "invalid_profile", "data.age"},
    {"age_other_band", [](json::object& o) { data(o)["age"] = "30-40"; }, "invalid_profile", "data.age"},
    {"education_label", [](json::object& o) { data(o)["education"] = "S1"; }, "invalid_profile", "data.education"},
    {"education_empty", [](json::object& o) { data(o)["education"] = ""; }, "invalid_profile", "data.education"},
    {"occupation_outside", [](json::object& o) { data(o)["occupation"] = "petani"; }, "invalid_profile",
     "data.occupation"},
    {"service_not_a_code", [](json::object& o) { data(o)["service"] = "KTP El"; }, "invalid_profile",
     "data.service"},
    {"service_too_long", [](json::object& o) { data(o)["service"] = std::string(49, 'a'); }, "invalid_profile",
     "data.service"},
    {"free_text_name", [](json::object& o) { data(o)["name"] = "Budi"; }, "unknown_field", "data.name"},
    {"free_text_comment", [](json::object& o) { data(o)["comment"] = "lama"; }, "unknown_field", "data.comment"},
    {"rating_missing", [](json::object& o) { data(o).erase("rating"); }, "missing_field", "data.rating"},
    {"rating_not_uuid", [](json::object& o) { data(o)["rating"] = "seq-11"; }, "invalid_field", "data.rating"},
    {"counter_missing", [](json::object& o) { data(o).erase("counter"); }, "missing_field", "data.counter"},
    {"gender_missing", [](json::object& o) { data(o).erase("gender"); }, "missing_field", "data.gender"},
    {"service_missing", [](json::object& o) { data(o).erase("service"); }, "missing_field", "data.service"},
};

INSTANTIATE_TEST_SUITE_P(all, profile_rules, ::testing::ValuesIn(bad_profiles),
                         [](const ::testing::TestParamInfo<bad_profile>& i) { return std::string(i.param.name); });

TEST(respondent_lists, codes_are_unique_ids_and_every_choice_has_both_labels) {
  for (const auto f : profile_fields) {
    std::set<std::string_view> seen;
    for (const auto& c : choices_of(f)) {
      EXPECT_TRUE(seen.insert(c.code).second) << c.code;
      EXPECT_FALSE(c.label_id.empty());
      EXPECT_FALSE(c.label_en.empty());
      EXPECT_EQ(find_choice(f, c.code), &c);
    }
    EXPECT_EQ(parse_profile_field(to_string(f)), f);
  }
  EXPECT_EQ(age_choices.size(), 6U);
  EXPECT_EQ(education_choices.size(), 7U);
  EXPECT_TRUE(choices_of(profile_field::service).empty());  // the unit's own list
  EXPECT_EQ(find_choice(profile_field::gender, "x"), nullptr);
}

TEST(respondent_lists, each_element_has_its_official_question_in_both_languages) {
  for (std::size_t i = 0; i < element_questions.size(); ++i) {
    const auto& q = element_questions[i];
    EXPECT_EQ(q.code, "U" + std::to_string(i + 1));
    EXPECT_TRUE(q.question_id.starts_with("Bagaimana")) << q.question_id;
    EXPECT_TRUE(q.question_id.ends_with("?"));
    EXPECT_TRUE(q.question_en.ends_with("?"));
  }
  EXPECT_EQ(element_questions[7].name_id, "Penanganan Pengaduan, Saran dan Masukan");
  EXPECT_EQ(element_questions[8].name_id, "Sarana dan Prasarana");
}

}  // namespace
}  // namespace pantau

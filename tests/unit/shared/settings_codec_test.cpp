// The retained kiosk config payload: round trip, and every malformed part refused with its path.
#include <gtest/gtest.h>

#include <string>

#include "pantau/shared/codec.hpp"

namespace pantau {
namespace {

kiosk_settings sample() {
  kiosk_settings s;
  s.office = "binjai-dukcapil";
  s.kiosk = "k-01";
  s.zone = "WITA";
  s.language = "en";
  s.rating_mode = "skm";
  s.roster = {{"198503152010011001", "Siti Rahmawati", "pendaftaran"},
              {"199001012015022002", "Budi \"Ucok\" Siregar", "pengaduan"}};
  s.counters = {{"loket-1", "pendaftaran"}};
  unit_hours h;
  h.unit = "pendaftaran";
  h.weekly[0] = work_hours{450, 960};
  h.weekly[4] = work_hours{450, 990};
  h.weekly[5] = work_hours{22 * 60, 6 * 60};  // a night shift ends the next day
  h.grace_minutes = 5;
  s.hours = {h};
  s.holidays = {"2026-12-25"};
  s.bands = {60, 120, 180};
  s.issued = "2026-11-28T01:02:03.004Z";
  return s;
}

TEST(settings_codec, round_trips_every_field) {
  const auto s = sample();
  const auto back = decode_settings(encode_settings(s));
  ASSERT_TRUE(back.ok()) << back.err().message;
  EXPECT_EQ(back.value(), s);
  EXPECT_EQ(back->find_employee("199001012015022002")->name, "Budi \"Ucok\" Siregar");
  EXPECT_EQ(back->hours_of("pendaftaran")->weekly[4]->end_min, 990);
  EXPECT_EQ(back->hours_of("pengaduan"), nullptr);
}

TEST(settings_codec, a_config_without_bands_means_the_default_bounds) {
  std::string text = encode_settings(sample());
  const std::string bands = R"("bands":[60,120,180],)";
  const auto at = text.find(bands);
  ASSERT_NE(at, std::string::npos) << text;
  text.erase(at, bands.size());
  const auto back = decode_settings(text);
  ASSERT_TRUE(back.ok()) << back.err().message;
  EXPECT_EQ(back->bands, default_band_bounds);
}

TEST(settings_codec, weekly_hours_are_written_as_local_clock_times) {
  const std::string text = encode_settings(sample());
  EXPECT_NE(text.find(R"("weekly":[["07:30","16:00"],null,null,null,["07:30","16:30"],["22:00","06:00"],null])"),
            std::string::npos)
      << text;
}

struct bad_case {
  std::string from, to, code, path;
};

TEST(settings_codec, refuses_malformed_parts_naming_the_field) {
  const std::string good = encode_settings(sample());
  const bad_case cases[] = {
      {R"("v":1)", R"("v":2)", "unsupported_version", "\"v\""},
      {R"("zone":"WITA")", R"("zone":"CET")", "invalid_field", "\"zone\""},
      {R"("language":"en")", R"("language":"fr")", "invalid_field", "\"language\""},
      {R"("rating_mode":"skm")", R"("rating_mode":"stars")", "invalid_field", "\"rating_mode\""},
      {R"("nip":"198503152010011001")", R"("nip":"1985")", "invalid_field", "roster[0].nip"},
      {R"("name":"Siti Rahmawati")", R"("name":"")", "invalid_field", "roster[0].name"},
      {R"(["07:30","16:00"])", R"(["07:30","25:00"])", "invalid_field", "weekly[0]"},
      {R"("grace_min":5)", R"("grace_min":-1)", "invalid_field", "grace_min"},
      {R"("2026-12-25")", R"("2026-02-30")", "invalid_field", "holidays"},
      {R"("issued":"2026-11-28T01:02:03.004Z")", R"("issued":"yesterday")", "invalid_field", "issued"},
      {R"("v":1)", R"("v":1,"extra":true)", "unknown_field", "extra"},
      {R"("bands":[60,120,180])", R"("bands":[60,50,180])", "invalid_field", "bands"},
      {R"("bands":[60,120,180])", R"("bands":[0,120,180])", "invalid_field", "bands"},
      {R"("bands":[60,120,180])", R"("bands":[60,120])", "invalid_field", "bands"},
      {R"("counters":[)", R"("counters":[1,)", "invalid_field", "counters[0]"},
  };
  for (const auto& c : cases) {
    std::string text = good;
    const auto at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    text.replace(at, c.from.size(), c.to);
    const auto r = decode_settings(text);
    ASSERT_FALSE(r.ok()) << c.to;
    EXPECT_EQ(to_string(r.err().code), c.code) << c.to << ": " << r.err().message;
    EXPECT_NE(r.err().message.find(c.path), std::string::npos) << c.to << ": " << r.err().message;
  }
  EXPECT_EQ(decode_settings("[]").err().code, errc::invalid_json);
  EXPECT_EQ(decode_settings("{\"v\":1").err().code, errc::invalid_json);
  EXPECT_EQ(decode_settings(std::string(max_settings_bytes + 1, ' ')).err().code, errc::too_large);
}

}  // namespace
}  // namespace pantau

// The respondent profile through a real broker and hub (docs/survey.md): a unit's services come in
// through the admin API; a profile naming one of them is stored and counted, one outside the lists
// or naming another service is acked as rejected with its reason, and the ratings stay stored.
#include <gtest/gtest.h>

#include <memory>

#include "pantau/test/services.hpp"
#include "pantau/test/wire_kiosk.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;

const std::string office = "survey-office";
const std::string kiosk = "survey-1";

std::string topic(const std::string& kind) { return "pantau/v1/" + office + "/" + kiosk + "/" + kind; }

std::string rating(const wire_kiosk& k, std::int64_t seq) {
  return k.event(seq, "2026-11-22T00:31:02.123Z", "rating", rating_json("loket-1", std::nullopt, 4, std::nullopt));
}

// A profile answering the rating of seq 1; `age` and `service` as JSON values, `extra` more keys.
std::string profile(const wire_kiosk& k, std::int64_t seq, const std::string& age, const std::string& service,
                    const std::string& extra = {}) {
  const std::string rating_id = "00000000-0000-4000-8000-000000000001";
  return k.event(seq, "2026-11-22T00:31:03.000Z", "profile",
                 R"({"rating":")" + rating_id + R"(","counter":"loket-1","gender":"p","age":)" + age +
                     R"(,"education":null,"occupation":"swasta","service":)" + service + extra + "}");
}

TEST(survey, profiles_are_checked_against_the_lists_and_the_units_services_and_ratings_stay) {
  temp_dir dir;
  const wire_kiosk k(office, kiosk);
  mosquitto_broker broker(dir.path());
  broker.start();
  hub_process hub(dir.path(), broker.url(), hub_options{});
  hub.start();
  const std::map<std::string, std::string> admin{{"Cookie", hub.login()}};
  const auto post = [&](const std::string& path, const std::string& body) {
    return http_request(hub.http_port(), "POST", path, body, admin);
  };
  ASSERT_EQ(post("/api/v1/offices", R"({"office":")" + office + R"(","name":"Kantor Uji","zone":"WIB"})").status, 201);
  ASSERT_EQ(post("/api/v1/units", R"({"unit":"layanan","office":")" + office +
                                      R"(","name":"Layanan","services":[{"code":"ktp-el","name":"KTP elektronik"},)"
                                      R"({"code":"kk","name":"Kartu Keluarga"}]})")
                .status,
            201);
  ASSERT_EQ(post("/api/v1/counters", R"({"office":")" + office + R"(","counter":"loket-1","unit":"layanan"})").status, 201);
  // A service list that breaks the rules is refused with a message, and changes nothing.
  const auto bad = post("/api/v1/units", R"({"unit":"layanan","services":[{"code":"KTP EL","name":"x"}]})");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("service"), std::string::npos) << bad.body;
  const auto org = http_request(hub.http_port(), "GET", "/api/v1/org", {}, admin);
  EXPECT_NE(org.body.find(R"("services":[{"code":"ktp-el","name":"KTP elektronik"},{"code":"kk","name":"Kartu Keluarga"}])"),
            std::string::npos)
      << org.body;

  raw_mqtt_client acks_of_kiosk(broker.url(), "survey-test-client", topic("ack"));
  k.publish(broker.url(), {rating(k, 1), profile(k, 2, R"("20-29")", R"("ktp-el")"),
                           profile(k, 3, R"("20-29")", R"("akta-lahir")"),  // not this unit's service
                           profile(k, 4, R"("27")", R"("kk")"),             // not an age band
                           profile(k, 5, R"("20-29")", "null", R"(,"name":"Budi")"),  // no names, no free text
                           rating(k, 6), profile(k, 7, "null", "null")});

  ASSERT_TRUE(wait_until([&] { return acks_of_kiosk.received().find(",7]") != std::string::npos; }, 20s))
      << acks_of_kiosk.received() << hub.proc().log();
  const std::string acks = acks_of_kiosk.received();
  EXPECT_NE(acks.find(R"({"seq":3,"error":"unknown_service"})"), std::string::npos) << acks;
  EXPECT_NE(acks.find(R"({"seq":4,"error":"invalid_profile"})"), std::string::npos) << acks;
  EXPECT_NE(acks.find(R"({"seq":5,"error":"unknown_field"})"), std::string::npos) << acks;

  const auto db = hub.db_path();
  EXPECT_EQ(sql_int(db, "SELECT count(*) FROM events WHERE type = 'rating'"), 2) << "both ratings stay";
  EXPECT_EQ(sql_int(db, "SELECT count(*) FROM events WHERE type = 'profile'"), 2);
  EXPECT_EQ(sql_int(db, "SELECT count(*) FROM rejected WHERE reason = 'unknown_service' AND message LIKE '%akta-lahir%'"), 1);
  EXPECT_EQ(sql_int(db, "SELECT count(*) FROM rejected"), 3);
  // Counted per counter-day in the same transaction: two profiles, one for ktp-el, one skipped.
  EXPECT_EQ(sql_int(db, "SELECT sum(n) FROM agg_profile_day WHERE counter = 'loket-1' AND field = 'gender'"), 2);
  EXPECT_EQ(sql_int(db, "SELECT n FROM agg_profile_day WHERE field = 'service' AND value = 'ktp-el'"), 1);
  EXPECT_EQ(sql_int(db, "SELECT n FROM agg_profile_day WHERE field = 'service' AND value = ''"), 1);
  EXPECT_EQ(sql_int(db, "SELECT count(*) FROM agg_profile_day WHERE value = 'akta-lahir' OR value = 'kk'"), 0);
  EXPECT_EQ(sql_int(db, "SELECT sum(responses) FROM agg_counter_day WHERE counter = 'loket-1'"), 2)
      << "a profile is not another response";
}

}  // namespace
}  // namespace pantau::test

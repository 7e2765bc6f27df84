// The hub's retained config reaches the kiosk (DESIGN §4): roster, counters and hours of its office,
// kept in the kiosk's outbox file; an employee added through the admin API reaches the kiosk without a
// restart; the kiosk starts with the kept config while the broker is down.
#include <gtest/gtest.h>

#include <string>

#include "pantau/test/services.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;

std::int64_t roster_size(const std::filesystem::path& outbox) {
  if (!std::filesystem::exists(outbox)) return -1;
  try {
    return sql_int(outbox, "SELECT coalesce((SELECT json_array_length(payload, '$.roster') FROM hub_settings), -1)");
  } catch (const std::exception&) {
    return -1;  // the table appears with the kiosk's first start
  }
}

TEST(kiosk_config, the_hub_config_reaches_the_kiosk_follows_changes_and_survives_offline_restarts) {
  temp_dir dir;
  mosquitto_broker broker(dir.path());
  broker.start();
  hub_process hub(dir.path(), broker.url());
  std::string out;
  ASSERT_EQ(hub.run_command({"seed-demo"}, &out), 0) << out;
  const auto demo_staff = sql_int(hub.db_path(), "SELECT count(*) FROM employees");
  ASSERT_GT(demo_staff, 0);
  hub.start();

  kiosk_process kiosk(dir.path(), broker.url(), kiosk_options{});
  kiosk.start();
  ASSERT_TRUE(wait_until([&] { return roster_size(kiosk.db_path()) == demo_staff; }, 30s))
      << "kiosk log:\n" << kiosk.proc().log() << "\nhub log:\n" << hub.proc().log();
  const auto office = sql_rows(kiosk.db_path(), "SELECT json_extract(payload, '$.office'), "
                                                 "json_array_length(payload, '$.counters') FROM hub_settings");
  EXPECT_EQ(office, (std::vector<std::vector<std::string>>{{"binjai-dukcapil", "3"}}));

  // An employee added by an admin is on the kiosk within the publisher's interval.
  const auto cookie = hub.login();
  ASSERT_FALSE(cookie.empty());
  const auto added = http_request(hub.http_port(), "POST", "/api/v1/employees",
                                  R"({"nip":"199203042019031004","name":"Dayang Mariani","unit":"pendaftaran"})",
                                  {{"Cookie", cookie}});
  ASSERT_LT(added.status, 300) << added.body;
  ASSERT_TRUE(wait_until([&] { return roster_size(kiosk.db_path()) == demo_staff + 1; }, 30s)) << kiosk.proc().log();
  EXPECT_EQ(kiosk.stop(), 0);

  // Broker gone: the kiosk starts with what it kept and says so.
  EXPECT_EQ(hub.stop(), 0);
  broker.stop();
  kiosk_process offline(dir.path(), broker.url(), kiosk_options{});
  const auto earlier = read_file(dir.path() / "k-01.log").size();  // the first run wrote here too: read past it
  offline.start();
  EXPECT_TRUE(wait_until(
      [&] {
        const auto log = offline.proc().log();
        return log.size() > earlier &&
               log.find(std::to_string(demo_staff + 1) + " employees", earlier) != std::string::npos;
      },
      20s))
      << offline.proc().log();
  EXPECT_EQ(offline.stop(), 0);
}

}  // namespace
}  // namespace pantau::test

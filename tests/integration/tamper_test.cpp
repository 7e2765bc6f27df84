// Tamper evidence end to end: a real kiosk's signed events reach a real hub through mosquitto; then the
// hub's store file is edited the way someone with the disk but without the kiosk's key would (one event's
// content changed, one deleted, two filed under each other's seq). `pantau-hub verify` names each of them
// and exits non-zero, and the fleet view shows the chain broken; before the edits it said intact.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/json.hpp>

#include <string>

#include "pantau/test/services.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

void sql_edit(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  char* msg = nullptr;
  const int rc = sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &msg);
  const std::string why = msg != nullptr ? msg : "";
  sqlite3_free(msg);
  sqlite3_close(h);
  ASSERT_EQ(rc, SQLITE_OK) << sql << ": " << why;
}

json::object chain_of_kiosk(hub_process& hub, const std::string& kiosk) {
  const auto res = http_request(hub.http_port(), "GET", "/api/v1/kiosks", {}, {{"Cookie", hub.login()}});
  EXPECT_EQ(res.status, 200) << res.body;
  const json::value list = json::parse(res.body);
  for (const auto& k : list.as_array())
    if (k.as_object().at("kiosk").as_string() == kiosk) {
      const auto& c = k.as_object().at("chain");
      return c.is_object() ? c.as_object() : json::object{};
    }
  ADD_FAILURE() << "no kiosk " << kiosk << " in " << res.body;
  return {};
}

TEST(tamper, verify_names_an_edited_a_deleted_and_a_reordered_event) {
  temp_dir dir;
  mosquitto_broker broker(dir.path());
  broker.start();
  hub_process hub(dir.path(), broker.url());
  hub.start();
  kiosk_options o;
  o.simulate_rate = 200;
  o.simulate_count = 30;
  kiosk_process kiosk(dir.path(), broker.url(), o);
  kiosk.start();
  ASSERT_TRUE(wait_until(
      [&] { return outbox_committed(kiosk.db_path()) >= 30 && outbox_backlog(kiosk.db_path()) == 0; }, 120s))
      << kiosk.proc().log();
  EXPECT_EQ(kiosk.stop(), 0);

  std::string out;
  EXPECT_EQ(hub.run_command({"verify"}, &out), 0) << out;
  EXPECT_NE(out.find("binjai-dukcapil/k-01"), std::string::npos) << out;
  EXPECT_NE(out.find("30 kejadian/events"), std::string::npos) << out;
  EXPECT_NE(out.find("utuh / intact"), std::string::npos) << out;
  EXPECT_EQ(chain_of_kiosk(hub, "k-01").at("intact"), json::value(true));
  EXPECT_EQ(hub.stop(), 0);

  // Someone with the file but not the kiosk's key.
  sql_edit(hub.db_path(), "UPDATE events SET payload = replace(payload, '\"synced\"', '\"unsync\"') WHERE seq = 7");
  sql_edit(hub.db_path(), "DELETE FROM events WHERE seq = 12");
  sql_edit(hub.db_path(),
           "UPDATE events SET seq = -1 WHERE seq = 20; UPDATE events SET seq = 20 WHERE seq = 21; "
           "UPDATE events SET seq = 21 WHERE seq = -1");

  out.clear();
  EXPECT_EQ(hub.run_command({"verify"}, &out), 1) << out;
  EXPECT_NE(out.find("RUSAK / BROKEN"), std::string::npos) << out;
  EXPECT_NE(out.find("altered: seq 7:"), std::string::npos) << out;
  EXPECT_NE(out.find("missing: seq 12 "), std::string::npos) << out;
  EXPECT_NE(out.find("disimpan sebagai seq 20, ditandatangani sebagai seq 21"), std::string::npos) << out;
  EXPECT_NE(out.find("disimpan sebagai seq 21, ditandatangani sebagai seq 20"), std::string::npos) << out;
  // Nothing else is named: the untouched events still hold.
  EXPECT_EQ(out.find("seq 8"), std::string::npos) << out;

  hub.start();
  const auto chain = chain_of_kiosk(hub, "k-01");
  EXPECT_EQ(chain.at("intact"), json::value(false));
  EXPECT_EQ(chain.at("problems"), json::value(4));
  EXPECT_EQ(hub.stop(), 0);
}

}  // namespace
}  // namespace pantau::test

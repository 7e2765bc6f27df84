// Issue 11's attacks, each with real mosquitto, hub and kiosk processes on loopback: forged acks,
// garbage with a readable seq, INT64_MAX seqs. In each, every real event is stored exactly once and
// the kiosk keeps delivering afterwards (DESIGN §10).
#include <gtest/gtest.h>
#include <mqtt/async_client.h>

#include <boost/json.hpp>
#include <limits>
#include <memory>

#include "pantau/shared/signing.hpp"
#include "pantau/test/services.hpp"
#include "pantau/test/wire_kiosk.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;

const std::string office = "binjai-dukcapil";

// A client on the broker that is not the hub: what anyone on the office network can be.
void publish_raw(const std::string& url, const std::string& topic, const std::string& payload, bool retained = false) {
  mqtt::async_client client(url, "intruder", mqtt::create_options(MQTTVERSION_5));
  client.connect(mqtt::connect_options_builder().mqtt_version(MQTTVERSION_5).clean_start(true).finalize())->wait();
  client.publish(topic, payload.data(), payload.size(), 1, retained)->wait();
  client.disconnect()->wait();
}

class authenticity_test : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_ = std::make_unique<mosquitto_broker>(dir_.path());
    broker_->start();
    hub_ = std::make_unique<hub_process>(dir_.path(), broker_->url());
  }

  kiosk_process& add_kiosk(const std::string& id) {
    kiosk_options o;
    o.id = id;
    kiosks_.push_back(std::make_unique<kiosk_process>(dir_.path(), broker_->url(), o));
    return *kiosks_.back();
  }

  std::optional<double> hub_metric(const std::string& sample) {
    return metric_value(http_get(hub_->http_port(), "/metrics").body, sample);
  }

  // The hub holds exactly seq 1..n of the kiosk, n = what it committed, and its outbox is empty.
  void expect_exactly_once(kiosk_process& k) {
    ASSERT_TRUE(wait_until([&] { return outbox_backlog(k.db_path()) == 0; }, 120s)) << "outbox did not drain";
    const std::int64_t committed = outbox_committed(k.db_path());
    const auto s = hub_stored(hub_->db_path(), office, k.options().id);
    EXPECT_GT(committed, 0);
    EXPECT_EQ(s.rows, committed);
    EXPECT_EQ(s.distinct_seq, committed);
    EXPECT_EQ(s.min_seq, 1);
    EXPECT_EQ(s.max_seq, committed);
  }

  temp_dir dir_;
  std::unique_ptr<mosquitto_broker> broker_;
  std::unique_ptr<hub_process> hub_;
  std::vector<std::unique_ptr<kiosk_process>> kiosks_;
};

// Issue 11 "forged ack": with the hub down, an ack covering everything is published on the kiosk's
// ack topic. The kiosk ignores it (not sealed by the hub) and keeps all 300 events.
TEST_F(authenticity_test, a_forged_ack_while_the_hub_is_down_deletes_nothing) {
  auto& k = add_kiosk("k-01");
  ASSERT_EQ(k.emit(300), 0);
  k.start();
  ASSERT_TRUE(wait_until([&] { return read_file(dir_.path() / "k-01.log").find("ready: publishing") != std::string::npos; },
                         20s));
  publish_raw(broker_->url(), "pantau/v1/" + office + "/k-01/ack", R"({"v":1,"acked":[[1,1000000]],"rejected":[]})");
  ASSERT_TRUE(wait_until([&] { return read_file(dir_.path() / "k-01.log").find("ignoring a ack") != std::string::npos; },
                         20s))
      << read_file(dir_.path() / "k-01.log");
  EXPECT_EQ(outbox_backlog(k.db_path()), 300) << "a forged ack deleted events";
  hub_->start();
  expect_exactly_once(k);
  ASSERT_EQ(k.emit(20), 0);
  expect_exactly_once(k);
}

// Issue 11 "garbage with a readable seq": {"seq":N} on a kiosk's events topic is never acked, not even
// as rejected, so the kiosk's real event N is stored.
TEST_F(authenticity_test, garbage_with_a_readable_seq_is_never_acked) {
  hub_->start();
  auto& k = add_kiosk("k-01");
  for (int n = 1; n <= 5; ++n) publish_raw(broker_->url(), "pantau/v1/" + office + "/k-01/events", R"({"seq":)" + std::to_string(n) + "}");
  ASSERT_TRUE(wait_until([&] { return hub_metric("pantau_hub_unauthenticated_total{reason=\"not_sealed\"}") == 5.0; }, 20s));
  // The metric is counted when the batch is decided, the rows when it commits a moment later.
  wait_until([&] { return sql_int(hub_->db_path(), "SELECT count(*) FROM unauthenticated") == 5; }, 20s);
  EXPECT_EQ(sql_int(hub_->db_path(), "SELECT count(*) FROM unauthenticated"), 5);
  EXPECT_EQ(sql_int(hub_->db_path(), "SELECT count(*) FROM rejected"), 0);
  ASSERT_EQ(k.emit(200), 0);
  k.start();
  expect_exactly_once(k);
}

// Issue 11 "impersonation": events on k-02's topic signed by anyone but k-02 (here k-01's key, seqs
// colliding with k-02's own) are not stored; k-02's real events are, once each.
TEST_F(authenticity_test, impersonation_on_another_kiosks_topic_is_not_stored) {
  hub_->start();
  auto& k2 = add_kiosk("k-02");
  wire_kiosk k1(office, "k-01");
  std::vector<std::string> forged;
  for (int n = 1; n <= 10; ++n) {
    std::string e = k1.event(n, "2026-11-16T01:00:59.000Z", "rating", rating_json("loket-1", std::nullopt, 4, std::nullopt));
    forged.push_back(e);
  }
  // k-01's signature on k-02's topic: published raw.
  for (const auto& e : forged) publish_raw(broker_->url(), "pantau/v1/" + office + "/k-02/events", e);
  ASSERT_TRUE(wait_until([&] { return hub_metric("pantau_hub_unauthenticated_total{reason=\"bad_signature\"}") == 10.0; }, 20s));
  ASSERT_EQ(k2.emit(50), 0);
  k2.start();
  expect_exactly_once(k2);
  EXPECT_EQ(hub_stored(hub_->db_path(), office, "k-01").rows, 0);
}

// Issue 11 "stall": an authentic seq of INT64_MAX on first contact is rejected without moving the
// hub's cursor, so the kiosk's own events 1..n follow.
TEST_F(authenticity_test, an_int64_max_seq_cannot_stall_the_kiosk) {
  hub_->start();
  wire_kiosk w(office, "k-01");
  w.publish(broker_->url(), {w.event(std::numeric_limits<std::int64_t>::max(), "2026-11-16T01:00:59.000Z", "rating",
                                     rating_json("loket-1", std::nullopt, 4, std::nullopt))});
  ASSERT_TRUE(wait_until([&] { return hub_metric("pantau_hub_events_rejected_total{reason=\"seq_out_of_window\"}") == 1.0; },
                         20s));
  auto& k = add_kiosk("k-01");
  ASSERT_EQ(k.emit(50), 0);
  k.start();
  expect_exactly_once(k);
  hub_->stop();
  hub_->start();
  ASSERT_EQ(k.emit(10), 0);
  expect_exactly_once(k);
}

// A seq that never arrives (the kiosk can no longer produce it) may block the kiosk only for
// [ingest] gap_wait_s: then the hub records a gap, shows it, alerts, and takes the later events. The
// missing event, arriving after all, is stored and closes the gap; the cursor is not disturbed.
TEST_F(authenticity_test, a_missing_seq_becomes_a_recorded_gap_after_the_wait_and_closes_when_it_arrives) {
  hub_options o;
  o.extra_toml = "gap_wait_s = 1\n";
  hub_.reset();
  hub_ = std::make_unique<hub_process>(dir_.path(), broker_->url(), o);
  hub_->start();
  const std::string cookie = hub_->login();
  wire_kiosk w(office, "k-gap");
  hub_->enrol(office, "k-gap");
  const auto rating = [&](std::int64_t seq) {
    return w.event(seq, iso_utc(suite_clock().now()), "rating", rating_json("loket-1", std::nullopt, 4, std::nullopt));
  };
  const auto stored = [&] { return hub_stored(hub_->db_path(), office, "k-gap").rows; };
  const auto fleet_row = [&]() -> std::optional<boost::json::object> {
    const auto res = http_request(hub_->http_port(), "GET", "/api/v1/kiosks", {}, {{"Cookie", cookie}});
    if (res.status != 200) return std::nullopt;
    const boost::json::value list = boost::json::parse(res.body);
    for (const auto& v : list.as_array())
      if (v.as_object().at("kiosk").as_string() == "k-gap") return v.as_object();
    return std::nullopt;
  };
  const auto gap_alert_active = [&] {
    const auto res = http_request(hub_->http_port(), "GET", "/api/v1/alerts", {}, {{"Cookie", cookie}});
    if (res.status != 200) return false;
    const boost::json::value list = boost::json::parse(res.body);
    for (const auto& v : list.as_array()) {
      const auto& a = v.as_object();
      if (a.at("kind").as_string() == "seq_gap" && a.at("subject").as_string() == "k-gap" &&
          a.at("state").as_string() == "active")
        return true;
    }
    return false;
  };

  w.publish(broker_->url(), {rating(1), rating(2)});
  ASSERT_TRUE(wait_until([&] { return stored() == 2; }, 20s));
  // 3 never comes; 4 and 5 are held back, then resent as a kiosk does until the wait is over.
  ASSERT_TRUE(wait_until([&] {
    w.publish(broker_->url(), {rating(4), rating(5)});
    return stored() == 4;
  }, 30s)) << "the later events were never taken";
  EXPECT_GE(hub_metric("pantau_hub_events_out_of_order_total").value_or(0), 2.0);
  EXPECT_EQ(hub_metric("pantau_hub_seq_gaps_recorded_total"), 1.0);
  auto row = fleet_row();
  ASSERT_TRUE(row);
  EXPECT_EQ(row->at("missing").as_int64(), 1);
  ASSERT_EQ(row->at("gaps").as_array().size(), 1u);
  EXPECT_EQ(row->at("gaps").as_array()[0].as_object().at("from_seq").as_int64(), 3);
  EXPECT_EQ(row->at("gaps").as_array()[0].as_object().at("to_seq").as_int64(), 3);
  EXPECT_TRUE(wait_until(gap_alert_active, 20s)) << "no active seq_gap alert for k-gap";

  // Across a restart the gap is still known, shown and alerted.
  hub_->stop();
  hub_->start();
  const std::string again = hub_->login();
  const auto res = http_request(hub_->http_port(), "GET", "/api/v1/kiosks", {}, {{"Cookie", again}});
  EXPECT_NE(res.body.find("\"missing\":1"), std::string::npos) << res.body;

  // The missing event arrives after all: stored, the gap closes, the alert clears, 6 follows 5.
  w.publish(broker_->url(), {rating(3)});
  ASSERT_TRUE(wait_until([&] { return stored() == 5; }, 20s));
  w.publish(broker_->url(), {rating(6)});
  ASSERT_TRUE(wait_until([&] { return stored() == 6; }, 20s)) << "the cursor was disturbed by the late event";
  EXPECT_EQ(sql_int(hub_->db_path(), "SELECT count(*) FROM seq_gaps WHERE filled_ms IS NOT NULL"), 1);
  EXPECT_EQ(sql_int(hub_->db_path(), "SELECT last_seq FROM kiosks WHERE kiosk = 'k-gap'"), 6);
  const std::string cookie2 = hub_->login();
  const auto after = http_request(hub_->http_port(), "GET", "/api/v1/kiosks", {}, {{"Cookie", cookie2}});
  EXPECT_NE(after.body.find("\"missing\":0"), std::string::npos) << after.body;
  const auto cleared = [&] {
    const auto r = http_request(hub_->http_port(), "GET", "/api/v1/alerts", {}, {{"Cookie", cookie2}});
    return r.status == 200 && r.body.find("\"seq_gap\"") == std::string::npos;
  };
  EXPECT_TRUE(wait_until(cleared, 20s)) << "the seq_gap alert did not clear";
  const auto s = hub_stored(hub_->db_path(), office, "k-gap");
  EXPECT_EQ(s.distinct_seq, 6);
}

// A status is sealed like an event: an intruder's retained "offline" with a huge backlog changes
// nothing the hub shows of the kiosk, and the kiosk keeps delivering.
TEST_F(authenticity_test, a_forged_status_changes_nothing_the_hub_keeps) {
  hub_->start();
  auto& k = add_kiosk("k-01");
  ASSERT_EQ(k.emit(20), 0);
  k.start();
  expect_exactly_once(k);
  publish_raw(broker_->url(), "pantau/v1/" + office + "/k-01/status",
              R"({"v":1,"state":"offline","version":"6.6.6","backlog":99999,"last_seq":99999,"clock":"unsynced","camera":"error"})",
              true);
  ASSERT_TRUE(wait_until([&] { return hub_metric("pantau_hub_unauthenticated_total{reason=\"not_sealed\"}") == 1.0; }, 20s));
  const auto rows = sql_rows(hub_->db_path(), "SELECT state, version FROM kiosks WHERE kiosk = 'k-01'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "online");
  EXPECT_NE(rows[0][1], "6.6.6");
  ASSERT_EQ(k.emit(10), 0);
  expect_exactly_once(k);
}

// Issue 11 "forged config": a retained config on k-01's config topic from someone who is not the hub,
// once unsigned and once sealed with another kiosk's key. The kiosk ignores both, also when the broker
// hands the forgery over again at its next start, and keeps delivering.
TEST_F(authenticity_test, a_forged_retained_config_is_ignored) {
  hub_->start();
  auto& k = add_kiosk("k-01");
  k.start();
  const auto log = dir_.path() / "k-01.log";
  ASSERT_TRUE(wait_until([&] { return read_file(log).find("hub config received") != std::string::npos; }, 30s))
      << read_file(log);
  const std::string topic = "pantau/v1/" + office + "/k-01/config";
  publish_raw(broker_->url(), topic,
              R"({"v":1,"office":"binjai-dukcapil","kiosk":"k-01","language":"en","rating_mode":"skm","roster":[]})", true);
  ASSERT_TRUE(wait_until([&] { return read_file(log).find("ignoring a config") != std::string::npos; }, 20s))
      << read_file(log);
  const auto other = signing::parse_secret_key(test_kiosk_secret_key(office, "k-02"));
  ASSERT_TRUE(other.ok());
  publish_raw(broker_->url(), topic,
              signing::seal(R"({"v":1,"office":"binjai-dukcapil","kiosk":"k-01","language":"en","roster":[]})", *other),
              true);
  EXPECT_EQ(k.stop(), 0);
  const auto before = read_file(log).size();
  k.start();  // the broker hands the retained forgery to the new session
  ASSERT_TRUE(wait_until([&] { return read_file(log).find("ignoring a config", before) != std::string::npos; }, 20s))
      << read_file(log);
  ASSERT_EQ(k.emit(20), 0);
  expect_exactly_once(k);
}

// Issue 11 "ack replayed from another kiosk": a real ack the hub sealed for k-02, captured on the broker
// and published on k-01's ack topic while the hub is down. It names k-02 and k-02's key: k-01 ignores it.
TEST_F(authenticity_test, an_ack_replayed_from_another_kiosk_deletes_nothing) {
  hub_->start();
  const auto captured = dir_.path() / "k-02-ack.txt";
  child_process sub({"/usr/bin/mosquitto_sub", "-V", "5", "-h", "127.0.0.1", "-p", std::to_string(broker_->port()),
                     "-i", "replay-capture", "-q", "1", "-C", "1", "-t", "pantau/v1/" + office + "/k-02/ack"},
                    captured);
  auto& k2 = add_kiosk("k-02");
  k2.start();
  ASSERT_EQ(k2.emit(5), 0);
  ASSERT_TRUE(wait_until([&] { return read_file(captured).find("\"sig\"") != std::string::npos; }, 30s))
      << read_file(captured);
  std::string ack = read_file(captured);
  while (!ack.empty() && (ack.back() == '\n' || ack.back() == '\r')) ack.pop_back();
  expect_exactly_once(k2);
  EXPECT_EQ(hub_->stop(), 0);

  auto& k1 = add_kiosk("k-01");
  ASSERT_EQ(k1.emit(5), 0);
  k1.start();
  const auto log = dir_.path() / "k-01.log";
  ASSERT_TRUE(wait_until([&] { return read_file(log).find("ready: publishing") != std::string::npos; }, 20s));
  publish_raw(broker_->url(), "pantau/v1/" + office + "/k-01/ack", ack);
  ASSERT_TRUE(wait_until([&] { return read_file(log).find("ignoring a ack") != std::string::npos; }, 20s))
      << read_file(log);
  EXPECT_EQ(outbox_backlog(k1.db_path()), 5) << "an ack for k-02 deleted k-01's events";
  hub_->start();
  expect_exactly_once(k1);
}

}  // namespace
}  // namespace pantau::test

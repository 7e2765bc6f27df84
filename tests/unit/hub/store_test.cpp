// The SQLite store on real files: idempotent writes, cursors across reopen, integrity.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <memory>

#include "hub_fakes.hpp"
#include "pantau/hub/store/sqlite_alert_log.hpp"
#include "pantau/hub/store/sqlite_store.hpp"
#include "pantau/shared/signing.hpp"
#include "test_dir.hpp"

namespace pantau::hub {
namespace {

const std::string office = "binjai-dukcapil";

class store_test : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::fresh_test_dir("pantau-hub-store");
    path_ = (dir_ / "sub" / "hub.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<sqlite_store> open() {
    auto s = sqlite_store::open(path_);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.err().message);
    return s.ok() ? std::move(s).value() : nullptr;
  }

  // A write set of events seq from..to for one kiosk, with the kiosk row.
  write_set events(std::int64_t from, std::int64_t to, const std::string& kiosk = "k-01") {
    write_set w;
    keep_.clear();
    for (auto s = from; s <= to; ++s) {
      keep_.push_back(test::make_event(office, kiosk, s));
      payloads_.push_back(encode_event(keep_.back()));
    }
    for (std::size_t i = 0; i < keep_.size(); ++i)
      w.events.push_back({&keep_[i], payloads_[payloads_.size() - keep_.size() + i], 1000 + static_cast<std::int64_t>(i), 0});
    kiosk_info k;
    k.office = office;
    k.kiosk = kiosk;
    k.registered_ms = 1;
    k.last_seq = to;
    k.last_seen_ms = 4242;
    k.version = "1.0";
    w.kiosks.push_back({k, true});
    return w;
  }

  std::int64_t scalar(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    std::int64_t v = -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
  }

  std::string text(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    std::string v;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != nullptr)
      v = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
  }

  std::filesystem::path dir_;
  std::string path_;
  std::vector<pantau::event> keep_;
  std::deque<std::string> payloads_;
};

TEST_F(store_test, creates_schema_in_wal_mode_and_its_directory) {
  auto s = open();
  ASSERT_TRUE(s);
  EXPECT_TRUE(std::filesystem::exists(path_));
  EXPECT_EQ(text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(scalar("PRAGMA user_version"), 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM events"), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM kiosks"), 0);
  EXPECT_EQ(scalar("SELECT count(*) FROM rejected"), 0);
}

// A store written before units had their own working week gets the column when it is opened.
TEST_F(store_test, an_older_store_gains_the_units_weekly_column) {
  open().reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "ALTER TABLE units DROP COLUMN weekly", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  EXPECT_EQ(scalar("SELECT count(*) FROM pragma_table_info('units') WHERE name = 'weekly'"), 0);
  ASSERT_TRUE(open());
  EXPECT_EQ(scalar("SELECT count(*) FROM pragma_table_info('units') WHERE name = 'weekly'"), 1);
}

TEST_F(store_test, duplicate_delivery_is_stored_once) {
  auto s = open();
  auto w = events(1, 3);
  auto first = s->write(w);
  ASSERT_TRUE(first.ok()) << first.err().message;
  EXPECT_EQ(first->inserted, (std::vector<std::uint8_t>{1, 1, 1}));
  auto again = events(2, 4);
  again.kiosks[0].is_new = false;
  auto second = s->write(again);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->inserted, (std::vector<std::uint8_t>{0, 0, 1}));
  EXPECT_EQ(scalar("SELECT count(*) FROM events"), 4);
  EXPECT_EQ(scalar("SELECT count(DISTINCT seq) FROM events"), 4);
  // `events` counts what was inserted, not what was sent.
  EXPECT_EQ(scalar("SELECT events FROM kiosks WHERE kiosk = 'k-01'"), 4);
  EXPECT_EQ(scalar("SELECT last_seq FROM kiosks WHERE kiosk = 'k-01'"), 4);
  auto c = s->contains_event(test::uuid_of(3));
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c.value());
  EXPECT_FALSE(s->contains_event(test::uuid_of(99)).value());
}

TEST_F(store_test, rows_keep_arrival_order_and_the_payload_as_received) {
  auto s = open();
  ASSERT_TRUE(s->write(events(1, 50)).ok());
  EXPECT_EQ(scalar("SELECT count(*) FROM (SELECT seq, lag(seq) OVER (ORDER BY rowid) AS prev FROM events) "
                   "WHERE prev IS NOT NULL AND seq <= prev"),
            0);
  EXPECT_EQ(text("SELECT payload FROM events WHERE seq = 7"), encode_event(test::make_event(office, "k-01", 7)));
  EXPECT_EQ(text("SELECT type FROM events WHERE seq = 7"), "rating");
  EXPECT_EQ(text("SELECT clock FROM events WHERE seq = 7"), "synced");
  EXPECT_EQ(scalar("SELECT ts_ms FROM events WHERE seq = 7"), test::make_event(office, "k-01", 7).ts_ms);
}

TEST_F(store_test, reopen_keeps_cursors_and_registry) {
  {
    auto s = open();
    auto w = events(1, 10);
    w.kiosks[0].info.clock_offset_ms = -4;
    w.kiosks[0].info.clock_error_ms = 250;
    ASSERT_TRUE(s->write(w).ok());
    ASSERT_TRUE(s->write(events(1, 5, "k-02")).ok());
  }
  auto s = open();
  auto kiosks = s->load_kiosks();
  ASSERT_TRUE(kiosks.ok());
  ASSERT_EQ(kiosks->size(), 2u);
  EXPECT_EQ((*kiosks)[0].kiosk, "k-01");
  EXPECT_EQ((*kiosks)[0].last_seq, 10);
  EXPECT_EQ((*kiosks)[0].events, 10);
  EXPECT_EQ((*kiosks)[0].last_seen_ms, 4242);
  EXPECT_EQ((*kiosks)[0].version, "1.0");
  EXPECT_EQ((*kiosks)[0].clock_offset_ms, -4);
  EXPECT_EQ((*kiosks)[0].clock_error_ms, 250);
  EXPECT_EQ((*kiosks)[1].kiosk, "k-02");
  EXPECT_EQ((*kiosks)[1].last_seq, 5);
  EXPECT_FALSE((*kiosks)[1].clock_offset_ms) << "not reported";
  EXPECT_TRUE(s->contains_event(test::uuid_of(10)).value());
}

TEST_F(store_test, rejected_rows_keep_reason_and_raw_bytes_and_a_redelivery_once) {
  auto s = open();
  write_set w;
  const std::string raw("{\"v\":1,\xff\xfe}", 10);
  rejected_row r;
  r.office = office;
  r.kiosk = "k-01";
  r.seq = 3;
  r.id = test::uuid_of(3);
  r.reason = errc::invalid_utf8;
  r.message = "not UTF-8";
  r.payload = raw;
  r.received_ms = 77;
  w.rejected.push_back(r);
  w.rejected.push_back(r);  // the same event twice (ack lost, resent)
  rejected_row anonymous = r;
  anonymous.seq = 0;
  anonymous.id.clear();
  w.rejected.push_back(anonymous);
  w.rejected.push_back(anonymous);  // nothing identifies these: both kept
  ASSERT_TRUE(s->write(w).ok());
  EXPECT_EQ(scalar("SELECT count(*) FROM rejected"), 3);
  EXPECT_EQ(scalar("SELECT count(*) FROM rejected WHERE seq IS NULL AND id IS NULL"), 2);
  EXPECT_EQ(scalar("SELECT length(payload) FROM rejected WHERE seq = 3"), 10);
  EXPECT_EQ(text("SELECT reason FROM rejected WHERE seq = 3"), "invalid_utf8");
}

TEST_F(store_test, an_existing_kiosk_keeps_its_registration_time) {
  auto s = open();
  auto catalog = sqlite_catalog::open(path_);
  ASSERT_TRUE(catalog.ok()) << catalog.err().message;
  auto first = (*catalog)->enrol(office, "k-01", 123, {});
  ASSERT_TRUE(first.ok()) << first.err().message;
  EXPECT_TRUE(first->added);
  EXPECT_EQ(first->kiosk.registered_ms, 123);
  EXPECT_EQ(first->kiosk.last_seen_ms, 0) << "not seen yet";
  auto again = (*catalog)->enrol(office, "k-01", 456, {});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->added) << "idempotent";
  EXPECT_EQ(again->kiosk.registered_ms, 123);
  auto w = events(1, 2);
  w.kiosks[0].info.registered_ms = 999;
  w.kiosks[0].is_new = false;
  ASSERT_TRUE(s->write(w).ok());
  EXPECT_EQ(scalar("SELECT registered_ms FROM kiosks"), 123);
  EXPECT_EQ(scalar("SELECT events FROM kiosks"), 2);
}

// DESIGN §10: a new key is a new install, with a new epoch whose cursor starts again; the running
// hub's cursor of the old epoch is not written over it.
TEST_F(store_test, a_recorded_gap_comes_back_with_its_kiosk_is_counted_off_and_closes_when_filled) {
  {
    auto s = open();
    auto w = events(1, 2);
    ASSERT_TRUE(s->write(w).ok());
    w = events(6, 6);
    w.kiosks[0].is_new = false;
    w.gaps.push_back({office, "k-01", 0, 3, 5, 7000});
    ASSERT_TRUE(s->write(w).ok());
  }
  auto s = open();  // across a restart
  auto kiosks = s->load_kiosks();
  ASSERT_TRUE(kiosks.ok());
  ASSERT_EQ(kiosks->size(), 1u);
  ASSERT_EQ((*kiosks)[0].gaps.size(), 1u);
  EXPECT_EQ((*kiosks)[0].gaps[0], (open_gap{3, 5, 3, 7000}));

  auto fill = [&](std::int64_t seq, std::int64_t at) {
    auto w = events(seq, seq);
    w.kiosks[0].info.last_seq = 6;  // the cursor stays where the later events put it
    w.kiosks[0].is_new = false;
    w.events[0].fills_gap = true;
    w.events[0].received_ms = at;
    return s->write(w);
  };
  ASSERT_TRUE(fill(4, 8000).ok());
  auto one = s->find_kiosk(office, "k-01");
  ASSERT_TRUE(one.ok() && one->has_value());
  ASSERT_EQ((*one)->gaps.size(), 1u);
  EXPECT_EQ((*one)->gaps[0].missing, 2);
  ASSERT_TRUE(fill(3, 9000).ok());
  ASSERT_TRUE(fill(5, 9500).ok());
  one = s->find_kiosk(office, "k-01");
  ASSERT_TRUE(one.ok() && one->has_value());
  EXPECT_TRUE((*one)->gaps.empty());
  EXPECT_EQ(scalar("SELECT filled_ms FROM seq_gaps"), 9500);
  EXPECT_EQ(scalar("SELECT last_seq FROM kiosks"), 6);
  EXPECT_EQ(scalar("SELECT count(*) FROM events"), 6);

  auto reader = sqlite_reader::open(path_);
  ASSERT_TRUE(reader.ok());
  auto listed = (*reader)->list_kiosks();
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE((*listed)[0].gaps.empty());
}

TEST_F(store_test, a_new_key_starts_a_new_epoch_and_the_old_cursor_stays_out_of_it) {
  auto s = open();
  auto catalog = sqlite_catalog::open(path_);
  ASSERT_TRUE(catalog.ok()) << catalog.err().message;
  const std::string key_a = signing::to_text(signing::generate().pub);
  const std::string key_b = signing::to_text(signing::generate().pub);
  auto first = (*catalog)->enrol(office, "k-01", 123, key_a);
  ASSERT_TRUE(first.ok()) << first.err().message;
  EXPECT_TRUE(first->key_changed);
  EXPECT_EQ(first->kiosk.epoch, 1);
  EXPECT_EQ(first->kiosk.public_key, key_a);
  auto w = events(1, 5);
  w.kiosks[0].info.epoch = 1;
  w.kiosks[0].info.last_seq = 5;
  w.kiosks[0].is_new = false;
  ASSERT_TRUE(s->write(w).ok());
  EXPECT_EQ(scalar("SELECT last_seq FROM kiosks"), 5);
  EXPECT_EQ(scalar("SELECT count(*) FROM events WHERE epoch = 1"), 5);

  auto same = (*catalog)->enrol(office, "k-01", 456, key_a);
  ASSERT_TRUE(same.ok());
  EXPECT_FALSE(same->key_changed) << "the same key again changes nothing";
  EXPECT_EQ(same->kiosk.epoch, 1);
  auto replaced = (*catalog)->enrol(office, "k-01", 789, key_b);
  ASSERT_TRUE(replaced.ok());
  EXPECT_TRUE(replaced->key_changed);
  EXPECT_EQ(replaced->kiosk.epoch, 2);
  EXPECT_EQ(replaced->kiosk.last_seq, 0);
  EXPECT_EQ(replaced->kiosk.public_key, key_b);

  // A batch decided under epoch 1 commits after the replacement: its cursor must not land in epoch 2.
  auto late = events(6, 7);
  late.kiosks[0].info.epoch = 1;
  late.kiosks[0].info.last_seq = 7;
  late.kiosks[0].is_new = false;
  ASSERT_TRUE(s->write(late).ok());
  EXPECT_EQ(scalar("SELECT last_seq FROM kiosks"), 0);
  EXPECT_EQ(text("SELECT public_key FROM kiosks"), key_b);
  EXPECT_EQ(scalar("SELECT epoch FROM kiosks"), 2);
}

TEST_F(store_test, unauthenticated_messages_are_kept_once_per_payload_with_a_count_and_a_4k_head) {
  auto s = open();
  const std::string big(10'000, 'x');
  write_set w;
  unauthenticated_row a;
  a.topic = "pantau/v1/" + office + "/k-01/events";
  a.reason = "bad_signature";
  a.payload = big;
  a.sha256 = std::string(64, 'a');
  a.count = 3;
  a.received_ms = 10;
  a.last_ms = 20;
  w.unauthenticated.push_back(a);
  ASSERT_TRUE(s->write(w).ok());
  w.unauthenticated[0].count = 2;
  w.unauthenticated[0].last_ms = 30;
  ASSERT_TRUE(s->write(w).ok());
  EXPECT_EQ(scalar("SELECT count(*) FROM unauthenticated"), 1);
  EXPECT_EQ(scalar("SELECT count FROM unauthenticated"), 5);
  EXPECT_EQ(scalar("SELECT size FROM unauthenticated"), 10'000);
  EXPECT_EQ(scalar("SELECT length(head) FROM unauthenticated"), 4096);
  EXPECT_EQ(scalar("SELECT first_ms FROM unauthenticated"), 10);
  EXPECT_EQ(scalar("SELECT last_ms FROM unauthenticated"), 30);
}

TEST_F(store_test, a_failed_batch_writes_nothing) {
  auto s = open();
  ASSERT_TRUE(s->write(events(1, 2)).ok());
  // A second writer holding the write lock makes this batch fail after its busy timeout... too slow
  // for a unit test; instead break the schema under the store's feet.
  {
    sqlite3* db = nullptr;
    sqlite3_open(path_.c_str(), &db);
    sqlite3_exec(db, "CREATE TRIGGER no_more BEFORE INSERT ON kiosks BEGIN SELECT RAISE(ABORT, 'nope'); END;",
                 nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  auto w = events(3, 5, "k-09");
  auto r = s->write(w);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.err().message.find("nope"), std::string::npos) << r.err().message;
  EXPECT_EQ(scalar("SELECT count(*) FROM events"), 2) << "the events of the failed batch were rolled back";
  // The store stays usable.
  {
    sqlite3* db = nullptr;
    sqlite3_open(path_.c_str(), &db);
    sqlite3_exec(db, "DROP TRIGGER no_more", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  ASSERT_TRUE(s->write(events(3, 5, "k-09")).ok());
  EXPECT_EQ(scalar("SELECT count(*) FROM events"), 5);
  EXPECT_EQ(scalar("SELECT count(*) FROM clock_anchors WHERE kiosk = 'k-09'"), 1)
      << "the boot anchored by the failed batch is anchored again";
}

TEST_F(store_test, integrity_check_passes_after_many_batches) {
  auto s = open();
  for (int b = 0; b < 20; ++b) ASSERT_TRUE(s->write(events(b * 100 + 1, b * 100 + 100)).ok());
  EXPECT_EQ(scalar("SELECT count(*) FROM events"), 2000);
  EXPECT_EQ(text("PRAGMA integrity_check"), "ok");
}

TEST_F(store_test, the_reader_lists_kiosks_and_reports_health) {
  auto s = open();
  ASSERT_TRUE(s->write(events(1, 3)).ok());
  auto r = sqlite_reader::open(path_);
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_TRUE((*r)->healthy());
  auto list = (*r)->list_kiosks();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].events, 3);
  ASSERT_TRUE(s->write(events(4, 6)).ok());
  EXPECT_EQ((*r)->list_kiosks().value()[0].events, 6) << "the reader sees each commit";
}

TEST_F(store_test, open_reports_the_path_when_it_cannot_work) {
  std::filesystem::create_directories(dir_);
  const std::string bad = (dir_ / "not-a-db").string();
  {
    std::FILE* f = std::fopen(bad.c_str(), "w");
    std::fputs("this is not a database, just text long enough to fill a header page............", f);
    std::fclose(f);
  }
  auto s = sqlite_store::open(bad);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.err().message.find(bad), std::string::npos) << s.err().message;
}

// The alerts' history: a raise, then its clearing, by id; newest first; rows of an unknown kind (a
// newer version's) are skipped; the history outlives the connection.
TEST_F(store_test, the_alert_log_keeps_raises_and_clearings_by_id) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  auto log = sqlite_alert_log::open(path_);
  ASSERT_TRUE(log.ok()) << log.err().message;
  alert_record a;
  a.id = "low_satisfaction/binjai-dukcapil/loket-1/1000";
  a.kind = indicators::alert_kind::low_satisfaction;
  a.subject = "loket-1";
  a.unit = "pendaftaran";
  a.office = office;
  a.raised_ms = 1000;
  a.message = "Kepuasan rendah di loket-1";
  ASSERT_TRUE((*log)->write(a).ok());
  alert_record k = a;
  k.id = "kiosk_offline/binjai-dukcapil/k-01/2000";
  k.kind = indicators::alert_kind::kiosk_offline;
  k.subject = "k-01";
  k.unit.reset();
  k.raised_ms = 2000;
  ASSERT_TRUE((*log)->write(k).ok());
  a.state = alert_state::cleared;
  a.cleared_ms = 5000;
  ASSERT_TRUE((*log)->write(a).ok());
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "INSERT INTO alerts VALUES('x', 'solar_flare', 'o', 's', NULL, 'active', 9000, NULL, 'm')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(raw);
  sqlite3_close(raw);
  log = sqlite_alert_log::open(path_);
  ASSERT_TRUE(log.ok());
  const auto kept = (*log)->recent(10);
  ASSERT_TRUE(kept.ok()) << kept.err().message;
  ASSERT_EQ(kept->size(), 2u);
  EXPECT_EQ((*kept)[0], k);
  EXPECT_EQ((*kept)[1], a);
  EXPECT_EQ((*log)->recent(1)->size(), 1u);
}

// A restart refills the satisfaction windows: the ratings received since a time, oldest first,
// without the other events, read from the newest back.
TEST_F(store_test, the_alert_log_reads_back_the_ratings_received_since_a_time) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  auto w = events(1, 10);
  counter_data c;
  c.counter = "loket-1";
  c.employee = "199001012015031001";
  keep_[6].data = c;  // seq 7 is a counter event, not a rating
  payloads_[6] = encode_event(keep_[6]);
  w.events[6].payload = payloads_[6];
  ASSERT_TRUE(store->write(w).ok());
  auto log = sqlite_alert_log::open(path_);
  ASSERT_TRUE(log.ok()) << log.err().message;

  auto recent = (*log)->ratings_since(1004);  // received 1000 + i: seq 5 onwards
  ASSERT_TRUE(recent.ok()) << recent.err().message;
  std::vector<std::int64_t> seqs;
  for (const auto& e : *recent) seqs.push_back(e.seq);
  EXPECT_EQ(seqs, (std::vector<std::int64_t>{5, 6, 8, 9, 10}));
  EXPECT_EQ((*recent)[0], keep_[4]);
  EXPECT_TRUE((*log)->ratings_since(5000)->empty());
  EXPECT_EQ((*log)->ratings_since(0)->size(), 9u);
}

}  // namespace
}  // namespace pantau::hub

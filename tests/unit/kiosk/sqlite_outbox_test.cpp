// The SQLite outbox on real files: seq is never reused (even after deleting everything and reopening),
// install_id survives, order and ranges behave, batches are atomic, and two connections share a file.
#include "pantau/kiosk/sqlite_outbox.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <set>
#include <thread>

#include "pantau/kiosk/simulator.hpp"
#include "pantau/shared/codec.hpp"
#include "pantau/shared/uuid.hpp"
#include "test_util.hpp"

namespace pantau::kiosk {
namespace {

const kiosk_identity identity{"k-01", "binjai-dukcapil", "0a6f7c8e-8a5e-4d6b-9a0e-1f9c2b7d4e11"};

class sqlite_outbox_test : public ::testing::Test {
 protected:
  std::unique_ptr<sqlite_outbox> open() {
    auto box = sqlite_outbox::open({path()}, event_factory(identity, clk_));
    EXPECT_TRUE(box) << box.err().message;
    return std::move(box).value();
  }
  std::string path() const { return (dir_.path() / "sub" / "outbox.db").string(); }

  // Reads with a separate plain connection, the way an operator or a test would look at the file.
  std::string query_text(const std::string& sql) {
    sqlite3* h = nullptr;
    sqlite3_open_v2(path().c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr);
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != nullptr)
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return out;
  }

  event_data rating(int overall = 4) {
    rating_data r;
    r.counter = "loket-2";
    r.overall = overall;
    return r;
  }

  test_util::temp_dir dir_;
  manual_clock clk_{1'795'000'000'000, 10};
};

TEST_F(sqlite_outbox_test, creates_the_documented_schema_in_wal_mode) {
  auto box = open();
  EXPECT_EQ(query_text("PRAGMA journal_mode"), "wal");
  const auto sql = query_text("SELECT sql FROM sqlite_master WHERE name = 'outbox'");
  EXPECT_NE(sql.find("seq INTEGER PRIMARY KEY AUTOINCREMENT"), std::string::npos) << sql;
  EXPECT_NE(sql.find("id TEXT NOT NULL UNIQUE"), std::string::npos) << sql;
  EXPECT_NE(sql.find("created_ms INTEGER NOT NULL"), std::string::npos) << sql;
  EXPECT_EQ(query_text("SELECT value FROM meta WHERE key = 'install_id'"), box->install_id());
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path() / "sub"))
    EXPECT_EQ(entry.path().filename().string().find(".new-"), std::string::npos) << entry.path();
}

TEST_F(sqlite_outbox_test, first_opens_racing_for_a_new_file_agree_on_one_install) {
  std::vector<std::string> ids(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    threads.emplace_back([&, i] {
      manual_clock clk;
      auto box = sqlite_outbox::open({path()}, event_factory(identity, clk));
      ASSERT_TRUE(box) << box.err().message;
      ids[i] = (*box)->install_id();
      ASSERT_TRUE((*box)->append(rating()));
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& id : ids) EXPECT_EQ(id, ids[0]);
  EXPECT_EQ(*open()->last_seq(), 4);
}

TEST_F(sqlite_outbox_test, append_returns_the_committed_event) {
  auto box = open();
  auto a = box->append(rating(2));
  ASSERT_TRUE(a) << a.err().message;
  EXPECT_EQ(a->seq, 1);
  EXPECT_TRUE(is_valid_uuid(a->id));
  auto e = decode_event(a->payload);
  ASSERT_TRUE(e) << e.err().message;
  EXPECT_EQ(e->seq, 1);
  EXPECT_EQ(e->id, a->id);
  EXPECT_EQ(e->kiosk, "k-01");
  EXPECT_EQ(e->ts_ms, 1'795'000'000'000);
  EXPECT_EQ(query_text("SELECT payload FROM outbox WHERE seq = 1"), a->payload);
  EXPECT_EQ(query_text("SELECT created_ms FROM outbox WHERE seq = 1"), "1795000000000");
  EXPECT_EQ(box->append(rating())->seq, 2);
}

TEST_F(sqlite_outbox_test, seq_never_repeats_after_deleting_everything_and_reopening) {
  std::string install;
  {
    auto box = open();
    install = box->install_id();
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(box->append(rating()));
    const seq_range all[] = {{1, 10}};
    EXPECT_EQ(*box->remove(all, {}), 10);
    EXPECT_EQ(*box->backlog(), 0);
    EXPECT_EQ(*box->last_seq(), 10);
  }
  auto box = open();
  EXPECT_EQ(box->install_id(), install);
  EXPECT_EQ(*box->last_seq(), 10);
  EXPECT_EQ(box->append(rating())->seq, 11);
  const seq_range all[] = {{1, 11}};
  box->remove(all, {});
  box.reset();
  EXPECT_EQ(open()->append(rating())->seq, 12);
}

TEST_F(sqlite_outbox_test, pending_is_in_seq_order_after_a_cursor_with_a_limit) {
  auto box = open();
  std::vector<event_data> batch(20, rating());
  ASSERT_TRUE(box->append_many(batch));
  const std::int64_t gone[] = {3, 4, 9};
  box->remove({}, gone);
  auto p = box->pending(0, 5);
  ASSERT_TRUE(p);
  std::vector<std::int64_t> seqs;
  for (const auto& r : *p) seqs.push_back(r.seq);
  EXPECT_EQ(seqs, (std::vector<std::int64_t>{1, 2, 5, 6, 7}));
  p = box->pending(7, 100);
  ASSERT_EQ(p->size(), 12u);
  EXPECT_EQ(p->front().seq, 8);
  EXPECT_EQ(p->back().seq, 20);
  EXPECT_TRUE(box->pending(20, 10)->empty());
  EXPECT_TRUE(box->pending(0, 0)->empty());
}

TEST_F(sqlite_outbox_test, remove_takes_ranges_and_single_seqs_and_ignores_rows_already_gone) {
  auto box = open();
  std::vector<event_data> batch(30, rating());
  box->append_many(batch);
  const seq_range ranges[] = {{1, 5}, {10, 12}, {28, 40}, {7, 6}};
  const std::int64_t seqs[] = {20, 21, 3};
  EXPECT_EQ(*box->remove(ranges, seqs), 5 + 3 + 3 + 2);
  EXPECT_EQ(*box->backlog(), 30 - 13);
  EXPECT_EQ(*box->remove(ranges, seqs), 0);
  EXPECT_EQ(*box->remove({}, {}), 0);
}

TEST_F(sqlite_outbox_test, append_many_is_one_all_or_nothing_transaction) {
  auto box = open();
  std::vector<event_data> batch(100, rating());
  auto rows = box->append_many(batch);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 100u);
  for (std::size_t i = 0; i < rows->size(); ++i) EXPECT_EQ((*rows)[i].seq, static_cast<std::int64_t>(i + 1));

  rating_data huge;
  huge.counter = std::string(5000, 'x');
  batch.push_back(huge);
  auto failed = box->append_many(batch);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.err().code, errc::too_large);
  EXPECT_EQ(*box->backlog(), 100);
  EXPECT_EQ(*box->last_seq(), 100);
  EXPECT_EQ(box->append(rating())->seq, 101);
  EXPECT_TRUE(box->append_many({})->empty());
}

TEST_F(sqlite_outbox_test, two_connections_share_the_file_and_never_share_a_seq) {
  auto writer_a = open();
  auto writer_b = open();
  EXPECT_EQ(writer_a->install_id(), writer_b->install_id());
  std::vector<std::int64_t> got;
  for (int i = 0; i < 10; ++i) {
    got.push_back(writer_a->append(rating())->seq);
    got.push_back(writer_b->append(rating())->seq);
  }
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], static_cast<std::int64_t>(i + 1));
  EXPECT_EQ(writer_a->pending(0, 100)->size(), 20u);
}

TEST_F(sqlite_outbox_test, concurrent_writers_and_a_deleter_lose_nothing) {
  open();  // schema first, so the threads below only contend for writes
  constexpr int per_thread = 400;
  std::vector<std::int64_t> seqs[2];
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      manual_clock clk(1, 1);
      auto box = sqlite_outbox::open({path()}, event_factory(identity, clk));
      ASSERT_TRUE(box);
      simulator sim({.seed = static_cast<std::uint64_t>(t + 1)});
      for (int i = 0; i < per_thread / 20; ++i) {
        std::vector<event_data> batch;
        for (int j = 0; j < 20; ++j) batch.push_back(sim.next());
        auto rows = (*box)->append_many(batch);
        ASSERT_TRUE(rows) << rows.err().message;
        for (const auto& r : *rows) seqs[t].push_back(r.seq);
      }
    });
  }
  std::int64_t deleted = 0;
  threads.emplace_back([&] {
    manual_clock clk;
    auto box = sqlite_outbox::open({path()}, event_factory(identity, clk));
    ASSERT_TRUE(box);
    for (int i = 0; i < 50; ++i) {
      auto p = (*box)->pending(0, 10);
      ASSERT_TRUE(p);
      if (!p->empty()) {
        const seq_range r[] = {{p->front().seq, p->back().seq}};
        deleted += *(*box)->remove(r, {});
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  for (auto& t : threads) t.join();
  std::set<std::int64_t> all(seqs[0].begin(), seqs[0].end());
  all.insert(seqs[1].begin(), seqs[1].end());
  EXPECT_EQ(all.size(), 2u * per_thread);
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), 2 * per_thread);
  auto box = open();
  EXPECT_EQ(*box->backlog() + deleted, 2 * per_thread);
}

TEST_F(sqlite_outbox_test, a_state_note_is_kept_with_its_events_and_survives_reopening) {
  {
    auto box = open();
    EXPECT_FALSE(box->read_state("kiosk_ui").value().has_value());
    const state_note first{"kiosk_ui", "counter open\nticket A001\n"};
    std::vector<event_data> batch{rating(3), rating(4)};
    auto rows = box->append_with_state(batch, &first);
    ASSERT_TRUE(rows) << rows.err().message;
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ(box->read_state("kiosk_ui").value(), first.value);
    EXPECT_EQ(query_text("SELECT value FROM kiosk_state WHERE key = 'kiosk_ui'"), first.value);
    // A note alone (no events) replaces the value and hands out no seq.
    const state_note second{"kiosk_ui", "counter closed\n"};
    auto none = box->append_with_state({}, &second);
    ASSERT_TRUE(none) << none.err().message;
    EXPECT_TRUE(none->empty());
    EXPECT_EQ(*box->last_seq(), 2);
    // Keys are independent: another part of the kiosk keeps its own.
    const state_note other{"attendance", "x"};
    ASSERT_TRUE(box->append_with_state({}, &other));
  }
  auto box = open();
  EXPECT_EQ(box->read_state("kiosk_ui").value(), "counter closed\n");
  EXPECT_EQ(box->read_state("attendance").value(), "x");
  EXPECT_FALSE(box->read_state("nobody").value().has_value());
  EXPECT_EQ(*box->backlog(), 2);
  EXPECT_EQ(box->append(rating())->seq, 3);
}

TEST_F(sqlite_outbox_test, a_failing_append_leaves_the_old_state) {
  auto box = open();
  const state_note old_note{"kiosk_ui", "ticket A001"};
  ASSERT_TRUE(box->append_with_state(std::vector<event_data>{rating()}, &old_note));

  // The note is written before the events: an event that fails afterwards must take it back.
  rating_data huge;
  huge.counter = std::string(5000, 'x');
  std::vector<event_data> batch{rating(), huge};
  const state_note new_note{"kiosk_ui", "ticket A002"};
  auto failed = box->append_with_state(batch, &new_note);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.err().code, errc::too_large);
  EXPECT_EQ(box->read_state("kiosk_ui").value(), "ticket A001");
  EXPECT_EQ(*box->last_seq(), 1);
  EXPECT_EQ(*box->backlog(), 1);

  // Another connection holds the write lock (a stuck writer): neither the events nor the note land.
  auto quick = sqlite_outbox::open({path(), 100}, event_factory(identity, clk_));
  ASSERT_TRUE(quick) << quick.err().message;
  sqlite3* locker = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &locker), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(locker, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto busy = (*quick)->append_with_state(std::vector<event_data>{rating()}, &new_note);
  EXPECT_FALSE(busy);
  sqlite3_exec(locker, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(locker);
  EXPECT_EQ(box->read_state("kiosk_ui").value(), "ticket A001");
  EXPECT_EQ(*box->last_seq(), 1);

  // And the same change goes through once the file is free.
  ASSERT_TRUE((*quick)->append_with_state(std::vector<event_data>{rating()}, &new_note));
  EXPECT_EQ(box->read_state("kiosk_ui").value(), "ticket A002");
  EXPECT_EQ(*box->last_seq(), 2);
}

TEST_F(sqlite_outbox_test, an_unusable_path_is_an_error_naming_the_file) {
  auto box = sqlite_outbox::open({"/proc/pantau-no-such/outbox.db"}, event_factory(identity, clk_));
  ASSERT_FALSE(box);
  EXPECT_NE(box.err().message.find("/proc/pantau-no-such/outbox.db"), std::string::npos) << box.err().message;
}

}  // namespace
}  // namespace pantau::kiosk

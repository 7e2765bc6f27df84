// The station without any screen: badge scans and the push button reach the counter through it, are
// committed to a real SQLite outbox and kept for a restart; listeners get the state at once and each
// command's reply before the state it led to.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "pantau/kiosk/button_watcher.hpp"
#include "pantau/kiosk/push_button.hpp"
#include "pantau/kiosk/sqlite_outbox.hpp"
#include "pantau/kiosk/station.hpp"
#include "pantau/shared/event_codec.hpp"
#include "test_util.hpp"

namespace pantau::kiosk {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t thursday_0745_wib = 1'795'398'300'000;  // 2026-11-26T00:45:00Z
constexpr const char* nip = "198503152010011001";
const kiosk_identity identity{"k-01", "binjai-dukcapil", "0a6f7c8e-8a5e-4d6b-9a0e-1f9c2b7d4e11"};

// What the station published, in order, for the test thread to wait on.
class recorder {
 public:
  void add(std::string what) {
    {
      std::lock_guard lock(m_);
      seen_.push_back(std::move(what));
    }
    cv_.notify_all();
  }
  void view(const station_view& v) {
    std::string line = "state ticket=" + v.snapshot.ticket.value_or("-") +
                       " employee=" + (v.snapshot.employee ? v.snapshot.employee->nip : std::string("-"));
    add(std::move(line));
  }
  bool wait_for(const std::string& what) {
    std::unique_lock lock(m_);
    return cv_.wait_for(lock, 10s, [&] { return std::find(seen_.begin(), seen_.end(), what) != seen_.end(); });
  }
  std::vector<std::string> seen() {
    std::lock_guard lock(m_);
    return seen_;
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  std::vector<std::string> seen_;
};

class station_test : public ::testing::Test {
 protected:
  std::unique_ptr<station> start() {
    auto box = sqlite_outbox::open({db_, 3000}, event_factory(identity, clk_));
    EXPECT_TRUE(box.ok()) << box.err().message;
    station_options o;
    o.kiosk = identity.kiosk;
    o.office = identity.office;
    o.ui.counter = "loket-2";
    auto st = station::start(std::move(o), std::move(box).value(), clk_);
    EXPECT_TRUE(st.ok()) << st.err().message;
    return std::move(st).value();
  }
  std::vector<std::string> service_starts() {
    auto box = sqlite_outbox::open({db_, 3000}, event_factory(identity, clk_));
    EXPECT_TRUE(box.ok());
    auto rows = (*box)->pending(0, 1000);
    EXPECT_TRUE(rows.ok());
    std::vector<std::string> tickets;
    for (const auto& r : *rows) {
      auto e = decode_event(r.payload);
      EXPECT_TRUE(e.ok()) << r.payload;
      if (!e) continue;
      if (const auto* s = std::get_if<service_data>(&e->data); s && s->action == service_data::action_t::start)
        tickets.push_back(s->ticket);
    }
    return tickets;
  }

  test_util::temp_dir dir_;
  std::string db_ = (dir_.path() / "outbox.db").string();
  manual_clock clk_{thursday_0745_wib, 5'000'000};
};

TEST_F(station_test, badge_scans_and_the_button_work_without_any_screen_and_survive_a_restart) {
  {
    auto st = start();
    recorder seen;
    st->subscribe([&](const station_view& v) { seen.view(v); });
    st->badge_scanned(nip, attendance_data::action_t::in, clk_.utc_ms());
    fake_push_button button;
    button_watcher watcher(button, [&] { st->next_citizen(); }, nullptr, 20);
    watcher.start();
    ASSERT_TRUE(seen.wait_for(std::string("state ticket=- employee=") + nip));
    st->submit({.op = ui_op::counter, .action = counter_data::action_t::open}, nullptr);
    button.press();
    ASSERT_TRUE(seen.wait_for(std::string("state ticket=A001 employee=") + nip));
    button.press();
    ASSERT_TRUE(seen.wait_for(std::string("state ticket=A002 employee=") + nip));
    watcher.stop();
    st->stop();
  }
  EXPECT_EQ(service_starts(), (std::vector<std::string>{"A001", "A002"}));

  // A new station on the same outbox: the employee and the tickets of the day are back.
  auto again = start();
  recorder seen;
  again->subscribe([&](const station_view& v) { seen.view(v); });
  EXPECT_TRUE(seen.wait_for(std::string("state ticket=A002 employee=") + nip)) << seen.seen().front();
  again->next_citizen();
  EXPECT_TRUE(seen.wait_for(std::string("state ticket=A003 employee=") + nip));
  again->stop();
  EXPECT_EQ(service_starts(), (std::vector<std::string>{"A001", "A002", "A003"}));
}

TEST_F(station_test, a_reply_comes_after_the_commit_and_before_the_state_it_led_to) {
  auto st = start();
  recorder seen;
  st->subscribe([&](const station_view& v) { seen.view(v); });
  st->badge_scanned(nip, attendance_data::action_t::in, clk_.utc_ms());
  st->submit({.op = ui_op::counter, .action = counter_data::action_t::open}, nullptr);
  st->submit({.op = ui_op::next}, [&](const result<ui_outcome>& r, panel_screen) {
    seen.add(r ? "reply " + r->ticket.value_or("?") + " seq>0=" + std::to_string(r->seq > 0)
               : "refused " + r.err().message);
  });
  ASSERT_TRUE(seen.wait_for("reply A001 seq>0=1"));
  ASSERT_TRUE(seen.wait_for(std::string("state ticket=A001 employee=") + nip));
  const auto all = seen.seen();
  const auto reply = std::find(all.begin(), all.end(), "reply A001 seq>0=1");
  const auto state = std::find(all.begin(), all.end(), std::string("state ticket=A001 employee=") + nip);
  EXPECT_LT(reply - all.begin(), state - all.begin());
  EXPECT_EQ(service_starts(), std::vector<std::string>{"A001"});
}

}  // namespace
}  // namespace pantau::kiosk

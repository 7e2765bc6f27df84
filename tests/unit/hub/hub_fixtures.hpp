#pragma once
// Real parts for the hub's query and API tests: a SQLite file of the test's own holding the demo
// organisation with events written to it by hand, and the router answering as whichever principal a
// test names (no server, no sessions).
// Thread-safety: none; each test owns its objects.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pantau/hub/core/access.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/http/router.hpp"
#include "pantau/hub/indicators/time_zone.hpp"
#include "pantau/hub/store/sqlite_store.hpp"
#include "pantau/shared/codec.hpp"
#include "pantau/shared/uuid.hpp"

namespace pantau::hub::test {

inline const std::string demo_office = "binjai-dukcapil";
inline const principal admin{"admin", role::admin, {}};
inline const principal supervisor{"sup", role::supervisor, {"pendaftaran"}};  // demo unit of loket-1

// The demo organisation watched from 1 January 2025 on, so that the tests' days count (a unit that never
// sent an event is not watched at all).
inline organisation watched_demo_organisation(indicators::civil_date since = {2025, 1, 1}) {
  auto org = demo_organisation();
  for (auto& u : org.units) u.tracking_since = since;
  return org;
}

// Each test gets a fresh store file holding the demo organisation (or the one it opens with), events
// from kiosk k-01 of the demo office at WIB times, and the file removed afterwards.
class demo_store_test : public ::testing::Test {
 protected:
  void SetUp() override { open_store(watched_demo_organisation()); }
  void TearDown() override {
    catalog_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Named after the suite and the test so that tests of one binary never share a file.
  void open_store(const organisation& org) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() / ("pantau-hub-" + std::string(info->test_suite_name()) + "-" +
                                                     std::to_string(::getpid()) + "-" + info->name());
    std::filesystem::remove_all(dir_);
    const auto path = (dir_ / "hub.db").string();
    store_ = std::move(sqlite_store::open(path)).value();
    catalog_ = std::move(sqlite_catalog::open(path)).value();
    ASSERT_TRUE(catalog_->put_org(org).ok());
  }

  // Writes the events as one committed batch, as the ingest worker would.
  void store_events(std::vector<pantau::event> events) {
    keep_ = std::move(events);
    payloads_.clear();
    for (auto& e : keep_) payloads_.push_back(encode_event(e));
    write_set w;
    for (std::size_t i = 0; i < keep_.size(); ++i) w.events.push_back({&keep_[i], payloads_[i], 1, 0});
    auto r = store_->write(w);
    ASSERT_TRUE(r.ok()) << r.err().message;
  }

  // An event at a WIB wall-clock time: `minute` of the day `d`, plus `second`.
  pantau::event at(indicators::civil_date d, int minute, int second, event_data data) {
    pantau::event e;
    e.id = ids_.next();
    e.office = demo_office;
    e.kiosk = "k-01";
    e.seq = ++seq_;
    e.prev = std::string(chain_start);
    e.boot = "b";
    e.ts_ms = indicators::to_utc_ms(d, minute, indicators::zone::wib) + second * 1000;
    e.data = std::move(data);
    return e;
  }
  pantau::event at(indicators::civil_date d, int minute, event_data data) { return at(d, minute, 0, std::move(data)); }

  std::filesystem::path dir_;
  std::unique_ptr<sqlite_store> store_;
  std::unique_ptr<sqlite_catalog> catalog_;

 private:
  std::vector<pantau::event> keep_;  // the batch's events and payloads must outlive the write
  std::vector<std::string> payloads_;
  uuid_generator ids_;
  std::int64_t seq_ = 0;
};

// The router with a stand-in authenticator: each request is answered as the principal the test passes
// (nullopt: no session).
class api_router {
 public:
  api_router() {
    routes.set_authenticator([this](const http::request&) { return who_; });
  }
  api_router(const api_router&) = delete;
  api_router& operator=(const api_router&) = delete;

  http::response send(http::bhttp::verb v, const std::string& target, std::optional<principal> who,
                      std::string body = {}) {
    who_ = std::move(who);
    http::request req{v, target, 11};
    req.set(http::bhttp::field::host, "127.0.0.1");
    if (!body.empty())
      req.set(http::bhttp::field::content_type, target.ends_with(".csv") ? "text/csv" : "application/json");
    req.body() = std::move(body);
    req.prepare_payload();
    return routes.dispatch(req);
  }
  http::response get(const std::string& target, std::optional<principal> who) {
    return send(http::bhttp::verb::get, target, std::move(who));
  }

  http::router routes;

 private:
  std::optional<principal> who_;
};

// Event data by hand.
inline attendance_data attendance(const std::string& nip, attendance_data::action_t a) {
  attendance_data d;
  d.employee = nip;
  d.action = a;
  return d;
}
inline rating_data rating(const std::string& counter, std::optional<std::string> employee, int overall) {
  rating_data r;
  r.counter = counter;
  r.employee = std::move(employee);
  r.overall = overall;
  return r;
}

}  // namespace pantau::hub::test

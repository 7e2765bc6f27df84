// The organisation's owner: read once, answered from memory, an edit reaches memory and the listeners
// only after the store took it, and a subscribed consumer hears an edit with no timer involved.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "hub_fakes.hpp"
#include "hub_fixtures.hpp"
#include "pantau/hub/mqtt/config_publisher.hpp"
#include "pantau/hub/service/organisation_service.hpp"
#include "pantau/shared/codec.hpp"

namespace pantau::hub {
namespace {

const employee_info dayang{"199203042019031004", "Dayang Mariani", "pendaftaran"};

organisation with_employee(const employee_info& e) {
  organisation items;
  items.employees.push_back(e);
  return items;
}

struct recording_listener final : org_listener {
  void org_changed(std::shared_ptr<const organisation> org) override { told.push_back(std::move(org)); }
  std::vector<std::shared_ptr<const organisation>> told;
};

// A store in memory that counts reads, can refuse writes, and notes what the listener had heard by
// the time it was written to.
class counting_store final : public org_directory {
 public:
  result<organisation> load_org() override {
    ++loads;
    return org;
  }
  result<bool> put_org(const organisation& items) override {
    if (listener != nullptr) told_at_write.push_back(listener->told.size());
    if (refuse) return error{errc::store_error, "disk full"};
    org = merge_org(org, items);
    return true;
  }

  organisation org = demo_organisation();
  int loads = 0;
  bool refuse = false;
  const recording_listener* listener = nullptr;
  std::vector<std::size_t> told_at_write;
};

TEST(organisation_service, reads_the_store_once_and_answers_from_memory) {
  counting_store store;
  auto orgs = organisation_service::open(store);
  ASSERT_TRUE(orgs.ok());
  for (int i = 0; i < 3; ++i) {
    auto org = (*orgs)->load_org();
    ASSERT_TRUE(org.ok());
    EXPECT_EQ(*org, demo_organisation());
  }
  EXPECT_EQ(*(*orgs)->current(), demo_organisation());
  EXPECT_EQ(store.loads, 1);
}

TEST(organisation_service, announces_only_after_the_store_took_the_edit) {
  counting_store store;
  auto orgs = organisation_service::open(store).value();
  recording_listener heard;
  store.listener = &heard;
  orgs->subscribe(heard);
  ASSERT_EQ(heard.told.size(), 1U) << "a new listener hears the organisation at once";
  EXPECT_EQ(heard.told[0], orgs->current());

  ASSERT_TRUE(orgs->put_org(with_employee(dayang)).ok());
  EXPECT_EQ(store.told_at_write, std::vector<std::size_t>{1}) << "told before the store was written";
  ASSERT_EQ(heard.told.size(), 2U);
  EXPECT_EQ(heard.told[1], orgs->current());
  EXPECT_NE(heard.told[1]->find_employee(dayang.nip), nullptr);
  EXPECT_EQ(*orgs->current(), store.org) << "memory holds what the store holds";

  ASSERT_TRUE(orgs->put_org(with_employee(dayang)).ok());
  EXPECT_EQ(heard.told.size(), 2U) << "an edit that changes nothing is not announced";

  orgs->unsubscribe(heard);
  ASSERT_TRUE(orgs->put_org(with_employee({"199203042019031004", "Dayang M.", "pendaftaran"})).ok());
  EXPECT_EQ(heard.told.size(), 2U);
  EXPECT_EQ(store.loads, 1);
}

TEST(organisation_service, a_refused_write_changes_nothing) {
  counting_store store;
  auto orgs = organisation_service::open(store).value();
  recording_listener heard;
  orgs->subscribe(heard);
  const auto before = orgs->current();
  store.refuse = true;
  const auto r = orgs->put_org(with_employee(dayang));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::store_error);
  EXPECT_EQ(orgs->current(), before);
  EXPECT_EQ(orgs->current()->find_employee(dayang.nip), nullptr);
  EXPECT_EQ(heard.told.size(), 1U);
}

class organisation_service_store_test : public test::demo_store_test {};

TEST_F(organisation_service_store_test, memory_follows_the_sqlite_store_and_its_refusals) {
  auto orgs = organisation_service::open(*catalog_).value();
  recording_listener heard;
  orgs->subscribe(heard);

  // The store validates the merged organisation: an employee of an unknown unit is refused.
  const auto refused = orgs->put_org(with_employee({"199203042019031004", "Dayang Mariani", "no-such-unit"}));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.err().code, errc::invalid_org);
  EXPECT_EQ(heard.told.size(), 1U);
  EXPECT_EQ(orgs->current()->find_employee(dayang.nip), nullptr);

  organisation items = with_employee(dayang);
  items.holidays.push_back({test::demo_office, {2026, 12, 25}, "Natal"});
  items.counters.push_back({test::demo_office, "loket-0", "pengaduan"});
  ASSERT_TRUE(orgs->put_org(items).ok());
  ASSERT_EQ(heard.told.size(), 2U);
  auto stored = catalog_->load_org();
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*heard.told[1], *stored) << "the same organisation, in the same order, as a fresh read";
}

// What the publisher sent, for a test thread to wait on.
struct published {
  bool add(const std::string& topic, const std::string& payload) {
    std::lock_guard lock(mu);
    payloads.push_back(payload);
    (void)topic;
    cv.notify_all();
    return true;
  }
  // The bound only keeps a broken build from hanging: the publisher's interval is an hour.
  bool wait_for(std::size_t n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(30), [&] { return payloads.size() >= n; });
  }
  std::string at(std::size_t i) {
    std::lock_guard lock(mu);
    return payloads.at(i);
  }
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> payloads;
};

TEST_F(organisation_service_store_test, an_edit_reaches_the_kiosk_config_at_once_not_on_a_timer) {
  auto orgs = organisation_service::open(*catalog_).value();
  manual_clock clk(1795307462123);
  published sent;
  config_publisher_options options;
  options.every = std::chrono::hours(1);
  config_publisher pub(
      *orgs, [&](const std::string& t, const std::string& p) { return sent.add(t, p); }, [] { return 1; }, clk,
      options);
  pub.add_kiosk(test::demo_office, "k-01");
  pub.start();
  ASSERT_TRUE(sent.wait_for(1));
  auto first = decode_settings(sent.at(0));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->find_employee(dayang.nip), nullptr);

  ASSERT_TRUE(orgs->put_org(with_employee(dayang)).ok());
  ASSERT_TRUE(sent.wait_for(2)) << "the edit was not published without waiting for the interval";
  auto second = decode_settings(sent.at(1));
  ASSERT_TRUE(second.ok());
  EXPECT_NE(second->find_employee(dayang.nip), nullptr);
  pub.stop();
}

}  // namespace
}  // namespace pantau::hub

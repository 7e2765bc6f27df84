#include "pantau/shared/topics.hpp"

#include <gtest/gtest.h>

#include <string>

#include "pantau/shared/event.hpp"

namespace pantau {
namespace {

TEST(topics, builds_every_kind) {
  EXPECT_EQ(topics::make("binjai-dukcapil", "k-01", topics::kind::events), "pantau/v1/binjai-dukcapil/k-01/events");
  EXPECT_EQ(topics::make("o", "k", topics::kind::ack), "pantau/v1/o/k/ack");
  EXPECT_EQ(topics::make("o", "k", topics::kind::status), "pantau/v1/o/k/status");
  EXPECT_EQ(topics::make("o", "k", topics::kind::config), "pantau/v1/o/k/config");
}

TEST(topics, parse_inverts_make) {
  for (auto k : {topics::kind::events, topics::kind::ack, topics::kind::status, topics::kind::config}) {
    const auto p = topics::parse(topics::make("binjai-dukcapil", "k-01", k));
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(p->office, "binjai-dukcapil");
    EXPECT_EQ(p->kiosk, "k-01");
    EXPECT_EQ(p->kind, k);
  }
}

TEST(topics, parse_rejects_everything_outside_the_contract) {
  for (const char* bad : {"", "pantau", "pantau/v1", "pantau/v1/o/k", "pantau/v1/o/k/", "pantau/v2/o/k/events",
                          "Pantau/v1/o/k/events", "/pantau/v1/o/k/events", "pantau/v1/o/k/events/extra",
                          "pantau/v1/o/k/telemetry", "pantau/v1/+/k/events", "pantau/v1/o/+/events",
                          "pantau/v1/o/#", "pantau/v1/o/k/#", "pantau/v1//k/events", "pantau/v1/o//events",
                          "pantau/v1/Not_Valid/k/events", "pantau/v1/o/K-01/events",
                          "$share/g/pantau/v1/o/k/events", "pantau/v1/o/k/Events"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(topics::parse(bad).has_value());
  }
  const std::string long_name(49, 'a');
  EXPECT_FALSE(topics::parse("pantau/v1/" + long_name + "/k/events").has_value());
  EXPECT_TRUE(topics::parse("pantau/v1/" + std::string(48, 'a') + "/k/events").has_value());
}

TEST(topics, names_are_lowercase_alnum_and_dash) {
  EXPECT_TRUE(topics::is_valid_name("k-01"));
  EXPECT_TRUE(topics::is_valid_name("binjai-dukcapil"));
  EXPECT_TRUE(topics::is_valid_name(std::string(48, 'z')));
  EXPECT_FALSE(topics::is_valid_name(""));
  EXPECT_FALSE(topics::is_valid_name(std::string(49, 'z')));
  for (const char* bad : {"K-01", "k_01", "k 01", "k/01", "+", "#", "k.01", "k\xc3\xa9"}) {
    EXPECT_FALSE(topics::is_valid_name(bad)) << bad;
  }
}

TEST(topics, filters_for_the_hub) {
  EXPECT_EQ(topics::filter(topics::kind::events), "pantau/v1/+/+/events");
  EXPECT_EQ(topics::filter(topics::kind::status), "pantau/v1/+/+/status");
  EXPECT_EQ(topics::filter(topics::kind::events, "pantau-hub"), "$share/pantau-hub/pantau/v1/+/+/events");
}

TEST(event_model, type_names_round_trip) {
  for (auto t : {event_type::attendance, event_type::counter, event_type::service, event_type::rating}) {
    EXPECT_EQ(parse_event_type(to_string(t)), t);
  }
  EXPECT_EQ(std::string(to_string(event_type::rating)), "rating");
  EXPECT_FALSE(parse_event_type("Rating").has_value());
  EXPECT_FALSE(parse_event_type("").has_value());
}

TEST(event_model, type_follows_the_data_alternative) {
  event e;
  e.data = service_data{};
  EXPECT_EQ(e.type(), event_type::service);
  e.data = rating_data{};
  EXPECT_EQ(e.type(), event_type::rating);
}

}  // namespace
}  // namespace pantau

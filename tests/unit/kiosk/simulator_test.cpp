// The simulator must be deterministic per seed and tell a consistent story: valid NIPs, counters
// opened by present staff, every service end preceded by its start, ratings mostly 3-4.
#include "pantau/kiosk/simulator.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <variant>

#include "pantau/kiosk/event_factory.hpp"
#include "pantau/shared/codec.hpp"

namespace pantau::kiosk {
namespace {

std::vector<event_data> run(sim_options o, int n) {
  simulator s(o);
  std::vector<event_data> out;
  for (int i = 0; i < n; ++i) out.push_back(s.next());
  return out;
}

TEST(simulator, same_seed_same_story_other_seed_other_story) {
  EXPECT_EQ(run({.seed = 42}, 500), run({.seed = 42}, 500));
  EXPECT_NE(run({.seed = 42}, 500), run({.seed = 43}, 500));
  EXPECT_EQ(simulator({.seed = 9}).roster()[0].nip, simulator({.seed = 9}).roster()[0].nip);
}

TEST(simulator, roster_has_unique_valid_nips_and_counters_are_named_loket) {
  simulator s({.seed = 5, .employees = 30, .counters = 3});
  std::set<std::string> nips;
  for (const auto& e : s.roster()) {
    EXPECT_EQ(e.nip.size(), 18u);
    EXPECT_TRUE(is_valid_nip(e.nip)) << e.nip;
    EXPECT_FALSE(e.name.empty());
    nips.insert(e.nip);
  }
  EXPECT_EQ(nips.size(), 30u);
  EXPECT_EQ(s.counters(), (std::vector<std::string>{"loket-1", "loket-2", "loket-3"}));
}

TEST(simulator, every_event_encodes_and_decodes_unchanged) {
  manual_clock clk(1'790'000'000'000, 5000);
  event_factory f({"k-01", "binjai-dukcapil", "6f1c1a52-7f0e-4bb1-9a57-9f5bbd2c3a10"}, clk);
  simulator s({.seed = 11});
  for (int i = 1; i <= 3000; ++i) {
    event e = f.make(s.next(), i);
    auto back = decode_event(encode_event(e));
    ASSERT_TRUE(back) << back.err().code << ": " << back.err().message << "\n" << encode_event(e);
    ASSERT_EQ(*back, e);
  }
}

TEST(simulator, mixed_story_is_consistent) {
  simulator s({.seed = 3});
  std::set<std::string> present;
  std::map<std::string, std::string> counter_holder;        // counter -> NIP while open
  std::map<std::string, std::string> open_ticket;           // counter -> ticket being served
  std::map<std::size_t, int> types;
  int ratings = 0, good = 0, with_elements = 0;
  std::set<std::string> tickets;
  for (int i = 0; i < 20000; ++i) {
    auto d = s.next();
    ++types[d.index()];
    if (auto* a = std::get_if<attendance_data>(&d)) {
      if (a->action == attendance_data::action_t::in) {
        EXPECT_FALSE(present.count(a->employee)) << "checked in twice";
        present.insert(a->employee);
      } else {
        EXPECT_TRUE(present.count(a->employee)) << "checked out while not in";
        for (const auto& [c, who] : counter_holder) EXPECT_NE(who, a->employee) << "left with " << c << " open";
        present.erase(a->employee);
      }
      EXPECT_EQ(a->photo.has_value(), a->face != attendance_data::face_t::unchecked);
    } else if (auto* c = std::get_if<counter_data>(&d)) {
      if (c->action == counter_data::action_t::open) {
        EXPECT_FALSE(counter_holder.count(c->counter));
        EXPECT_TRUE(present.count(c->employee)) << "opened a counter without checking in";
        counter_holder[c->counter] = c->employee;
      } else {
        ASSERT_TRUE(counter_holder.count(c->counter));
        EXPECT_EQ(counter_holder[c->counter], c->employee);
        EXPECT_FALSE(open_ticket.count(c->counter)) << "left in the middle of a service";
        if (c->action == counter_data::action_t::close) counter_holder.erase(c->counter);
      }
    } else if (auto* v = std::get_if<service_data>(&d)) {
      ASSERT_TRUE(counter_holder.count(v->counter));
      EXPECT_EQ(counter_holder[v->counter], v->employee);
      if (v->action == service_data::action_t::start) {
        EXPECT_FALSE(open_ticket.count(v->counter));
        EXPECT_TRUE(tickets.insert(v->ticket).second) << v->ticket;
        open_ticket[v->counter] = v->ticket;
      } else {
        ASSERT_TRUE(open_ticket.count(v->counter));
        EXPECT_EQ(open_ticket[v->counter], v->ticket);
        open_ticket.erase(v->counter);
      }
    } else if (auto* r = std::get_if<rating_data>(&d)) {
      ++ratings;
      ASSERT_TRUE(r->overall);
      if (*r->overall >= 3) ++good;
      if (r->elements) ++with_elements;
    }
  }
  EXPECT_EQ(types.size(), 4u);
  for (const auto& [t, n] : types) EXPECT_GT(n, 500) << "type " << t;
  const double good_share = static_cast<double>(good) / ratings;
  EXPECT_GT(good_share, 0.75);
  EXPECT_LT(good_share, 0.97);
  const double element_share = static_cast<double>(with_elements) / ratings;
  EXPECT_GT(element_share, 0.08);
  EXPECT_LT(element_share, 0.35);
}

TEST(simulator, tickets_count_up_from_a001) {
  simulator s({.seed = 1, .mix = sim_mix::service, .counters = 1});
  auto first = std::get<service_data>(s.next());
  auto second = std::get<service_data>(s.next());
  auto third = std::get<service_data>(s.next());
  EXPECT_EQ(first.ticket, "A001");
  EXPECT_EQ(first.action, service_data::action_t::start);
  EXPECT_EQ(second.ticket, "A001");
  EXPECT_EQ(second.action, service_data::action_t::end);
  EXPECT_EQ(third.ticket, "A002");
}

TEST(simulator, a_single_kind_gives_only_that_kind) {
  const std::pair<sim_mix, std::size_t> kinds[] = {
      {sim_mix::attendance, 0}, {sim_mix::counter, 1}, {sim_mix::service, 2}, {sim_mix::rating, 3}};
  for (auto [mix, index] : kinds) {
    for (const auto& d : run({.seed = 8, .mix = mix}, 400)) ASSERT_EQ(d.index(), index) << to_string(mix);
  }
}

TEST(simulator, parses_its_mix_names) {
  for (auto m : {sim_mix::mixed, sim_mix::attendance, sim_mix::counter, sim_mix::service, sim_mix::rating})
    EXPECT_EQ(parse_sim_mix(to_string(m)), m);
  EXPECT_FALSE(parse_sim_mix("teleport"));
}

}  // namespace
}  // namespace pantau::kiosk

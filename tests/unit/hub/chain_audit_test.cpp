// Tamper evidence over one kiosk install's chain, with hand-made chains sealed by a known key: an intact
// chain, an edited event, a removed one, one filed under another seq, a recorded gap, and a chain whose key
// is not the one that signed it.
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "pantau/hub/core/chain_audit.hpp"
#include "pantau/shared/event_codec.hpp"
#include "pantau/shared/sha256.hpp"

namespace pantau::hub {
namespace {

const signing::key_pair kiosk_key = signing::from_seed("kiosk k-01 of binjai-dukcapil ..");
const signing::key_pair other_key = signing::from_seed("another kiosk entirely, not k-01");

// `n` sealed events of one install, each naming the hash of the one before (as a kiosk's outbox makes them).
std::vector<chain_row> chain_of(int n, const signing::key_pair& key = kiosk_key, int history = 1) {
  std::vector<chain_row> rows;
  std::string prev(chain_start);
  for (int seq = 1; seq <= n; ++seq) {
    event e;
    e.id = "5f0c7a4e-2b7d-4c1e-9a3f-0d8e6b1c2" + std::to_string(100 * history + seq);
    e.kiosk = "k-01";
    e.office = "binjai-dukcapil";
    e.seq = seq;
    e.prev = prev;
    e.boot = "0f3e8d2c-1b4a-4f5e-8c7d-6a5b4c3d2e1f";
    e.mono_ms = 1000 * seq;
    e.ts_ms = 1'795'398'300'000 + 1000 * seq;
    e.clock = clock_state::synced;
    e.data = counter_data{"loket-1", "198503152010011001", counter_data::action_t::open};
    std::string payload = signing::seal(encode_event(e), key.secret);
    prev = sha256_hex(payload);
    rows.push_back({seq, std::move(payload), false});
  }
  return rows;
}

std::vector<std::string> problems(const chain_report& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings)
    out.push_back(std::string(to_string(f.problem)) + " " + std::to_string(f.from_seq) +
                  (f.to_seq != f.from_seq ? ".." + std::to_string(f.to_seq) : ""));
  return out;
}

TEST(chain_audit, an_intact_chain_has_nothing_to_say_in_any_order) {
  auto rows = chain_of(5);
  std::swap(rows[0], rows[3]);  // the store's row order does not matter, the signed seqs do
  const auto r = audit_chain(rows, kiosk_key.pub);
  EXPECT_TRUE(r.intact());
  EXPECT_TRUE(r.findings.empty()) << ::testing::PrintToString(problems(r));
  EXPECT_EQ(r.events, 5);
  EXPECT_EQ(r.last_seq, 5);
}

TEST(chain_audit, an_edited_event_is_named_and_only_it) {
  auto rows = chain_of(5);
  const auto at = rows[2].payload.find("\"open\"");
  ASSERT_NE(at, std::string::npos);
  rows[2].payload.replace(at, 6, "\"shut\"");  // same length, other meaning
  const auto r = audit_chain(rows, kiosk_key.pub);
  EXPECT_FALSE(r.intact());
  EXPECT_EQ(problems(r), std::vector<std::string>{"altered 3"});
}

TEST(chain_audit, removed_events_are_named_as_missing) {
  auto rows = chain_of(6);
  rows.erase(rows.begin() + 2, rows.begin() + 4);  // seqs 3 and 4
  const auto r = audit_chain(rows, kiosk_key.pub);
  EXPECT_FALSE(r.intact());
  EXPECT_EQ(problems(r), std::vector<std::string>{"missing 3..4"});
  rows.erase(rows.begin());  // and the first
  EXPECT_EQ(problems(audit_chain(rows, kiosk_key.pub)), (std::vector<std::string>{"missing 1", "missing 3..4"}));
}

TEST(chain_audit, events_filed_under_other_seqs_are_named_as_reordered) {
  auto rows = chain_of(4);
  std::swap(rows[1].stored_seq, rows[2].stored_seq);  // the seq column edited, the signed payloads untouched
  const auto r = audit_chain(rows, kiosk_key.pub);
  EXPECT_FALSE(r.intact());
  EXPECT_EQ(problems(r), (std::vector<std::string>{"reordered 2..3", "reordered 3..2"}));
}

TEST(chain_audit, a_recorded_gap_is_named_but_leaves_the_chain_intact) {
  auto rows = chain_of(6);
  rows.erase(rows.begin() + 3);  // seq 4 never arrived
  const auto r = audit_chain(rows, kiosk_key.pub, {seq_gap{4, 4}});
  EXPECT_TRUE(r.intact());
  EXPECT_EQ(problems(r), std::vector<std::string>{"gap 4"});
  // A gap says nothing about other holes.
  rows.erase(rows.begin() + 1);
  EXPECT_EQ(problems(audit_chain(rows, kiosk_key.pub, {seq_gap{4, 4}})),
            (std::vector<std::string>{"missing 2", "gap 4"}));
}

TEST(chain_audit, a_chain_under_another_key_proves_nothing) {
  const auto rows = chain_of(2, other_key);
  EXPECT_EQ(problems(audit_chain(rows, kiosk_key.pub)), (std::vector<std::string>{"altered 1", "altered 2"}));
  EXPECT_EQ(problems(audit_chain(rows, std::nullopt)), (std::vector<std::string>{"altered 1", "altered 2"}));
}

TEST(chain_audit, an_event_replaced_by_a_validly_signed_one_of_another_chain_breaks_the_link) {
  auto rows = chain_of(4);
  const auto fork = chain_of(4, kiosk_key, 2);  // same key, same seqs, other ids: a second history
  ASSERT_NE(fork[2].payload, rows[2].payload);
  rows[2] = fork[2];
  // fork[2] names fork[1] as its predecessor; rows[3] names the original rows[2].
  EXPECT_EQ(problems(audit_chain(rows, kiosk_key.pub)), (std::vector<std::string>{"reordered 3", "reordered 4"}));
}

TEST(chain_audit, a_signed_seq_at_int64_max_is_one_missing_range_not_a_walk_to_the_end_of_time) {
  auto rows = chain_of(3);
  // The first event again, re-sealed under seq INT64_MAX, as a stolen key could.
  std::string scratch;
  event e = *decode_event(*signing::open(rows[0].payload, kiosk_key.pub, scratch));
  e.seq = std::numeric_limits<std::int64_t>::max();
  e.id = "5f0c7a4e-2b7d-4c1e-9a3f-0d8e6b1c2999";
  rows.push_back({e.seq, signing::seal(encode_event(e), kiosk_key.secret), true});
  const auto r = audit_chain(rows, kiosk_key.pub);
  EXPECT_EQ(r.last_seq, std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(problems(r), std::vector<std::string>{"missing 4..9223372036854775806"});
}

}  // namespace
}  // namespace pantau::hub

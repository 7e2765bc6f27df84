#pragma once
// Hand-made events, an in-memory event_store and an in-memory organisation for the hub's unit tests.
// Thread-safety: none; each test owns its objects.
#include <atomic>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "pantau/hub/core/event_store.hpp"
#include "pantau/hub/core/ingest.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/shared/codec.hpp"
#include "pantau/shared/sha256.hpp"
#include "pantau/shared/signing.hpp"
#include "pantau/shared/topics.hpp"

namespace pantau::hub::test {

inline std::string uuid_of(std::int64_t n, int install = 0) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-8%03d-%012lld", install, static_cast<long long>(n));
  return buf;
}

// Each test kiosk's key pair, the same every run (from its name).
inline signing::key_pair kiosk_keys(const std::string& office, const std::string& kiosk) {
  return signing::from_seed(sha256_hex("test kiosk " + office + "/" + kiosk).substr(0, 32));
}

// A kiosk as `pantau-hub kiosk add --public-key` registers it: its test key, epoch 1.
inline kiosk_info registered_kiosk(const std::string& office, const std::string& kiosk) {
  kiosk_info k;
  k.office = office;
  k.kiosk = kiosk;
  k.registered_ms = 1;
  k.public_key = signing::to_text(kiosk_keys(office, kiosk).pub);
  k.epoch = 1;
  return k;
}

inline pantau::event make_event(const std::string& office, const std::string& kiosk, std::int64_t seq,
                                std::string id = {}) {
  pantau::event e;
  e.id = id.empty() ? uuid_of(seq) : std::move(id);
  e.office = office;
  e.kiosk = kiosk;
  e.seq = seq;
  e.prev = std::string(chain_start);
  e.boot = "boot-1";
  e.mono_ms = 1000 + seq;
  e.ts_ms = 1'795'000'000'000 + seq;
  rating_data r;
  r.counter = "loket-1";
  r.overall = 4;
  e.data = r;
  return e;
}

// One rating at a counter of the demo office (nobody named) at `ts_ms`: what the alert rules look at.
inline pantau::event rating_event(std::int64_t seq, std::int64_t ts_ms, std::optional<int> overall,
                                  const std::string& counter = "loket-1", bool misuse = false) {
  auto e = make_event("binjai-dukcapil", "k-01", seq);
  e.ts_ms = ts_ms;
  rating_data r;
  r.counter = counter;
  r.overall = overall;
  r.misuse = misuse;
  e.data = r;
  return e;
}

// Sealed with the kiosk's test key, as the kiosk sends it.
inline std::string sealed(const std::string& office, const std::string& kiosk, const std::string& json) {
  return signing::seal(json, kiosk_keys(office, kiosk).secret);
}

inline std::string event_payload(const std::string& office, const std::string& kiosk, std::int64_t seq,
                                 std::string id = {}) {
  return sealed(office, kiosk, encode_event(make_event(office, kiosk, seq, std::move(id))));
}

inline std::string events_topic(const std::string& office, const std::string& kiosk) {
  return topics::make(office, kiosk, topics::kind::events);
}
inline std::string status_topic(const std::string& office, const std::string& kiosk) {
  return topics::make(office, kiosk, topics::kind::status);
}

// Owns the text of a batch so inbound_message views stay valid.
class batch_builder {
 public:
  batch_builder& add(std::string topic, std::string payload, std::int64_t received_ms = 1000,
                     bool retained = false) {
    texts_.push_back({std::move(topic), std::move(payload), received_ms, retained});
    return *this;
  }
  // A status sealed with the kiosk's test key, as a kiosk publishes it.
  batch_builder& status(const std::string& office, const std::string& kiosk, const std::string& json,
                        std::int64_t received_ms = 1000, bool retained = false) {
    return add(status_topic(office, kiosk), sealed(office, kiosk, json), received_ms, retained);
  }
  batch_builder& event(const std::string& office, const std::string& kiosk, std::int64_t seq,
                       std::string id = {}, std::int64_t received_ms = 1000) {
    return add(events_topic(office, kiosk), event_payload(office, kiosk, seq, std::move(id)), received_ms);
  }
  std::vector<inbound_message> messages() const {
    std::vector<inbound_message> out;
    for (const auto& t : texts_) out.push_back({t.topic, t.payload, t.received_ms, 0, t.retained});
    return out;
  }

 private:
  struct text {
    std::string topic;
    std::string payload;
    std::int64_t received_ms;
    bool retained;
  };
  std::vector<text> texts_;
};

// Registers `kiosks` of `office` with their test keys through any enrolment (the SQLite catalog, as
// `pantau-hub kiosk add --public-key` does).
inline bool enrol_test_kiosks(kiosk_enrolment& enrolment, const std::string& office,
                              std::initializer_list<const char*> kiosks) {
  for (const char* k : kiosks)
    if (!enrolment.enrol(office, k, 1, registered_kiosk(office, k).public_key)) return false;
  return true;
}

// INSERT OR IGNORE semantics on ids; can be told to fail.
class fake_store final : public event_store {
 public:
  result<std::vector<kiosk_info>> load_kiosks() override { return kiosks; }
  result<bool> contains_event(std::string_view id) override {
    ++lookups;
    if (fail_lookup) return error{errc::store_error, "lookup failed on purpose"};
    return ids.count(std::string(id)) > 0;
  }
  // Kiosks not in `kiosks` count as registered with their test key unless `only_listed`: most tests
  // are about delivery, not registration.
  result<std::optional<kiosk_info>> find_kiosk(std::string_view office, std::string_view kiosk) override {
    ++kiosk_lookups;
    for (const auto& k : kiosks)
      if (k.office == office && k.kiosk == kiosk) return std::optional<kiosk_info>(k);
    if (only_listed) return std::optional<kiosk_info>{};
    return std::optional<kiosk_info>(registered_kiosk(std::string(office), std::string(kiosk)));
  }
  result<write_outcome> write(const write_set& batch) override {
    if (fail_writes) return error{errc::store_error, "write failed on purpose"};
    write_outcome out;
    for (const auto& e : batch.events) {
      const bool fresh = ids.insert(e.ev->id).second;
      out.inserted.push_back(fresh ? 1 : 0);
      if (fresh) stored_seqs.push_back(e.ev->seq);
    }
    for (const auto& g : batch.gaps) gaps.push_back(g);
    for (const auto& r : batch.rejected) rejected.push_back(r.reason);
    for (const auto& u : batch.unauthenticated) set_aside += u.count;
    ++writes;
    return out;
  }

  std::vector<kiosk_info> kiosks;
  std::set<std::string> ids;
  std::vector<std::int64_t> stored_seqs;
  std::vector<errc> rejected;
  std::vector<gap_row> gaps;
  std::int64_t set_aside = 0;
  bool only_listed = false;
  int kiosk_lookups = 0;
  std::atomic<bool> fail_lookup{false};
  std::atomic<bool> fail_writes{false};
  int lookups = 0;
  int writes = 0;
};

// The demo organisation (or whatever a test puts in `org`) without a store. Writes are accepted and
// dropped: the code these fakes stand behind only reads the organisation.
class memory_org final : public org_directory {
 public:
  result<organisation> load_org() override { return org; }
  result<bool> put_org(const organisation&) override { return true; }

  organisation org = demo_organisation();
};

}  // namespace pantau::hub::test

#pragma once
// A kiosk that exists only on the wire: the test writes its events by hand as JSON (DESIGN §4), so it
// controls every field, and publishes them straight to the broker with QoS 1.
// Thread-safety: none; each object belongs to the test that made it.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pantau::test {

// The clock fields of an event: its boot, its monotonic time (default: 1000 × the seq's last 9 digits)
// and whether the kiosk's wall clock was synced.
struct wire_clock {
  std::string boot = "b-1";
  std::optional<std::int64_t> mono_ms;
  bool synced = true;
};

class wire_kiosk {
 public:
  // Joins the test fleet (services.hpp): hubs with auto_register register it with its test key.
  wire_kiosk(std::string office, std::string kiosk);

  // One event, sealed with the kiosk's test key (prev: the chain's start): the id is made from `seq`
  // (…-8000-<its last 12 digits>), boot "b-1", mono_ms = 1000 × its last 9 digits, clock synced; `ts` is the wire form ("2026-11-16T01:00:59.000Z") and `data` the type's JSON object.
  std::string event(std::int64_t seq, const std::string& ts, const std::string& type, const std::string& data) const;
  // The same with the clock fields chosen.
  std::string event(std::int64_t seq, const std::string& ts, const std::string& type, const std::string& data,
                    const wire_clock& clock) const;
  // Publishes each payload on pantau/v1/{office}/{kiosk}/events and waits for the broker to take it.
  void publish(const std::string& broker_url, const std::vector<std::string>& events) const;

  const std::string& office() const { return office_; }
  const std::string& kiosk() const { return kiosk_; }

 private:
  std::string office_;
  std::string kiosk_;
};

// The data of an attendance event by badge with a face present and no photo; action "in" or "out".
std::string attendance_json(const std::string& nip, const std::string& action);
// The data of a rating; nobody named when `employee` is nullopt; `elements`: all nine the same score,
// or null when nullopt.
std::string rating_json(const std::string& counter, const std::optional<std::string>& employee, int overall,
                        std::optional<int> elements);

// The wire form of a UTC instant: "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string iso_utc(std::chrono::system_clock::time_point t);

}  // namespace pantau::test

#pragma once
// The kiosk's camera thread: frames -> scan pipeline -> attendance events committed to the outbox.
// Thread-safety: start()/stop() from the owning thread; state() from any thread.
#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "pantau/service/stoppable_thread.hpp"
#include "pantau/shared/badge.hpp"
#include "pantau/kiosk/event_factory.hpp"
#include "pantau/kiosk/kiosk_config.hpp"
#include "pantau/shared/clock.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::kiosk {

enum class camera_state { none, ok, error };
const char* to_string(camera_state s);

class camera_service {
 public:
  // Loads the keyring and checks the zone: a bad keyring is a configuration error (start-up).
  static result<std::unique_ptr<camera_service>> create(const kiosk_config& cfg, const kiosk_identity& id,
                                                        const clock& clk, clock_probe probe);
  ~camera_service();
  camera_service(const camera_service&) = delete;
  camera_service& operator=(const camera_service&) = delete;

  // Called on the camera thread after each attendance commit (the touch UI greets the employee).
  // `clock`: whether the kiosk's clock was synced when the event was stamped.
  using attendance_listener =
      std::function<void(const std::string& nip, attendance_data::action_t, std::int64_t utc_ms, clock_state clock)>;
  void on_attendance(attendance_listener l) { on_attendance_ = std::move(l); }  // before start()

  // Called on the camera thread for each badge the pipeline refused (the screen says why).
  using refusal_listener = std::function<void(badge_rejection)>;
  void on_refusal(refusal_listener l) { on_refusal_ = std::move(l); }  // before start()

  void start();
  void stop();  // wakes the thread and joins it
  camera_state state() const { return state_.load(); }
  // The site's zone from the hub's config (minutes east of UTC): check-in or check-out is decided by
  // the local day in it. Any thread.
  void set_utc_offset_minutes(int minutes) { utc_offset_minutes_.store(minutes); }

 private:
  camera_service(const kiosk_config& cfg, const kiosk_identity& id, const clock& clk, clock_probe probe,
                 badge_keyring keys, int utc_offset_minutes);
  void run();
  bool wait_for_stop(std::chrono::milliseconds d);

  const kiosk_config& cfg_;
  kiosk_identity id_;
  const clock& clock_;
  clock_probe probe_;
  badge_verifier verifier_;
  std::atomic<int> utc_offset_minutes_;
  std::atomic<camera_state> state_{camera_state::error};
  service::stoppable_thread worker_;  // last: joined before the members it uses go
  attendance_listener on_attendance_;
  refusal_listener on_refusal_;
};

}  // namespace pantau::kiosk

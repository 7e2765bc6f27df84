#pragma once
// From a camera frame to an attendance record: read badge QR codes, verify them, debounce, and for a
// new accepted badge check face presence and keep the frame as evidence. The ports below are the
// I/O-bound steps; adapters implement them with ZXing and OpenCV, tests with fakes.
// Thread-safety: scan_pipeline is not thread-safe; run it on the thread that owns the frame_source.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pantau/kiosk/scan_debouncer.hpp"
#include "pantau/shared/badge.hpp"
#include "pantau/kiosk/frame_source.hpp"
#include "pantau/shared/clock.hpp"
#include "pantau/shared/event.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::kiosk {

using face_presence = attendance_data::face_t;

// Finds QR codes in a frame and returns their texts (empty when there is none).
class badge_reader {
 public:
  virtual ~badge_reader() = default;
  virtual std::vector<std::string> read(const frame& f) = 0;
};

// Is a face in front of the kiosk? present/absent only; `unchecked` is for when no detector runs.
class face_detector {
 public:
  virtual ~face_detector() = default;
  virtual face_presence check(const frame& f) = 0;
};

// Keeps the frame of a scan as evidence and returns its reference "sha256:<64 hex>".
class evidence_store {
 public:
  virtual ~evidence_store() = default;
  virtual result<std::string> save(const frame& f, std::int64_t utc_ms) = 0;
};

struct scan_result {
  std::string text;  // the QR text as read
  badge_check check;
  face_presence face = face_presence::unchecked;
  std::optional<std::string> photo;           // "sha256:<hex>" when the evidence was kept
  std::optional<error> evidence_error;        // why it was not, when a store was configured
  bool accepted() const { return check.ok(); }
};

class scan_pipeline {
 public:
  // All references must outlive the pipeline. `faces` and `evidence` may be null (not configured):
  // the face is then "unchecked" and the photo null. Only accepted badges get a face check and a
  // kept frame: people who merely walk past with some other QR code are not photographed.
  scan_pipeline(const badge_verifier& verifier, badge_reader& reader, face_detector* faces,
                evidence_store* evidence, const clock& clk, std::int64_t debounce_ms = 60'000);

  // New scans found in this frame (usually none or one). Repeats within the debounce window are
  // dropped, for rejected texts as well, so one refused badge shows its message once.
  std::vector<scan_result> process(const frame& f);

 private:
  const badge_verifier& verifier_;
  badge_reader& reader_;
  face_detector* faces_;
  evidence_store* evidence_;
  const clock& clock_;
  scan_debouncer debounce_;
};

// The attendance record of an accepted scan; the caller decides in or out (UI choice or roster state).
attendance_data to_attendance(const scan_result& scan, attendance_data::action_t action);

}  // namespace pantau::kiosk

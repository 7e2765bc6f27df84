#include "camera_service.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <utility>

#include "pantau/kiosk/attendance_day.hpp"
#include "pantau/kiosk/cascade_face_detector.hpp"
#include "pantau/kiosk/image_folder_source.hpp"
#include "pantau/kiosk/jpeg_evidence_store.hpp"
#include "pantau/kiosk/scan_pipeline.hpp"
#include "pantau/kiosk/sqlite_outbox.hpp"
#include "pantau/kiosk/v4l2_frame_source.hpp"
#include "pantau/kiosk/zxing_badge_reader.hpp"
#include "pantau/shared/config.hpp"
#include "pantau/shared/zone.hpp"

namespace pantau::kiosk {
namespace {

constexpr std::chrono::milliseconds reopen_delay{2000};
// Files and folders deliver frames as fast as they are read; a camera paces itself.
constexpr std::chrono::milliseconds file_frame_interval{100};
constexpr std::int64_t prune_interval_ms = 86'400'000;
constexpr const char* day_book_key = "camera.attendance_day";

const char* action_name(attendance_data::action_t a) { return a == attendance_data::action_t::in ? "in" : "out"; }

const char* face_name(face_presence f) {
  switch (f) {
    case face_presence::present: return "present";
    case face_presence::absent: return "absent";
    case face_presence::unchecked: return "unchecked";
  }
  return "unchecked";
}

bool is_device(const std::string& source) { return source.starts_with("/dev/"); }

std::unique_ptr<frame_source> open_source(const camera_config& cam) {
  if (is_device(cam.source)) return std::make_unique<v4l2_frame_source>(cam.source);
  return std::make_unique<image_folder_source>(cam.source, cam.loop);
}

}  // namespace

const char* to_string(camera_state s) {
  switch (s) {
    case camera_state::none: return "none";
    case camera_state::ok: return "ok";
    case camera_state::error: return "error";
  }
  return "error";
}

result<std::unique_ptr<camera_service>> camera_service::create(const kiosk_config& cfg, const kiosk_identity& id,
                                                               const clock& clk, clock_probe probe) {
  if (!cfg.camera) return error{errc::config, cfg.source + ": no [camera] table"};
  const auto offset = zone_offset_minutes(cfg.camera->zone);
  if (!offset) return error{errc::config, cfg.source + ": key \"camera.zone\": expected one of WIB, WITA, WIT"};
  // A camera may be plugged in after start-up (the thread retries); a folder must be there already.
  if (!is_device(cfg.camera->source) && !std::filesystem::is_directory(cfg.camera->source))
    return error{errc::config, cfg.source + ": key \"camera.source\": expected a V4L2 device (/dev/video0) or a folder "
                                        "of .jpg/.png images, not " + cfg.camera->source};
  const std::string keyring = credential_path(cfg.camera->keyring);
  auto keys = load_badge_keyring(keyring);
  if (!keys) return keys.err();
  try {
    return std::unique_ptr<camera_service>(
        new camera_service(cfg, id, clk, std::move(probe), std::move(keys).value(), *offset));
  } catch (const std::invalid_argument& e) {
    return error{errc::config, cfg.camera->keyring + ": " + e.what()};
  }
}

camera_service::camera_service(const kiosk_config& cfg, const kiosk_identity& id, const clock& clk,
                               clock_probe probe, badge_keyring keys, int utc_offset_minutes)
    : cfg_(cfg),
      id_(id),
      clock_(clk),
      probe_(std::move(probe)),
      verifier_(std::move(keys), utc_offset_minutes),
      utc_offset_minutes_(utc_offset_minutes) {}

camera_service::~camera_service() { stop(); }

void camera_service::start() {
  worker_.start([this] { run(); });
}

void camera_service::stop() { worker_.stop(); }

bool camera_service::wait_for_stop(std::chrono::milliseconds d) { return worker_.wait_for_stop(d); }

void camera_service::run() {
  const camera_config& cam = *cfg_.camera;
  auto box = sqlite_outbox::open({cfg_.store_path}, event_factory(id_, clock_, probe_));
  if (!box) {
    spdlog::error("camera: cannot open the outbox: {}", box.err().message);
    state_ = camera_state::error;
    return;
  }
  std::optional<jpeg_evidence_store> evidence;
  try {
    evidence.emplace(evidence_options{.dir = cam.evidence_dir, .retention_days = cam.retention_days});
  } catch (const std::exception& e) {
    spdlog::error("camera: evidence store {}: {}; scans are kept without photos", cam.evidence_dir, e.what());
  }
  std::optional<cascade_face_detector> faces;
  try {
    faces.emplace();
  } catch (const std::exception& e) {
    spdlog::warn("camera: no face detector ({}); face is recorded as unchecked", e.what());
  }
  zxing_badge_reader reader;
  scan_pipeline pipeline(verifier_, reader, faces ? &*faces : nullptr, evidence ? &*evidence : nullptr, clock_);
  // Who already checked in today survives a restart: kept with the events, in their transaction.
  attendance_day_book day_book(utc_offset_minutes_);
  if (const auto kept = (*box)->read_state(day_book_key); !kept)
    spdlog::error("camera: cannot read today's check-ins: {}", kept.err().message);
  else if (*kept && !day_book.restore(**kept))
    spdlog::warn("camera: today's check-ins in the outbox are unreadable; starting without them");
  const bool paced = !is_device(cam.source);

  std::int64_t next_prune_ms = clock_.monotonic_ms();
  std::unique_ptr<frame_source> source;
  bool exhausted = false;
  while (!wait_for_stop(std::chrono::milliseconds(0))) {
    if (evidence && clock_.monotonic_ms() >= next_prune_ms) {
      if (auto n = evidence->prune(clock_.utc_ms()))
        spdlog::info("camera: evidence pruned, {} files older than {} days deleted", *n, cam.retention_days);
      else
        spdlog::warn("camera: evidence prune failed: {}", n.err().message);
      next_prune_ms = clock_.monotonic_ms() + prune_interval_ms;
    }
    if (exhausted) {
      if (wait_for_stop(std::chrono::seconds(1))) break;
      continue;
    }
    if (!source) {
      try {
        source = open_source(cam);
        state_ = camera_state::ok;
        spdlog::info("camera: reading {} (zone offset {} min, evidence {})", source->describe(),
                     utc_offset_minutes_.load(), cam.evidence_dir);
      } catch (const std::exception& e) {
        state_ = camera_state::error;
        spdlog::error("camera: cannot open {}: {}", cam.source, e.what());
        if (wait_for_stop(reopen_delay)) break;
        continue;
      }
    }
    auto f = source->next();
    if (!f) {
      if (f.err().code == errc::end_of_stream) {
        spdlog::info("camera: {} has no more frames; camera idle", source->describe());
        exhausted = true;
        continue;
      }
      state_ = camera_state::error;
      spdlog::error("camera: {}: {}; reopening", source->describe(), f.err().message);
      source.reset();
      if (wait_for_stop(reopen_delay)) break;
      continue;
    }
    state_ = camera_state::ok;
    day_book.set_utc_offset_minutes(utc_offset_minutes_.load());
    for (const auto& scan : pipeline.process(*f)) {
      if (!scan.accepted()) {
        spdlog::warn("camera: badge rejected: {} (nip \"{}\", key \"{}\")", to_string(*scan.check.rejection),
                     scan.check.fields.nip, scan.check.fields.key_id);
        if (on_refusal_) on_refusal_(*scan.check.rejection);
        continue;
      }
      if (scan.evidence_error) spdlog::warn("camera: evidence not kept: {}", scan.evidence_error->message);
      const std::int64_t scan_ms = clock_.utc_ms();
      const clock_state scan_clock = probe_ ? probe_() : clock_state::synced;  // as the event factory sees it
      const auto action = day_book.action_for(scan.check.fields.nip, scan_ms);
      attendance_day_book next_book = day_book;
      next_book.record(scan.check.fields.nip, scan_ms);
      const state_note note{day_book_key, next_book.encode(scan_ms)};
      const event_data event = to_attendance(scan, action);
      auto rows = (*box)->append_with_state(std::span(&event, 1), &note);
      if (!rows) {
        // Nothing is shown as done: the person sees no confirmation and scans again.
        spdlog::error("camera: attendance of {} NOT committed: {}", scan.check.fields.nip, rows.err().message);
        continue;
      }
      const stored_event* row = &rows->front();
      day_book = std::move(next_book);
      if (on_attendance_) on_attendance_(scan.check.fields.nip, action, scan_ms, scan_clock);
      spdlog::info("camera: attendance committed seq {}: {} {} (face {}, photo {})", row->seq,
                   scan.check.fields.nip, action_name(action), face_name(scan.face),
                   scan.photo.value_or("none"));
    }
    if (paced && wait_for_stop(file_frame_interval)) break;
  }
  spdlog::info("camera: stopped");
}

}  // namespace pantau::kiosk

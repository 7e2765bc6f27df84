#include "pantau/kiosk/scan_pipeline.hpp"

namespace pantau::kiosk {

scan_pipeline::scan_pipeline(const badge_verifier& verifier, badge_reader& reader, face_detector* faces,
                             evidence_store* evidence, const clock& clk, std::int64_t debounce_ms)
    : verifier_(verifier), reader_(reader), faces_(faces), evidence_(evidence), clock_(clk),
      debounce_(clk, debounce_ms) {}

std::vector<scan_result> scan_pipeline::process(const frame& f) {
  std::vector<scan_result> out;
  if (f.empty()) return out;
  for (std::string& text : reader_.read(f)) {
    const std::int64_t now = clock_.utc_ms();
    badge_check check = verifier_.verify(text, now);
    // Accepted badges debounce by NIP (a reissued badge of the same person is still the same
    // person); rejected ones by their exact text.
    const std::string key = check.ok() ? "nip:" + check.fields.nip : "text:" + text;
    if (!debounce_.new_scan(key)) continue;
    scan_result r;
    r.text = std::move(text);
    r.check = std::move(check);
    if (r.accepted()) {
      if (faces_ != nullptr) r.face = faces_->check(f);
      if (evidence_ != nullptr) {
        result<std::string> saved = evidence_->save(f, now);
        if (saved)
          r.photo = std::move(saved).value();
        else
          r.evidence_error = saved.err();
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

attendance_data to_attendance(const scan_result& scan, attendance_data::action_t action) {
  attendance_data a;
  a.employee = scan.check.fields.nip;
  a.action = action;
  a.method = attendance_data::method_t::badge;
  a.face = scan.face;
  a.photo = scan.photo;
  return a;
}

}  // namespace pantau::kiosk

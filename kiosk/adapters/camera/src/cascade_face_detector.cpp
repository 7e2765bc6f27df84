#include "pantau/kiosk/cascade_face_detector.hpp"

#include <stdexcept>

#include <opencv2/imgproc.hpp>

#include "pantau/kiosk/mat_view.hpp"

namespace pantau::kiosk {

cascade_face_detector::cascade_face_detector(face_options opts) : opts_(std::move(opts)) {
  if (!cascade_.load(opts_.cascade))
    throw std::runtime_error("model deteksi wajah tidak dapat dimuat / cannot load face cascade " + opts_.cascade +
                             " (paket opencv-data / package opencv-data)");
}

std::vector<cv::Rect> cascade_face_detector::detect(const frame& f) {
  std::vector<cv::Rect> faces;
  if (f.empty()) return faces;
  const cv::Mat m = as_mat(f);
  if (f.format == pixel_format::gray8)
    grey_ = m;
  else
    cv::cvtColor(m, grey_, cv::COLOR_BGR2GRAY);
  double scale = 1.0;
  const cv::Mat* work = &grey_;
  if (opts_.work_width > 0 && grey_.cols > opts_.work_width) {
    scale = static_cast<double>(grey_.cols) / opts_.work_width;
    cv::resize(grey_, small_, cv::Size(opts_.work_width, static_cast<int>(grey_.rows / scale)), 0, 0, cv::INTER_AREA);
    work = &small_;
  }
  // No histogram equalisation: the cascade already normalises each window's contrast, and equalising
  // a plain wall stretches sensor noise into face-like blobs (4 of 30 noise frames read as "present",
  // none without it; dim faces are still found).
  cascade_.detectMultiScale(*work, faces, opts_.scale_factor, opts_.min_neighbors, cv::CASCADE_SCALE_IMAGE,
                            cv::Size(opts_.min_face_px, opts_.min_face_px));
  if (scale != 1.0)
    for (cv::Rect& r : faces)
      r = cv::Rect(static_cast<int>(r.x * scale), static_cast<int>(r.y * scale), static_cast<int>(r.width * scale),
                   static_cast<int>(r.height * scale));
  return faces;
}

face_presence cascade_face_detector::check(const frame& f) {
  return detect(f).empty() ? face_presence::absent : face_presence::present;
}

}  // namespace pantau::kiosk

#pragma once
// Face presence with an OpenCV cascade: evidence that a person stood at the kiosk when a badge was
// scanned. It is not recognition and says nothing about who the person is. It is not infallible
// either: strong textures can look like faces to it (a chick among opencv-doc's samples; on full-size
// frames also Starry Night and a chessboard), so "present" is a hint kept with the photo for a person
// to review, never a decision on its own.
// Thread-safety: not thread-safe (cv::CascadeClassifier is not); one detector per camera thread.
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/objdetect.hpp>

#include "pantau/kiosk/scan_pipeline.hpp"

namespace pantau::kiosk {

// Haar's frontal-face cascade on a 320-pixel-wide copy of the frame, looking only for faces the size of
// someone standing at the kiosk. Measured on opencv-doc's photographs (tests, `scripts/bench scan`):
// the same faces as the full 640-pixel search at a quarter of its time (about 35 ms against 124-176 ms
// per frame on one core here), so a scan with its face check stays above 15 frames per second. The LBP
// cascades are faster still but boxed the shoulder next to the face, or missed it, on these photographs.
inline constexpr const char* default_face_cascade =
    "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";  // Debian opencv-data

struct face_options {
  std::string cascade = default_face_cascade;
  double scale_factor = 1.1;
  int min_neighbors = 5;      // higher: fewer false faces, more missed ones
  // In the working image: 30 of 320 px is a face about 60 px wide in a 640x480 frame, someone within
  // about a metre of the camera. A face further away is not someone standing at the kiosk.
  int min_face_px = 30;
  int work_width = 320;       // wider frames are scaled down to this first, for speed
};

class cascade_face_detector final : public face_detector {
 public:
  // Throws std::runtime_error when the cascade file cannot be loaded (start-up).
  explicit cascade_face_detector(face_options opts = {});

  face_presence check(const frame& f) override;
  // The faces found, in frame coordinates; for tests and diagnostics.
  std::vector<cv::Rect> detect(const frame& f);

 private:
  face_options opts_;
  cv::CascadeClassifier cascade_;
  cv::Mat grey_;
  cv::Mat small_;
};

}  // namespace pantau::kiosk

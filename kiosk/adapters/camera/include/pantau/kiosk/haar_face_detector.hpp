#pragma once
// Face presence with OpenCV's Haar cascade: evidence that a person stood at the kiosk when a badge was
// scanned. It is not recognition and says nothing about who the person is. It is not infallible
// either: on strong textures (Van Gogh's Starry Night, a chessboard, a chick, a line plot among
// opencv-doc's samples) it sees faces that are not there, so "present" is a hint kept with the photo
// for a person to review, never a decision on its own.
// Thread-safety: not thread-safe (cv::CascadeClassifier is not); one detector per camera thread.
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/objdetect.hpp>

#include "pantau/kiosk/scan_pipeline.hpp"

namespace pantau::kiosk {

inline constexpr const char* default_face_cascade =
    "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";  // Debian opencv-data

struct face_options {
  std::string cascade = default_face_cascade;
  double scale_factor = 1.1;
  int min_neighbors = 5;      // higher: fewer false faces, more missed ones
  int min_face_px = 36;       // in the working image; smaller faces are too far from the kiosk
  int work_width = 640;       // wider frames are scaled down to this first, for speed
};

class haar_face_detector final : public face_detector {
 public:
  // Throws std::runtime_error when the cascade file cannot be loaded (start-up).
  explicit haar_face_detector(face_options opts = {});

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

// Scan pipeline throughput at 640x480 on one core: how many camera frames per second the kiosk can
// look at. Reported as frames_per_s. Run by scripts/bench, or directly: build-*/tests/bench/pantau_scan_bench
#include <sched.h>
#include <stdlib.h>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "pantau/kiosk/cascade_face_detector.hpp"
#include "pantau/kiosk/jpeg_evidence_store.hpp"
#include "pantau/kiosk/mat_view.hpp"
#include "pantau/kiosk/scan_pipeline.hpp"
#include "pantau/kiosk/zxing_badge_reader.hpp"
#include "pantau/shared/badge.hpp"

namespace {

using namespace pantau;
using namespace pantau::kiosk;

const std::string key(32, 'K');
constexpr std::int64_t now_ms = 1795307462000;  // 2026-11-22T00:31:02Z

std::string badge_text() { return sign_badge("198503152010011001", "k2026a", "20271231", key).value(); }

// A 640x480 colour frame: a person at the kiosk (opencv-doc's messi5.jpg enlarged twice, the face
// about 84 px wide, when installed, else a plain backdrop) and, optionally, a badge held up at 4 px per
// module in the lower right.
cv::Mat kiosk_frame(bool with_badge) {
  cv::Mat frame(480, 640, CV_8UC3, cv::Scalar(170, 160, 150));
  const cv::Mat person = cv::imread("/usr/share/doc/opencv-doc/examples/data/messi5.jpg", cv::IMREAD_COLOR);
  if (!person.empty()) {
    cv::Mat big;
    cv::resize(person, big, cv::Size(), 2.0, 2.0, cv::INTER_LINEAR);
    // The face (245, 113 in the photograph) at (200, 200) in the frame.
    const cv::Rect in_big = cv::Rect(490 - 200, 226 - 200, 640, 480) & cv::Rect(0, 0, big.cols, big.rows);
    big(in_big).copyTo(frame(cv::Rect(in_big.x - 290, in_big.y - 26, in_big.width, in_big.height)));
  }
  if (with_badge) {
    cv::QRCodeEncoder::Params p;
    p.correction_level = cv::QRCodeEncoder::CORRECT_LEVEL_Q;
    cv::Mat modules, big, bgr;
    cv::QRCodeEncoder::create(p)->encode(badge_text(), modules);
    cv::resize(modules, big, cv::Size(), 4, 4, cv::INTER_NEAREST);
    cv::cvtColor(big, bgr, cv::COLOR_GRAY2BGR);
    bgr.copyTo(frame(cv::Rect(640 - bgr.cols, 480 - bgr.rows, bgr.cols, bgr.rows)));
  }
  return frame;
}

void frames_per_s(benchmark::State& state) {
  state.counters["frames_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// Most frames carry no badge: this is the idle cost of watching.
void BM_decode_idle_frame(benchmark::State& state) {
  const frame f = to_frame(kiosk_frame(false));
  zxing_badge_reader reader;
  for (auto _ : state) benchmark::DoNotOptimize(reader.read(f));
  frames_per_s(state);
}
BENCHMARK(BM_decode_idle_frame)->Unit(benchmark::kMillisecond);

void BM_decode_badge_frame(benchmark::State& state) {
  const frame f = to_frame(kiosk_frame(true));
  zxing_badge_reader reader;
  if (reader.read(f).size() != 1) state.SkipWithError("badge not decoded");
  for (auto _ : state) benchmark::DoNotOptimize(reader.read(f));
  frames_per_s(state);
}
BENCHMARK(BM_decode_badge_frame)->Unit(benchmark::kMillisecond);

// The kiosk's face check (LBP cascade on a 320-wide copy) against the Haar cascade on the full frame
// that it replaced; both must find the face, or the figure means nothing.
void face_check(benchmark::State& state, face_options o) {
  const frame f = to_frame(kiosk_frame(true));
  cascade_face_detector faces(o);
  if (faces.check(f) != face_presence::present) state.SkipWithError("no face found in the frame");
  for (auto _ : state) benchmark::DoNotOptimize(faces.check(f));
  frames_per_s(state);
}
void BM_face_check(benchmark::State& state) { face_check(state, {}); }
BENCHMARK(BM_face_check)->Unit(benchmark::kMillisecond);
void BM_face_check_haar_640(benchmark::State& state) {
  face_check(state, {.cascade = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml",
                     .scale_factor = 1.1, .min_neighbors = 5, .min_face_px = 60, .work_width = 640});
}
BENCHMARK(BM_face_check_haar_640)->Unit(benchmark::kMillisecond);
// The settings before: the full frame and faces down to 36 px (a person a few metres away).
void BM_face_check_before(benchmark::State& state) {
  face_check(state, {.cascade = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml",
                     .scale_factor = 1.1, .min_neighbors = 5, .min_face_px = 36, .work_width = 640});
}
BENCHMARK(BM_face_check_before)->Unit(benchmark::kMillisecond);

// A scan on every frame (debounce off): decode, verify, face check. The worst case per frame.
void BM_scan_decode_and_face(benchmark::State& state) {
  const frame f = to_frame(kiosk_frame(true));
  manual_clock clk(now_ms, 0);
  const badge_verifier verifier{badge_keyring{{"k2026a", key}}, 7 * 60};
  zxing_badge_reader reader;
  cascade_face_detector faces;
  scan_pipeline pipeline(verifier, reader, &faces, nullptr, clk, 0);
  const auto first = pipeline.process(f);
  if (first.size() != 1 || first[0].face != face_presence::present) state.SkipWithError("no scan with a face");
  for (auto _ : state) benchmark::DoNotOptimize(pipeline.process(f));
  frames_per_s(state);
}
BENCHMARK(BM_scan_decode_and_face)->Unit(benchmark::kMillisecond);

// The same with the evidence JPEG written and fsynced: what one check-in costs end to end.
void BM_scan_with_evidence(benchmark::State& state) {
  std::string pattern = (std::filesystem::temp_directory_path() / "pantau-scan-bench-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    state.SkipWithError("mkdtemp failed");
    return;
  }
  {
    const frame f = to_frame(kiosk_frame(true));
    manual_clock clk(now_ms, 0);
    const badge_verifier verifier{badge_keyring{{"k2026a", key}}, 7 * 60};
    zxing_badge_reader reader;
    cascade_face_detector faces;
    jpeg_evidence_store evidence({pattern, 85, 30});
    scan_pipeline pipeline(verifier, reader, &faces, &evidence, clk, 0);
    for (auto _ : state) benchmark::DoNotOptimize(pipeline.process(f));
    frames_per_s(state);
  }
  std::error_code ec;
  std::filesystem::remove_all(pattern, ec);
}
BENCHMARK(BM_scan_with_evidence)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  // One core, as on a busy Pi: pin the process and keep OpenCV from starting worker threads.
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(0, &one);
  if (::sched_setaffinity(0, sizeof one, &one) != 0) std::fprintf(stderr, "could not pin to CPU 0\n");
  cv::setNumThreads(1);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

// The scan pipeline with fakes for every port: what reaches the face check and the evidence store.
#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "camera_test_util.hpp"
#include "pantau/kiosk/scan_pipeline.hpp"

namespace pantau::kiosk {
namespace {

using namespace camera_test;

class scripted_reader final : public badge_reader {
 public:
  std::deque<std::vector<std::string>> script;
  std::vector<std::string> read(const frame&) override {
    if (script.empty()) return {};
    auto texts = script.front();
    script.pop_front();
    return texts;
  }
};

class counting_faces final : public face_detector {
 public:
  face_presence answer = face_presence::present;
  int calls = 0;
  face_presence check(const frame&) override {
    ++calls;
    return answer;
  }
};

class recording_evidence final : public evidence_store {
 public:
  std::vector<std::int64_t> saved_at;
  bool fail = false;
  result<std::string> save(const frame&, std::int64_t utc_ms) override {
    if (fail) return error{errc::evidence_io, "disk full"};
    saved_at.push_back(utc_ms);
    return std::string("sha256:") + std::string(64, 'a');
  }
};

frame tiny_frame() {
  frame f;
  f.width = 2;
  f.height = 2;
  f.format = pixel_format::gray8;
  f.pixels.assign(4, 128);
  return f;
}

class ScanPipeline : public ::testing::Test {
 protected:
  manual_clock clk{t_2026_11_22, 5'000'000};
  badge_verifier verifier{badge_keyring{{"k2026a", test_key}}, wib};
  scripted_reader reader;
  counting_faces faces;
  recording_evidence evidence;
  scan_pipeline pipeline{verifier, reader, &faces, &evidence, clk};
};

TEST_F(ScanPipeline, AcceptedBadgeGetsFaceCheckAndEvidence) {
  reader.script.push_back({signed_badge()});
  const auto out = pipeline.process(tiny_frame());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].accepted());
  EXPECT_EQ(out[0].face, face_presence::present);
  EXPECT_EQ(out[0].photo, "sha256:" + std::string(64, 'a'));
  EXPECT_EQ(evidence.saved_at, std::vector<std::int64_t>{t_2026_11_22});

  const attendance_data a = to_attendance(out[0], attendance_data::action_t::in);
  EXPECT_EQ(a.employee, test_nip);
  EXPECT_EQ(a.method, attendance_data::method_t::badge);
  EXPECT_EQ(a.face, face_presence::present);
  EXPECT_EQ(a.photo, out[0].photo);
}

TEST_F(ScanPipeline, RejectedBadgeIsNotPhotographed) {
  reader.script.push_back({signed_badge(test_nip, "k2026a", "20271231", other_key)});
  const auto out = pipeline.process(tiny_frame());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].check.rejection, badge_rejection::bad_signature);
  EXPECT_EQ(out[0].face, face_presence::unchecked);
  EXPECT_FALSE(out[0].photo);
  EXPECT_EQ(faces.calls, 0);
  EXPECT_TRUE(evidence.saved_at.empty());
}

TEST_F(ScanPipeline, RepeatedFramesOfOneBadgeAreOneScan) {
  for (int i = 0; i < 30; ++i) reader.script.push_back({signed_badge()});
  int scans = 0;
  for (int i = 0; i < 30; ++i) {
    scans += static_cast<int>(pipeline.process(tiny_frame()).size());
    clk.advance(100);
  }
  EXPECT_EQ(scans, 1);
  EXPECT_EQ(faces.calls, 1);
  EXPECT_EQ(evidence.saved_at.size(), 1u);

  // A badge reissued under another expiry is still the same person within the window.
  reader.script.push_back({signed_badge(test_nip, "k2026a", "20281231")});
  EXPECT_TRUE(pipeline.process(tiny_frame()).empty());
  clk.advance(61'000);
  reader.script.push_back({signed_badge()});
  EXPECT_EQ(pipeline.process(tiny_frame()).size(), 1u);
}

TEST_F(ScanPipeline, RefusalIsShownOncePerWindow) {
  const std::string bad = "not a badge";
  for (int i = 0; i < 5; ++i) reader.script.push_back({bad});
  int shown = 0;
  for (int i = 0; i < 5; ++i) shown += static_cast<int>(pipeline.process(tiny_frame()).size());
  EXPECT_EQ(shown, 1);
}

TEST_F(ScanPipeline, EvidenceFailureStillRecordsTheScan) {
  evidence.fail = true;
  reader.script.push_back({signed_badge()});
  const auto out = pipeline.process(tiny_frame());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].accepted());
  EXPECT_FALSE(out[0].photo);
  ASSERT_TRUE(out[0].evidence_error);
  EXPECT_EQ(out[0].evidence_error->code, errc::evidence_io);
}

TEST_F(ScanPipeline, WithoutDetectorOrStoreFaceIsUnchecked) {
  scan_pipeline bare{verifier, reader, nullptr, nullptr, clk};
  reader.script.push_back({signed_badge()});
  const auto out = bare.process(tiny_frame());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].face, face_presence::unchecked);
  EXPECT_FALSE(out[0].photo);
  EXPECT_FALSE(out[0].evidence_error);
}

TEST_F(ScanPipeline, TwoPeopleInOneFrameAreTwoScans) {
  reader.script.push_back({signed_badge(), signed_badge("199001012015032002")});
  const auto out = pipeline.process(tiny_frame());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].check.fields.nip, "199001012015032002");
}

TEST_F(ScanPipeline, EmptyFrameIsIgnored) {
  reader.script.push_back({signed_badge()});
  EXPECT_TRUE(pipeline.process(frame{}).empty());
  EXPECT_EQ(reader.script.size(), 1u);  // the reader was not even asked
}

}  // namespace
}  // namespace pantau::kiosk

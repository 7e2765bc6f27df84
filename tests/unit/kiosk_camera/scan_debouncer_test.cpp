#include "pantau/kiosk/scan_debouncer.hpp"

#include <gtest/gtest.h>

#include <string>

#include "camera_test_util.hpp"

namespace pantau::kiosk {
namespace {

using namespace camera_test;

TEST(ScanDebouncer, SameBadgeWithinSixtySecondsIsOneScan) {
  manual_clock clk(t_2026_11_22, 1'000'000);
  scan_debouncer d(clk);
  EXPECT_TRUE(d.new_scan("nip:1"));
  clk.advance(1'000);
  EXPECT_FALSE(d.new_scan("nip:1"));
  EXPECT_TRUE(d.new_scan("nip:2"));  // someone else right after is a scan of their own
  clk.advance(59'999);
  EXPECT_FALSE(d.new_scan("nip:1"));  // the window counts from the last sighting
  clk.advance(60'000);
  EXPECT_TRUE(d.new_scan("nip:1"));
  clk.advance(30'000);
  EXPECT_FALSE(d.new_scan("nip:1"));
}

TEST(ScanDebouncer, ABadgeHeldUpStaysOneScan) {
  manual_clock clk(0, 0);
  scan_debouncer d(clk, 60'000);
  EXPECT_TRUE(d.new_scan("nip:1"));
  for (int i = 0; i < 300; ++i) {  // five minutes in view, a frame every second
    clk.advance(1'000);
    EXPECT_FALSE(d.new_scan("nip:1")) << i;
  }
  clk.advance(60'000);
  EXPECT_TRUE(d.new_scan("nip:1"));
}

TEST(ScanDebouncer, ForgetsOldKeysSoMemoryStaysBounded) {
  manual_clock clk(0, 0);
  scan_debouncer d(clk, 1'000);
  for (int i = 0; i < 10'000; ++i) {
    EXPECT_TRUE(d.new_scan("nip:" + std::to_string(i)));
    clk.advance(10);
  }
  // Still correct after pruning: a recent key is a repeat, an old one is new again.
  EXPECT_FALSE(d.new_scan("nip:9999"));
  EXPECT_TRUE(d.new_scan("nip:0"));
}

}  // namespace
}  // namespace pantau::kiosk

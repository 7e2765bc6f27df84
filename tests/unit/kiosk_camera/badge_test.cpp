#include <sodium.h>

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <string>

#include "camera_test_util.hpp"
#include "pantau/kiosk/scan_debouncer.hpp"
#include "pantau/kiosk/sha256.hpp"

namespace pantau::kiosk {
namespace {

using namespace camera_test;

TEST(Sha256, MatchesFips180Vectors) {
  EXPECT_EQ(to_hex(sha256_of("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(sha256_of("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(sha256_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(to_hex(sha256_of(std::string(1'000'000, 'a'))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, HmacMatchesRfc4231) {
  EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Case 6: a key longer than the block is hashed first.
  EXPECT_EQ(to_hex(hmac_sha256(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(Sha256, HmacAgreesWithLibsodiumOnRandomInput) {
  ASSERT_GE(sodium_init(), 0);
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::string key(32 + rng() % 100, '\0'), msg(rng() % 300, '\0');
    for (char& c : key) c = static_cast<char>(rng());
    for (char& c : msg) c = static_cast<char>(rng());
    // libsodium's HMAC takes any key length through its _init/_update/_final interface.
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(msg.data()), msg.size());
    sha256_digest expected{};
    crypto_auth_hmacsha256_final(&st, expected.data());
    ASSERT_TRUE(digests_equal(hmac_sha256(key, msg), expected)) << "round " << round;
  }
}

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

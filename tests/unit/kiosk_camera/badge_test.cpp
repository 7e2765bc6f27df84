#include <sodium.h>

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <string>

#include "camera_test_util.hpp"
#include "pantau/kiosk/badge.hpp"
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

TEST(Badge, SignedTextHasTheDocumentedShape) {
  const std::string text = signed_badge();
  const std::string head = "PANTAU1.198503152010011001.k2026a.20271231.";
  ASSERT_EQ(text.substr(0, head.size()), head);
  const std::string mac = text.substr(head.size());
  EXPECT_EQ(mac.size(), 43u);
  EXPECT_EQ(mac.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  // The MAC is HMAC-SHA256 of the text before it: recompute it independently with libsodium.
  ASSERT_GE(sodium_init(), 0);
  unsigned char expected[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(test_key.data()), test_key.size());
  const std::string signed_part = head.substr(0, head.size() - 1);
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size());
  crypto_auth_hmacsha256_final(&st, expected);
  char b64[64];
  sodium_bin2base64(b64, sizeof b64, expected, sizeof expected, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  EXPECT_EQ(mac, b64);
}

TEST(Badge, SignRefusesBadFields) {
  EXPECT_EQ(sign_badge("12345", "k1", "20271231", test_key).err().code, "invalid_nip");
  EXPECT_EQ(sign_badge(test_nip, "k.1", "20271231", test_key).err().code, "invalid_key_id");
  EXPECT_EQ(sign_badge(test_nip, "k1", "20270231", test_key).err().code, "invalid_expiry");
  EXPECT_EQ(sign_badge(test_nip, "k1", "20271231", "short").err().code, "short_key");
}

TEST(Badge, NipStructure) {
  EXPECT_TRUE(is_valid_badge_nip("198503152010011001"));
  EXPECT_TRUE(is_valid_badge_nip("199912312024122999"));
  EXPECT_FALSE(is_valid_badge_nip("19850315201001100"));    // 17 digits
  EXPECT_FALSE(is_valid_badge_nip("1985031520100110010"));  // 19 digits
  EXPECT_FALSE(is_valid_badge_nip("19850315201001100x"));
  EXPECT_FALSE(is_valid_badge_nip("198502302010011001"));  // 30 February
  EXPECT_FALSE(is_valid_badge_nip("198503152010131001"));  // appointed in month 13
  EXPECT_FALSE(is_valid_badge_nip("198503152010013001"));  // sex digit 3
}

class BadgeVerify : public ::testing::Test {
 protected:
  badge_verifier verifier{badge_keyring{{"k2026a", test_key}, {"k2025", other_key}}, wib};
};

TEST_F(BadgeVerify, AcceptsAGenuineBadge) {
  const badge_check c = verifier.verify(signed_badge(), t_2026_11_22);
  ASSERT_TRUE(c.ok()) << to_string(*c.rejection);
  EXPECT_EQ(c.fields, (badge{test_nip, "k2026a", "20271231"}));
  // A second key of the ring works too (key rotation).
  EXPECT_TRUE(verifier.verify(signed_badge(test_nip, "k2025", "20271231", other_key), t_2026_11_22).ok());
  // Scanners sometimes add a line end.
  EXPECT_TRUE(verifier.verify(signed_badge() + "\r\n", t_2026_11_22).ok());
}

TEST_F(BadgeVerify, ForgedBadgesAreRefusedAsBadSignature) {
  const std::string genuine = signed_badge();
  // Someone else's NIP with the original MAC.
  std::string other_nip = genuine;
  other_nip.replace(8, 18, "199001012015032002");
  EXPECT_EQ(verifier.verify(other_nip, t_2026_11_22).rejection, badge_rejection::bad_signature);
  // A later expiry with the original MAC: reported as forged, not judged on its date.
  std::string later = genuine;
  later.replace(34, 8, "20991231");
  EXPECT_EQ(verifier.verify(later, t_2026_11_22).rejection, badge_rejection::bad_signature);
  // One MAC character changed.
  std::string flipped = genuine;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(verifier.verify(flipped, t_2026_11_22).rejection, badge_rejection::bad_signature);
  // Signed with a key the kiosk does not have, under a key id it does know.
  const std::string wrong_key = signed_badge(test_nip, "k2026a", "20271231", std::string(40, 'x'));
  EXPECT_EQ(verifier.verify(wrong_key, t_2026_11_22).rejection, badge_rejection::bad_signature);
}

TEST_F(BadgeVerify, UnknownKeyId) {
  const badge_check c = verifier.verify(signed_badge(test_nip, "k2030", "20271231", test_key), t_2026_11_22);
  EXPECT_EQ(c.rejection, badge_rejection::unknown_key);
  EXPECT_EQ(c.fields.key_id, "k2030");
}

TEST_F(BadgeVerify, ExpiryEndsWithTheLastDayInTheSiteZone) {
  const std::string text = signed_badge(test_nip, "k2026a", "20271231");
  const std::int64_t last_ms_wib = 1830272399999;  // 2027-12-31T23:59:59.999+07:00
  EXPECT_TRUE(verifier.verify(text, last_ms_wib).ok());
  const badge_check c = verifier.verify(text, last_ms_wib + 1);
  EXPECT_EQ(c.rejection, badge_rejection::expired);
  EXPECT_EQ(c.fields.nip, test_nip);
  // The same instant is still the 31st in Jakarta but already 1 January in Jayapura (WIT).
  const badge_verifier wit{badge_keyring{{"k2026a", test_key}}, 9 * 60};
  EXPECT_EQ(wit.verify(text, last_ms_wib).rejection, badge_rejection::expired);
  EXPECT_TRUE(wit.verify(text, last_ms_wib - 2 * 3'600'000).ok());
}

TEST_F(BadgeVerify, MalformedNip) {
  // A badge the issuer should never have made; the MAC is valid, the NIP is not.
  const std::string head = "PANTAU1.198513152010011001.k2026a.20271231";  // month 13
  const std::string mac = signed_badge().substr(std::string("PANTAU1.198503152010011001.k2026a.20271231.").size());
  EXPECT_EQ(verifier.verify(head + "." + mac, t_2026_11_22).rejection, badge_rejection::bad_nip);
  EXPECT_EQ(verifier.verify("PANTAU1.12345.k2026a.20271231." + mac, t_2026_11_22).rejection, badge_rejection::bad_nip);
}

TEST_F(BadgeVerify, MalformedText) {
  const std::string good = signed_badge();
  for (const std::string& bad : {std::string(""), std::string("https://example.org/"), std::string("PANTAU1"),
                                 "PANTAU2" + good.substr(7), good + ".extra", good.substr(0, good.size() - 1),
                                 good.substr(0, 34) + "20271331" + good.substr(42),  // month 13 in the expiry
                                 std::string(300, 'A'), good.substr(0, good.size() - 1) + "="}) {
    EXPECT_EQ(verifier.verify(bad, t_2026_11_22).rejection, badge_rejection::malformed) << bad;
  }
}

TEST_F(BadgeVerify, EveryRejectionHasBilingualMessages) {
  for (const badge_rejection r : {badge_rejection::malformed, badge_rejection::bad_nip, badge_rejection::unknown_key,
                                  badge_rejection::bad_signature, badge_rejection::expired}) {
    const screen_message m = message_for(r);
    EXPECT_FALSE(m.id.empty());
    EXPECT_FALSE(m.en.empty());
    EXPECT_NE(m.id, m.en);
    EXPECT_STRNE(to_string(r), "unknown");
  }
  EXPECT_EQ(message_for(badge_rejection::expired).id.substr(0, 5), "Kartu");
}

TEST(BadgeVerifier, RefusesWeakKeysAtStartUp) {
  EXPECT_THROW(badge_verifier(badge_keyring{{"k1", "too-short"}}, wib), std::invalid_argument);
  EXPECT_THROW(badge_verifier(badge_keyring{{"bad id", test_key}}, wib), std::invalid_argument);
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

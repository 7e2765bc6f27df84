#include "pantau/shared/badge.hpp"

#include <sodium.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace pantau {
namespace {

const std::string test_key(32, 'K');  // 32 bytes, the minimum
const std::string other_key = "a-different-key-of-at-least-32-bytes!";
constexpr const char* test_nip = "198503152010011001";
constexpr int wib = 7 * 60;

// 2026-11-22T00:31:02Z = 07:31:02 WIB.
constexpr std::int64_t t_2026_11_22 = 1795307462000;

std::string signed_badge(const std::string& nip = test_nip, const std::string& key_id = "k2026a",
                         const std::string& expiry = "20271231", const std::string& key = test_key) {
  auto r = sign_badge(nip, key_id, expiry, key);
  if (!r) throw std::runtime_error(r.err().message);
  return r.value();
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
  EXPECT_EQ(sign_badge("12345", "k1", "20271231", test_key).err().code, errc::invalid_nip);
  EXPECT_EQ(sign_badge(test_nip, "k.1", "20271231", test_key).err().code, errc::invalid_key_id);
  EXPECT_EQ(sign_badge(test_nip, "k1", "20270231", test_key).err().code, errc::invalid_expiry);
  EXPECT_EQ(sign_badge(test_nip, "k1", "20271231", "short").err().code, errc::short_key);
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

}  // namespace
}  // namespace pantau

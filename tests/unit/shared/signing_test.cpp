#include "pantau/shared/signing.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>

namespace pantau::signing {
namespace {

std::string hex_bytes(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(), hex.size(), nullptr, nullptr,
                 nullptr);
  return out;
}

// RFC 8032 §7.1 TEST 1: the seed gives the published public key.
TEST(signing, seed_gives_the_rfc8032_public_key) {
  const auto kp = from_seed(hex_bytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  const auto expected = hex_bytes("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  EXPECT_EQ(std::string(kp.pub.bytes.begin(), kp.pub.bytes.end()), expected);
  EXPECT_EQ(kp.secret.public_part(), kp.pub);
}

TEST(signing, sealed_payload_ends_with_sig_over_the_rest) {
  const auto kp = generate();
  const std::string body = R"({"v":1,"seq":7})";
  const std::string payload = seal(body, kp.secret);
  ASSERT_TRUE(payload.starts_with(R"({"v":1,"seq":7,"sig":")")) << payload;
  ASSERT_TRUE(payload.ends_with("\"}"));
  EXPECT_EQ(payload.size(), body.size() + seal_overhead);
  // Checked with libsodium directly: the signature covers exactly the unsigned object.
  const auto b64 = payload.substr(body.size() - 1 + 8, 88);
  unsigned char sig[64];
  std::size_t n = 0;
  ASSERT_EQ(sodium_base642bin(sig, sizeof sig, b64.data(), b64.size(), nullptr, &n, nullptr,
                              sodium_base64_VARIANT_ORIGINAL),
            0);
  ASSERT_EQ(n, 64U);
  EXPECT_EQ(crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                                        kp.pub.bytes.data()),
            0);
  std::string scratch;
  auto opened = open(payload, kp.pub, scratch);
  ASSERT_TRUE(opened) << opened.err().message;
  EXPECT_EQ(*opened, body);
}

TEST(signing, open_refuses_other_keys_edits_and_unsealed_text) {
  const auto kp = generate();
  const auto other = generate();
  const std::string payload = seal(R"({"v":1,"seq":7})", kp.secret);
  std::string scratch;
  EXPECT_EQ(open(payload, other.pub, scratch).err().code, errc::bad_signature);
  std::string edited = payload;
  edited[12] = '8';  // seq 7 -> 8
  EXPECT_EQ(open(edited, kp.pub, scratch).err().code, errc::bad_signature);
  EXPECT_EQ(open(R"({"v":1,"seq":7})", kp.pub, scratch).err().code, errc::not_sealed);
  EXPECT_EQ(open(R"({"seq":9223372036854775807})", kp.pub, scratch).err().code, errc::not_sealed);
  EXPECT_EQ(open("", kp.pub, scratch).err().code, errc::not_sealed);
  EXPECT_EQ(open(payload + " ", kp.pub, scratch).err().code, errc::not_sealed);
  // A signature that is not canonical base64 of 64 bytes is refused before any verification.
  std::string mangled = payload;
  mangled[mangled.size() - 3] = '*';
  EXPECT_EQ(open(mangled, kp.pub, scratch).err().code, errc::not_sealed);
}

TEST(signing, keys_round_trip_as_base64_text_and_have_a_short_id) {
  const auto kp = generate();
  auto pub = parse_public_key(to_text(kp.pub) + "\n");
  ASSERT_TRUE(pub);
  EXPECT_EQ(*pub, kp.pub);
  auto sec = parse_secret_key(to_text(kp.secret));
  ASSERT_TRUE(sec);
  EXPECT_EQ(sec->public_part(), kp.pub);
  EXPECT_EQ(key_id(kp.pub).size(), 16U);
  EXPECT_NE(key_id(kp.pub), key_id(generate().pub));
  EXPECT_FALSE(parse_public_key(to_text(kp.secret)));
  EXPECT_FALSE(parse_secret_key(to_text(kp.pub)));
  EXPECT_FALSE(parse_public_key("not base64 at all, not at all!!!!!!!!!!!!!="));
  // A secret whose public half was swapped for another is not a key libsodium made.
  auto forged = kp.secret;
  forged.bytes[63] ^= 1;
  EXPECT_FALSE(parse_secret_key(to_text(forged)));
}

}  // namespace
}  // namespace pantau::signing

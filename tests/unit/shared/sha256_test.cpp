#include "pantau/shared/sha256.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace pantau {
namespace {

// FIPS 180-4 examples (NIST CSRC "SHA-256" example values).
TEST(sha256, matches_fips_180_vectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(sha256, bytes_and_text_give_the_same_digest) {
  const std::vector<std::uint8_t> bytes{'a', 'b', 'c', 0x00, 0xff};
  const std::string text("abc\0\xff", 5);
  EXPECT_EQ(sha256_hex(bytes.data(), bytes.size()), sha256_hex(text));
  EXPECT_EQ(sha256_hex(text).size(), 64U);
}

}  // namespace
}  // namespace pantau

#include "pantau/shared/validate.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pantau/shared/badge.hpp"
#include "pantau/shared/topics.hpp"

namespace pantau {
namespace {

TEST(validate, ids_are_lowercase_names_of_at_most_48_characters) {
  for (const std::string& ok : std::vector<std::string>{"a", "kantor-pusat", "loket-1", "0", std::string(48, 'x')}) {
    EXPECT_TRUE(is_valid_id(ok)) << ok;
    EXPECT_TRUE(topics::is_valid_name(ok)) << ok;  // topic levels follow the same rule
  }
  for (const std::string& bad :
       std::vector<std::string>{"", "Kantor", "kantor pusat", "kantor_pusat", "a/b", "+", "#", std::string(49, 'x')}) {
    EXPECT_FALSE(is_valid_id(bad)) << bad;
    EXPECT_FALSE(topics::is_valid_name(bad)) << bad;
  }
  EXPECT_TRUE(is_id_char('-'));
  EXPECT_FALSE(is_id_char('_'));
}

TEST(validate, a_badge_nip_is_a_wire_nip_with_structure) {
  EXPECT_TRUE(is_valid_nip("198513152010011001"));         // 18 digits: enough for the wire
  EXPECT_FALSE(is_valid_badge_nip("198513152010011001"));  // born in month 13: not on a badge
  EXPECT_FALSE(is_valid_nip("19851315201001100"));
  EXPECT_FALSE(is_valid_badge_nip("19851315201001100"));
}

TEST(validate, counters_and_photo_references) {
  EXPECT_TRUE(is_valid_counter("Loket 1.a_b-c"));
  EXPECT_FALSE(is_valid_counter(""));
  EXPECT_FALSE(is_valid_counter("loket/1"));
  EXPECT_TRUE(is_valid_photo_ref("sha256:" + std::string(64, 'a')));
  EXPECT_FALSE(is_valid_photo_ref("sha256:" + std::string(64, 'A')));
  EXPECT_FALSE(is_printable_text("a\tb", 10));
  EXPECT_TRUE(is_printable_text("\xc3\xa9t\xc3\xa9", 3));  // code points, not bytes
  EXPECT_FALSE(is_printable_text("\xc3\xa9t\xc3\xa9", 2));
}

}  // namespace
}  // namespace pantau

#include "pantau/shared/error_code.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

namespace pantau {
namespace {

TEST(error_code_test, every_code_has_a_unique_label_and_a_description_in_both_languages) {
  std::set<std::string_view> labels;
  for (std::size_t i = 0; i < errc_count; ++i) {
    const auto code = static_cast<errc>(i);
    const std::string_view label = to_string(code);
    SCOPED_TRACE(std::string(label) + " (" + std::to_string(i) + ")");
    ASSERT_FALSE(label.empty());
    EXPECT_TRUE(labels.insert(label).second) << "label used twice";
    // Labels are metrics labels and JSON values: lowercase snake_case only.
    EXPECT_EQ(label.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_"), std::string_view::npos);
    const std::string_view text = describe(code);
    const auto slash = text.find(" / ");
    ASSERT_NE(slash, std::string_view::npos) << "expected \"Bahasa Indonesia / English\": " << text;
    EXPECT_GT(slash, 0u);
    EXPECT_LT(slash + 3, text.size());
  }
  EXPECT_EQ(labels.size(), errc_count);
}

TEST(error_code_test, labels_parse_back_to_their_code) {
  for (std::size_t i = 0; i < errc_count; ++i) {
    const auto code = static_cast<errc>(i);
    EXPECT_EQ(parse_errc(to_string(code)), code) << to_string(code);
  }
}

TEST(error_code_test, labels_on_the_wire_keep_their_spelling) {
  // What kiosks, dashboards and metrics already read: these strings must not drift.
  EXPECT_EQ(to_string(errc::invalid_field), "invalid_field");
  EXPECT_EQ(to_string(errc::unsupported_version), "unsupported_version");
  EXPECT_EQ(to_string(errc::topic_mismatch), "topic_mismatch");
  EXPECT_EQ(to_string(errc::unregistered_kiosk), "unregistered_kiosk");
  EXPECT_EQ(to_string(errc::store_error), "store_error");
  EXPECT_EQ(to_string(errc::not_committed), "not_committed");
}

TEST(error_code_test, an_unknown_label_is_not_a_code) {
  EXPECT_EQ(parse_errc(""), std::nullopt);
  EXPECT_EQ(parse_errc("storage"), std::nullopt);    // merged into store_error
  EXPECT_EQ(parse_errc("bad_query"), std::nullopt);  // merged into bad_request
  EXPECT_EQ(parse_errc("Invalid_Field"), std::nullopt);
  EXPECT_EQ(parse_errc("invalid_field "), std::nullopt);
  EXPECT_EQ(parse_errc("some_new_code"), std::nullopt);
}

TEST(error_code_test, streams_as_its_label) {
  std::ostringstream os;
  os << errc::old_day;
  EXPECT_EQ(os.str(), "old_day");
}

}  // namespace
}  // namespace pantau

// The hub's config kept by the kiosk: applied only when valid and meant for this kiosk, kept across
// restarts (offline start), listeners told of each change.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pantau/kiosk/settings_store.hpp"
#include "pantau/shared/codec.hpp"
#include "test_util.hpp"

namespace pantau::kiosk {
namespace {

kiosk_settings for_k01(std::string name) {
  kiosk_settings s;
  s.office = "binjai-dukcapil";
  s.kiosk = "k-01";
  s.roster = {{"198503152010011001", std::move(name), "pendaftaran"}};
  s.issued = "2026-11-28T01:02:03.004Z";
  return s;
}

TEST(settings_store, keeps_a_valid_config_across_restarts_and_refuses_bad_ones) {
  test_util::temp_dir dir;
  const std::string db = (dir.path() / "outbox.db").string();
  std::vector<std::string> seen;
  {
    auto store = settings_store::open(db, "binjai-dukcapil", "k-01");
    ASSERT_TRUE(store.ok()) << store.err().message;
    EXPECT_FALSE((*store)->current().has_value());
    (*store)->on_change([&](const kiosk_settings& s) { seen.push_back(s.roster.at(0).name); });

    auto applied = (*store)->offer(encode_settings(for_k01("Siti")));
    ASSERT_TRUE(applied.ok()) << applied.err().message;
    EXPECT_TRUE(*applied);
    EXPECT_FALSE(*(*store)->offer(encode_settings(for_k01("Siti")))) << "the same payload again is a no-op";

    auto other = for_k01("Budi");
    other.kiosk = "k-02";
    const auto wrong = (*store)->offer(encode_settings(other));
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.err().code, errc::wrong_kiosk);
    EXPECT_EQ((*store)->offer("{\"v\":1}").err().code, errc::missing_field);
    EXPECT_EQ((*store)->current()->roster.at(0).name, "Siti") << "a refused config leaves the old one";

    ASSERT_TRUE((*store)->offer(encode_settings(for_k01("Siti Rahmawati"))).ok());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"Siti", "Siti Rahmawati"}));

  // Restart without a broker: the last config is there at once.
  auto again = settings_store::open(db, "binjai-dukcapil", "k-01");
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE((*again)->current().has_value());
  EXPECT_EQ((*again)->current()->roster.at(0).name, "Siti Rahmawati");
  std::string told;
  (*again)->on_change([&](const kiosk_settings& s) { told = s.roster.at(0).name; });
  EXPECT_EQ(told, "Siti Rahmawati") << "a listener added later hears the current config at once";
}

}  // namespace
}  // namespace pantau::kiosk

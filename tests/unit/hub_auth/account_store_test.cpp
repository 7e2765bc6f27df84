// The account store on a real SQLite file: users, password checks, sessions and their expiry.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <random>

#include "pantau/hub/auth/account_store.hpp"

namespace pantau::hub::auth {
namespace {

constexpr std::int64_t hour = 3600 * 1000;

class account_store_test : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("pantau-auth-" + std::to_string(rd()));
    path_ = (dir_ / "sub" / "hub.db").string();
    reopen();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void reopen() {
    store_.reset();
    account_options o;
    o.cost = password_cost::minimum();
    auto s = account_store::open(path_, clock_, o);
    ASSERT_TRUE(s) << s.err().message;
    store_ = std::move(s).value();
  }
  std::int64_t count(const char* sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
    std::int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
  }
  void add(const std::string& name, role r, std::vector<std::string> units = {}, std::string pw = "kata-sandi-1") {
    auto out = store_->put_user(user_update{name, r, std::move(units), std::move(pw), std::nullopt});
    ASSERT_TRUE(out) << out.err().message;
  }

  manual_clock clock_{1'800'000'000'000, 0};
  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<account_store> store_;
};

TEST_F(account_store_test, users_are_created_updated_and_listed_without_their_hashes) {
  auto out = store_->put_user(user_update{"admin", role::admin, {}, std::string("kata-sandi-1"), std::nullopt});
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, put_outcome::created);
  out = store_->put_user(user_update{"admin", role::supervisor, {"dukcapil"}, std::nullopt, std::nullopt});
  ASSERT_TRUE(out) << out.err().message;
  EXPECT_EQ(*out, put_outcome::updated);

  auto u = store_->find_user("admin");
  ASSERT_TRUE(u);
  ASSERT_TRUE(*u);
  EXPECT_EQ((*u)->role, role::supervisor);
  EXPECT_EQ((*u)->units, std::vector<std::string>{"dukcapil"});
  EXPECT_EQ((*u)->created_ms, 1'800'000'000'000);
  EXPECT_FALSE((*u)->disabled);
  // Keeping the old hash when no password is given: the old password still works.
  auto who = store_->check_password("admin", "kata-sandi-1");
  ASSERT_TRUE(who);
  ASSERT_TRUE(*who);
  EXPECT_EQ((*who)->role, role::supervisor);

  add("viewer-1", role::viewer);
  auto all = store_->list_users();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "admin");
  EXPECT_EQ((*all)[1].name, "viewer-1");
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%'"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM users WHERE units = '[\"dukcapil\"]'"), 1);

  reopen();
  EXPECT_TRUE(*store_->find_user("viewer-1"));
  EXPECT_FALSE(*store_->find_user("nobody"));
}

TEST_F(account_store_test, bad_input_is_refused_with_a_reason) {
  auto bad = [&](user_update u, errc code) {
    auto out = store_->put_user(u);
    ASSERT_FALSE(out) << u.name;
    EXPECT_EQ(out.err().code, code) << u.name;
    EXPECT_FALSE(out.err().message.empty());
  };
  bad(user_update{"", role::viewer, {}, std::string("kata-sandi-1"), std::nullopt}, errc::bad_user);
  bad(user_update{"has space", role::viewer, {}, std::string("kata-sandi-1"), std::nullopt}, errc::bad_user);
  bad(user_update{std::string(65, 'a'), role::viewer, {}, std::string("kata-sandi-1"), std::nullopt}, errc::bad_user);
  bad(user_update{"sup", role::supervisor, {}, std::string("kata-sandi-1"), std::nullopt}, errc::bad_user);
  bad(user_update{"sup", role::supervisor, {"bad/unit"}, std::string("kata-sandi-1"), std::nullopt}, errc::bad_user);
  bad(user_update{"sup", role::supervisor, {"dukcapil"}, std::string(""), std::nullopt}, errc::bad_password);
  bad(user_update{"new", role::viewer, {}, std::nullopt, std::nullopt}, errc::bad_password);
  EXPECT_EQ(count("SELECT count(*) FROM users"), 0);
}

TEST_F(account_store_test, password_checks_give_one_answer_for_every_kind_of_failure) {
  add("budi", role::supervisor, {"dukcapil"});
  auto ok = store_->check_password("budi", "kata-sandi-1");
  ASSERT_TRUE(ok);
  ASSERT_TRUE(*ok);
  EXPECT_EQ((*ok)->user, "budi");
  EXPECT_EQ((*ok)->units, std::vector<std::string>{"dukcapil"});
  EXPECT_FALSE(*store_->check_password("budi", "salah-sandi"));
  EXPECT_FALSE(*store_->check_password("nobody", "kata-sandi-1"));
  EXPECT_FALSE(*store_->check_password("", ""));
  ASSERT_TRUE(store_->put_user(user_update{"budi", role::supervisor, {"dukcapil"}, std::nullopt, true}));
  EXPECT_FALSE(*store_->check_password("budi", "kata-sandi-1")) << "disabled";
}

TEST_F(account_store_test, sessions_keep_only_a_hash_and_expire_after_twelve_idle_hours) {
  add("budi", role::viewer, {"dukcapil"});
  auto token = store_->create_session("budi");
  ASSERT_TRUE(token) << token.err().message;
  EXPECT_TRUE(looks_like_session_token(*token)) << *token;
  EXPECT_EQ(count(("SELECT count(*) FROM sessions WHERE token_hash = '" + *token + "'").c_str()), 0);
  EXPECT_EQ(count("SELECT count(*) FROM sessions WHERE length(token_hash) = 64"), 1);
  auto other = store_->create_session("budi");
  ASSERT_TRUE(other);
  EXPECT_NE(*token, *other);

  auto who = store_->session(*token);
  ASSERT_TRUE(who);
  ASSERT_TRUE(*who);
  EXPECT_EQ((*who)->user, "budi");
  EXPECT_EQ((*who)->role, role::viewer);

  // Used 11 h later: still valid, and the 12 h start again from there.
  clock_.advance(11 * hour);
  EXPECT_TRUE(*store_->session(*token));
  clock_.advance(11 * hour);
  EXPECT_TRUE(*store_->session(*token)) << "idle time counts from the last use";
  EXPECT_FALSE(*store_->session(*other)) << "the unused one expired";
  EXPECT_EQ(count("SELECT count(*) FROM sessions"), 1) << "expired sessions are deleted on sight";
  clock_.advance(12 * hour);
  EXPECT_FALSE(*store_->session(*token));

  EXPECT_FALSE(*store_->session("not-a-token"));
  EXPECT_FALSE(*store_->session(std::string(43, 'A')));
}

TEST_F(account_store_test, logout_password_change_and_disabling_end_sessions) {
  add("budi", role::viewer, {"dukcapil"});
  auto a = store_->create_session("budi");
  auto b = store_->create_session("budi");
  auto c = store_->create_session("budi");
  ASSERT_TRUE(a && b && c);
  EXPECT_TRUE(*store_->end_session(*a));
  EXPECT_FALSE(*store_->end_session(*a)) << "already gone";
  EXPECT_FALSE(*store_->session(*a));
  EXPECT_TRUE(*store_->session(*b));

  // A role change alone keeps sessions, and the session sees the new role at once.
  ASSERT_TRUE(store_->put_user(user_update{"budi", role::supervisor, {"dukcapil"}, std::nullopt, std::nullopt}));
  auto who = store_->session(*b);
  ASSERT_TRUE(who && *who);
  EXPECT_EQ((*who)->role, role::supervisor);

  ASSERT_TRUE(store_->put_user(user_update{"budi", role::supervisor, {"dukcapil"}, std::string("sandi-baru-2"), std::nullopt}));
  EXPECT_FALSE(*store_->session(*b));
  EXPECT_FALSE(*store_->session(*c));
  EXPECT_TRUE(*store_->check_password("budi", "sandi-baru-2"));
  EXPECT_FALSE(*store_->check_password("budi", "kata-sandi-1"));

  auto d = store_->create_session("budi");
  ASSERT_TRUE(d);
  ASSERT_TRUE(store_->put_user(user_update{"budi", role::supervisor, {"dukcapil"}, std::nullopt, true}));
  EXPECT_FALSE(*store_->session(*d));
}

TEST_F(account_store_test, purge_removes_only_expired_sessions) {
  add("budi", role::viewer);
  ASSERT_TRUE(store_->create_session("budi"));
  clock_.advance(6 * hour);
  auto fresh = store_->create_session("budi");
  ASSERT_TRUE(fresh);
  clock_.advance(7 * hour);
  auto purged = store_->purge_expired();
  ASSERT_TRUE(purged);
  EXPECT_EQ(*purged, 1);
  EXPECT_TRUE(*store_->session(*fresh));
}

}  // namespace
}  // namespace pantau::hub::auth

#include "pantau/hub/auth/account_store.hpp"

#include <boost/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <mutex>

#include "pantau/shared/sha256.hpp"
#include "pantau/sqlite/sqlite.hpp"

namespace pantau::hub::auth {
namespace {

constexpr std::size_t token_bytes = 32;
constexpr std::size_t max_name_length = 64;

constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS users(
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  units TEXT NOT NULL DEFAULT '[]',
  password_hash TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS sessions(
  token_hash TEXT PRIMARY KEY,
  user TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  last_seen_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions(user);
CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions(expires_ms);
)sql";

bool name_char(char c, bool allow_at) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-' || (allow_at && c == '@');
}

bool valid_name(std::string_view s, bool allow_at) {
  return !s.empty() && s.size() <= max_name_length &&
         std::all_of(s.begin(), s.end(), [allow_at](char c) { return name_char(c, allow_at); });
}

std::string units_to_json(const std::vector<std::string>& units) {
  boost::json::array a;
  for (const auto& u : units) a.emplace_back(u);
  return boost::json::serialize(a);
}

// Anything unreadable becomes "no units": a damaged row must not widen what someone sees.
std::vector<std::string> units_from_json(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array())
    if (e.is_string()) out.emplace_back(e.as_string());
  return out;
}

std::string token_hash(std::string_view token) { return sha256_hex(token); }

}  // namespace

result<bool> validate_user(const user_update& u) {
  if (!valid_name(u.name, true))
    return error{errc::bad_user, "nama pengguna tidak valid: 1-64 huruf, angka, . _ @ - / bad user name \"" + u.name +
                                 "\": expected 1-64 of letters, digits, . _ @ -"};
  for (const auto& unit : u.units)
    if (!valid_name(unit, false))
      return error{errc::bad_user, "unit tidak valid / bad unit \"" + unit + "\": expected 1-64 of letters, digits, . _ -"};
  if (u.role == role::supervisor && u.units.empty())
    return error{errc::bad_user, "supervisor harus punya minimal satu unit / a supervisor needs at least one unit"};
  if (u.password) {
    auto ok = check_new_password(*u.password);
    if (!ok) return ok.err();
  }
  return true;
}

std::string new_session_token() {
  init_sodium();
  unsigned char raw[token_bytes];
  randombytes_buf(raw, sizeof raw);
  char out[sodium_base64_ENCODED_LEN(token_bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw, sizeof raw);
  return std::string(out);
}

bool looks_like_session_token(std::string_view token) {
  // 32 bytes in base64url without padding: ceil(32 * 4 / 3) = 43 characters.
  return token.size() == 43 && std::all_of(token.begin(), token.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
         });
}

struct account_store::impl {
  const pantau::clock* clock = nullptr;
  account_options options;
  std::mutex mu;
  sqlite::connection db;
  std::optional<sqlite::statement> get_user, insert_user, update_user, list_users, delete_user_sessions,
      insert_session, get_session, touch_session, delete_session, purge;
  // Verified against for unknown names so a miss costs what a hit costs.
  std::once_flag dummy_once;
  std::string dummy_hash;

  result<bool> prepare_all() {
    struct spec {
      std::optional<sqlite::statement>* st;
      const char* sql;
    };
    const spec specs[] = {
        {&get_user, "SELECT role, units, password_hash, created_ms, disabled FROM users WHERE name = ?1"},
        {&insert_user,
         "INSERT INTO users(name, role, units, password_hash, created_ms, disabled) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"},
        {&update_user, "UPDATE users SET role = ?2, units = ?3, password_hash = ?4, disabled = ?5 WHERE name = ?1"},
        {&list_users, "SELECT name, role, units, created_ms, disabled FROM users ORDER BY name"},
        {&delete_user_sessions, "DELETE FROM sessions WHERE user = ?1"},
        {&insert_session,
         "INSERT INTO sessions(token_hash, user, created_ms, expires_ms, last_seen_ms) VALUES(?1, ?2, ?3, ?4, ?3)"},
        {&get_session,
         "SELECT s.user, s.expires_ms, s.last_seen_ms, u.role, u.units, u.disabled "
         "FROM sessions s JOIN users u ON u.name = s.user WHERE s.token_hash = ?1"},
        {&touch_session, "UPDATE sessions SET last_seen_ms = ?2, expires_ms = ?3 WHERE token_hash = ?1"},
        {&delete_session, "DELETE FROM sessions WHERE token_hash = ?1"},
        {&purge, "DELETE FROM sessions WHERE expires_ms <= ?1"},
    };
    for (const auto& s : specs) {
      auto st = db.prepare(s.sql);
      if (!st) return st.err();
      s.st->emplace(std::move(st).value());
    }
    return true;
  }

  struct stored_user {
    user_record record;
    std::string hash;
    bool role_ok = true;
  };

  result<std::optional<stored_user>> read_user(std::string_view name) {
    auto& st = *get_user;
    sqlite::reset_guard guard(st);
    st.bind(1, name);
    auto row = st.execute_step("read user");
    if (!row) return row.err();
    if (*row == sqlite::step::done) return std::optional<stored_user>();
    stored_user u;
    u.record.name = std::string(name);
    auto r = parse_role(st.column_text(0));
    u.role_ok = r.has_value();
    u.record.role = r.value_or(role::viewer);
    u.record.units = units_from_json(st.column_text(1));
    u.hash = st.column_text(2);
    u.record.created_ms = st.column_int64(3);
    u.record.disabled = st.column_int64(4) != 0;
    return std::optional<stored_user>(std::move(u));
  }

};

account_store::account_store(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
account_store::~account_store() = default;

const account_options& account_store::options() const { return impl_->options; }

result<std::unique_ptr<account_store>> account_store::open(const std::string& path, const pantau::clock& clock,
                                                           account_options options) {
  init_sodium();
  auto p = std::make_unique<impl>();
  p->clock = &clock;
  p->options = options;
  sqlite::open_options o;
  // The ingest writer shares the file: wait for its transactions instead of failing.
  o.busy_timeout_ms = 10000;
  auto db = sqlite::connection::open(path, o);
  if (!db) return db.err();
  p->db = std::move(db).value();
  auto ok = p->db.exec(schema);
  if (!ok) return error{ok.err().code, path + ": " + ok.err().message};
  ok = p->prepare_all();
  if (!ok) return error{ok.err().code, path + ": " + ok.err().message};
  return std::unique_ptr<account_store>(new account_store(std::move(p)));
}

result<put_outcome> account_store::put_user(const user_update& u) {
  auto valid = validate_user(u);
  if (!valid) return valid.err();
  // Hashing is slow and needs no lock.
  std::optional<std::string> new_hash;
  if (u.password) {
    auto h = hash_password(*u.password, impl_->options.cost);
    if (!h) return h.err();
    new_hash = std::move(h).value();
  }
  const std::string units = units_to_json(u.units);

  std::lock_guard lock(impl_->mu);
  auto tx = sqlite::transaction::begin(impl_->db);
  if (!tx) return tx.err();
  auto existing = impl_->read_user(u.name);
  if (!existing) return existing.err();

  put_outcome outcome = put_outcome::created;
  if (!*existing) {
    if (!new_hash)
      return error{errc::bad_password, "pengguna baru perlu kata sandi / a new user needs a password"};
    auto& st = *impl_->insert_user;
    st.bind(1, u.name);
    st.bind(2, std::string_view(to_string(u.role)));
    st.bind(3, units);
    st.bind(4, *new_hash);
    st.bind(5, impl_->clock->utc_ms());
    st.bind(6, std::int64_t{u.disabled.value_or(false) ? 1 : 0});
    auto ok = st.run("insert user");
    if (!ok) return ok.err();
  } else {
    outcome = put_outcome::updated;
    const auto& old = **existing;
    const bool disabled = u.disabled.value_or(old.record.disabled);
    const std::string& hash = new_hash ? *new_hash : old.hash;
    auto& st = *impl_->update_user;
    st.bind(1, u.name);
    st.bind(2, std::string_view(to_string(u.role)));
    st.bind(3, units);
    st.bind(4, hash);
    st.bind(5, std::int64_t{disabled ? 1 : 0});
    auto ok = st.run("update user");
    if (!ok) return ok.err();
    // Whoever held the old password or a now-disabled account is signed out everywhere.
    if (new_hash || (disabled && !old.record.disabled)) {
      auto& del = *impl_->delete_user_sessions;
      del.bind(1, u.name);
      ok = del.run("end sessions");
      if (!ok) return ok.err();
    }
  }
  auto committed = tx->commit();
  if (!committed) return committed.err();
  return outcome;
}

result<std::optional<user_record>> account_store::find_user(std::string_view name) {
  std::lock_guard lock(impl_->mu);
  auto u = impl_->read_user(name);
  if (!u) return u.err();
  if (!*u) return std::optional<user_record>();
  return std::optional<user_record>((*u)->record);
}

result<std::vector<user_record>> account_store::list_users() {
  std::lock_guard lock(impl_->mu);
  std::vector<user_record> out;
  auto read = impl_->list_users->each_row("list users", [&out](const sqlite::statement& row) {
    user_record r;
    r.name = row.column_text(0);
    r.role = parse_role(row.column_text(1)).value_or(role::viewer);
    r.units = units_from_json(row.column_text(2));
    r.created_ms = row.column_int64(3);
    r.disabled = row.column_int64(4) != 0;
    out.push_back(std::move(r));
  });
  if (!read) return read.err();
  return out;
}

result<std::optional<principal>> account_store::check_password(std::string_view name, std::string_view password) {
  std::optional<impl::stored_user> found;
  {
    std::lock_guard lock(impl_->mu);
    auto u = impl_->read_user(name);
    if (!u) return u.err();
    found = std::move(*u);
  }
  const bool usable = found && !found->record.disabled && found->role_ok;
  if (!usable) {
    std::call_once(impl_->dummy_once, [this] {
      auto h = hash_password("pantau-dummy-password", impl_->options.cost);
      if (h) impl_->dummy_hash = std::move(h).value();
    });
    (void)verify_password(impl_->dummy_hash, password);
    return std::optional<principal>();
  }
  if (!verify_password(found->hash, password)) return std::optional<principal>();

  if (needs_rehash(found->hash, impl_->options.cost)) {
    // Best effort: the login succeeds even if the upgrade cannot be written now.
    auto h = hash_password(password, impl_->options.cost);
    if (h) {
      std::lock_guard lock(impl_->mu);
      auto& st = *impl_->update_user;
      st.bind(1, found->record.name);
      st.bind(2, std::string_view(to_string(found->record.role)));
      const std::string units = units_to_json(found->record.units);
      st.bind(3, units);
      st.bind(4, *h);
      st.bind(5, std::int64_t{0});
      (void)st.run("rehash");
    }
  }
  return std::optional<principal>(principal{found->record.name, found->record.role, found->record.units});
}

result<std::string> account_store::create_session(std::string_view user) {
  std::string token = new_session_token();
  const std::string hash = token_hash(token);
  const std::int64_t now = impl_->clock->utc_ms();
  std::lock_guard lock(impl_->mu);
  auto& purge = *impl_->purge;
  purge.bind(1, now);
  auto ok = purge.run("purge sessions");
  if (!ok) return ok.err();
  auto& st = *impl_->insert_session;
  st.bind(1, hash);
  st.bind(2, user);
  st.bind(3, now);
  st.bind(4, now + impl_->options.session_ttl_ms);
  ok = st.run("create session");
  if (!ok) return ok.err();
  return token;
}

result<std::optional<principal>> account_store::session(std::string_view token) {
  if (!looks_like_session_token(token)) return std::optional<principal>();
  const std::string hash = token_hash(token);
  const std::int64_t now = impl_->clock->utc_ms();
  std::lock_guard lock(impl_->mu);
  principal who;
  std::int64_t expires = 0;
  std::int64_t last_seen = 0;
  bool disabled = false;
  std::optional<role> r;
  {
    auto& st = *impl_->get_session;
    sqlite::reset_guard guard(st);
    st.bind(1, hash);
    auto row = st.execute_step("read session");
    if (!row) return row.err();
    if (*row == sqlite::step::done) return std::optional<principal>();
    who.user = st.column_text(0);
    expires = st.column_int64(1);
    last_seen = st.column_int64(2);
    r = parse_role(st.column_text(3));
    who.units = units_from_json(st.column_text(4));
    disabled = st.column_int64(5) != 0;
  }
  if (now >= expires || disabled || !r) {
    auto& del = *impl_->delete_session;
    del.bind(1, hash);
    auto ok = del.run("end session");
    if (!ok) return ok.err();
    return std::optional<principal>();
  }
  who.role = *r;
  if (now - last_seen >= impl_->options.touch_every_ms) {
    auto& touch = *impl_->touch_session;
    touch.bind(1, hash);
    touch.bind(2, now);
    touch.bind(3, now + impl_->options.session_ttl_ms);
    auto ok = touch.run("touch session");
    if (!ok) return ok.err();
  }
  return std::optional<principal>(std::move(who));
}

result<bool> account_store::end_session(std::string_view token) {
  if (!looks_like_session_token(token)) return false;
  const std::string hash = token_hash(token);
  std::lock_guard lock(impl_->mu);
  auto& del = *impl_->delete_session;
  del.bind(1, hash);
  auto ok = del.run("end session");
  if (!ok) return ok.err();
  return impl_->db.changes() > 0;
}

result<std::int64_t> account_store::purge_expired() {
  std::lock_guard lock(impl_->mu);
  auto& purge = *impl_->purge;
  purge.bind(1, impl_->clock->utc_ms());
  auto ok = purge.run("purge sessions");
  if (!ok) return ok.err();
  return impl_->db.changes();
}

}  // namespace pantau::hub::auth

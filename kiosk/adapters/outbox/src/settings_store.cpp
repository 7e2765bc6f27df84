#include "pantau/kiosk/settings_store.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "pantau/shared/codec.hpp"
#include "pantau/sqlite/sqlite.hpp"

namespace pantau::kiosk {

struct settings_store::impl {
  sqlite::connection db;
  std::string office;
  std::string kiosk;
  mutable std::mutex mu;
  std::string payload;
  std::optional<kiosk_settings> settings;
  std::vector<listener> listeners;

  result<kiosk_settings> check(std::string_view text) const {
    auto s = decode_settings(text);
    if (!s) return s;
    if (s->office != office || s->kiosk != kiosk)
      return error{errc::wrong_kiosk, "config for " + s->office + "/" + s->kiosk + ", this kiosk is " + office + "/" + kiosk};
    return s;
  }
};

settings_store::settings_store(std::unique_ptr<impl> d) : d_(std::move(d)) {}
settings_store::~settings_store() = default;

result<std::unique_ptr<settings_store>> settings_store::open(const std::string& path, std::string office,
                                                             std::string kiosk) {
  auto db = sqlite::connection::open(path);
  if (!db) return db.err();
  if (auto ok = db->exec("CREATE TABLE IF NOT EXISTS hub_settings("
                         " id INTEGER PRIMARY KEY CHECK (id = 1),"
                         " payload TEXT NOT NULL,"
                         " received_ms INTEGER NOT NULL)");
      !ok)
    return ok.err();
  auto d = std::make_unique<impl>();
  d->db = std::move(db).value();
  d->office = std::move(office);
  d->kiosk = std::move(kiosk);
  auto st = d->db.prepare("SELECT payload FROM hub_settings WHERE id = 1");
  if (!st) return st.err();
  if (auto row = st->execute_step("read kept hub config"); row && *row == sqlite::step::row) {
    const std::string kept = st->column_text(0);
    // A kept config that no longer decodes (an older format) is ignored: the hub sends a new one.
    if (auto s = d->check(kept)) {
      d->payload = kept;
      d->settings = std::move(s).value();
    } else {
      spdlog::warn("kept hub config ignored: {}", s.err().message);
    }
  }
  return std::unique_ptr<settings_store>(new settings_store(std::move(d)));
}

result<bool> settings_store::offer(std::string_view payload) {
  auto s = d_->check(payload);
  if (!s) return s.err();
  std::vector<listener> to_tell;
  {
    std::lock_guard lock(d_->mu);
    if (payload == d_->payload) return false;
    auto st = d_->db.prepare(
        "INSERT INTO hub_settings(id, payload, received_ms) VALUES (1, ?1, ?2) "
        "ON CONFLICT(id) DO UPDATE SET payload = excluded.payload, received_ms = excluded.received_ms");
    if (!st) return st.err();
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    st->bind(1, payload).bind(2, static_cast<std::int64_t>(now.count()));
    if (auto ok = st->run("keep hub config"); !ok) return ok.err();
    d_->payload = std::string(payload);
    d_->settings = *s;
    to_tell = d_->listeners;
  }
  for (const auto& l : to_tell) l(*s);
  return true;
}

std::optional<kiosk_settings> settings_store::current() const {
  std::lock_guard lock(d_->mu);
  return d_->settings;
}

void settings_store::on_change(listener l) {
  std::optional<kiosk_settings> now;
  {
    std::lock_guard lock(d_->mu);
    d_->listeners.push_back(l);
    now = d_->settings;
  }
  if (now) l(*now);
}

}  // namespace pantau::kiosk

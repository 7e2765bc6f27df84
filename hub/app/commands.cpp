#include "commands.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <istream>
#include <optional>
#include <ostream>

#include "pantau/hub/auth/account_store.hpp"
#include "pantau/hub/badge/badge_card.hpp"
#include "pantau/shared/badge.hpp"
#include "pantau/hub/core/access.hpp"
#include "pantau/hub/core/broker_config.hpp"
#include "pantau/hub/store/sqlite_store.hpp"
#include "pantau/shared/clock.hpp"
#include "pantau/shared/config.hpp"
#include "pantau/shared/signing.hpp"
#include "pantau/shared/toml_schema.hpp"
#include "pantau/shared/topics.hpp"

namespace pantau::hub::app {
namespace {

constexpr int exit_ok = 0;
constexpr int exit_runtime = 1;
constexpr int exit_usage = 2;

// Creates `path` with `mode` and writes `text`; never replaces an existing file.
std::optional<std::string> write_new_file(const std::string& path, const std::string& text, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return path + ": " + std::strerror(errno);
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(path.c_str());
      return path + ": " + why;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) return path + ": " + std::strerror(errno);
  return std::nullopt;
}

}  // namespace

int keygen(const std::string& secret_file, const std::string& public_file, std::ostream& out, std::ostream& err) {
  for (const auto* f : {&secret_file, &public_file}) {
    if (::access(f->c_str(), F_OK) == 0) {
      err << "pantau-hub: berkas sudah ada, tidak ditimpa / file exists, not overwritten: " << *f << "\n";
      return exit_usage;
    }
  }
  auto pair = pantau::signing::generate();
  if (auto e = write_new_file(secret_file, pantau::signing::to_text(pair.secret) + "\n", 0600)) {
    err << "pantau-hub: kunci rahasia tidak bisa ditulis / cannot write the secret key: " << *e << "\n";
    return exit_runtime;
  }
  if (auto e = write_new_file(public_file, pantau::signing::to_text(pair.pub) + "\n", 0644)) {
    ::unlink(secret_file.c_str());
    err << "pantau-hub: kunci publik tidak bisa ditulis / cannot write the public key: " << *e << "\n";
    return exit_runtime;
  }
  out << "kunci dibuat / key pair made: id " << pantau::signing::key_id(pair.pub) << ", secret " << secret_file
      << ", public " << public_file << "\n";
  return exit_ok;
}

int user_add(const hub_config& cfg, const pantau::clock& clock, const user_add_args& args, std::istream& in,
             std::ostream& out,
             std::ostream& err) {
  const auto r = parse_role(args.role);
  if (!r) {
    err << "pantau-hub: peran salah / bad role \"" << args.role << "\": expected admin, supervisor or viewer\n";
    return exit_usage;
  }
  if (!args.password_stdin) {
    // Never on the command line: it would show up in ps and in shell history.
    err << "pantau-hub: kata sandi dibaca dari stdin, pakai --password-stdin / "
           "the password is read from stdin: use --password-stdin\n";
    return exit_usage;
  }
  std::string password;
  std::getline(in, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.empty()) {
    err << "pantau-hub: kata sandi kosong / empty password on stdin\n";
    return exit_usage;
  }
  auth::user_update u{args.name, *r, args.units, password, std::nullopt};
  if (auto ok = auth::validate_user(u); !ok) {
    err << "pantau-hub: " << ok.err().message << "\n";
    return exit_usage;
  }

  auto accounts = auth::account_store::open(cfg.store_path, clock);
  if (!accounts) {
    err << "pantau-hub: penyimpanan tidak bisa dibuka / cannot open store: " << accounts.err().message << "\n";
    return exit_runtime;
  }
  auto outcome = (*accounts)->put_user(u);
  if (!outcome) {
    const bool input = outcome.err().code == errc::bad_user || outcome.err().code == errc::bad_password;
    err << "pantau-hub: " << outcome.err().message << "\n";
    return input ? exit_usage : exit_runtime;
  }
  if (*outcome == auth::put_outcome::created)
    out << "pengguna " << u.name << " dibuat / user " << u.name << " created\n";
  else
    out << "pengguna " << u.name << " diperbarui / user " << u.name << " updated\n";
  return exit_ok;
}

int kiosk_add(const hub_config& cfg, const pantau::clock& clock, const std::string& office, const std::string& kiosk,
              const std::string& public_key, std::ostream& out, std::ostream& err) {
  for (const auto* name : {&office, &kiosk}) {
    if (!topics::is_valid_name(*name)) {
      err << "pantau-hub: nama tidak valid / bad name \"" << *name << "\": expected lowercase [a-z0-9-]{1,48}\n";
      return exit_usage;
    }
  }
  std::string key_text;
  if (!public_key.empty()) {
    const bool from_file = public_key.front() == '@';
    auto parsed = from_file ? pantau::signing::load_public_key(public_key.substr(1))
                            : pantau::signing::parse_public_key(public_key);
    if (!parsed) {
      err << "pantau-hub: kunci publik salah / bad public key: " << parsed.err().message << "\n";
      return exit_usage;
    }
    key_text = pantau::signing::to_text(*parsed);  // one canonical form in the store
  }
  // Opening the store first makes the file and its schema when the hub has not run yet.
  auto store = sqlite_store::open(cfg.store_path);
  auto catalog = store ? sqlite_catalog::open(cfg.store_path) : pantau::result<std::unique_ptr<sqlite_catalog>>(store.err());
  if (!catalog) {
    err << "pantau-hub: penyimpanan tidak bisa dibuka / cannot open store: " << catalog.err().message << "\n";
    return exit_runtime;
  }
  auto done = (*catalog)->enrol(office, kiosk, clock.utc_ms(), key_text);
  if (!done) {
    err << "pantau-hub: pendaftaran kios gagal / kiosk registration failed: " << done.err().message << "\n";
    return exit_runtime;
  }
  if (done->added) out << "kios " << office << "/" << kiosk << " terdaftar / kiosk registered\n";
  else out << "kios " << office << "/" << kiosk << " sudah terdaftar / kiosk already registered\n";
  if (done->key_changed)
    out << "kunci baru " << pantau::signing::key_id(*pantau::signing::parse_public_key(key_text)) << ", epoch "
        << done->kiosk.epoch << ": kunci lama tidak berlaku lagi / new key, old key retired\n";
  else if (done->kiosk.public_key.empty())
    out << "kios belum punya kunci: kejadiannya ditolak sampai didaftarkan dengan --public-key / "
           "the kiosk has no key: its events are refused until registered with --public-key\n";
  return exit_ok;
}

int aggregates_rebuild(const hub_config& cfg, std::ostream& out, std::ostream& err) {
  auto store = sqlite_store::open(cfg.store_path);
  if (!store) {
    err << "pantau-hub: penyimpanan tidak bisa dibuka / cannot open store: " << store.err().message << "\n";
    return exit_runtime;
  }
  auto n = (*store)->rebuild_aggregates();
  if (!n) {
    err << "pantau-hub: agregat gagal dihitung ulang / cannot rebuild aggregates: " << n.err().message << "\n";
    return exit_runtime;
  }
  out << "agregat dihitung ulang dari " << *n << " kejadian / aggregates rebuilt from " << *n << " events\n";
  return exit_ok;
}

int badge_issue(const hub_config& cfg, const pantau::clock& clock, const badge_args& args, std::ostream& out,
                std::ostream& err) {
  if (!is_valid_badge_nip(args.nip)) {
    err << "pantau-hub: NIP tidak valid / bad NIP \"" << args.nip << "\": expected 18 digits\n";
    return exit_usage;
  }
  auto keys = load_badge_keyring(args.keyring);
  if (!keys) {
    err << "pantau-hub: " << keys.err().message << "\n";
    return exit_usage;
  }
  std::string key_id = args.key_id;
  if (key_id.empty()) {
    if (keys->size() != 1) {
      err << "pantau-hub: berkas kunci berisi " << keys->size() << " kunci, pilih dengan --key-id / the keyring has "
          << keys->size() << " keys: choose one with --key-id\n";
      return exit_usage;
    }
    key_id = keys->begin()->first;
  }
  const auto key = keys->find(key_id);
  if (key == keys->end()) {
    err << "pantau-hub: kunci \"" << key_id << "\" tidak ada di " << args.keyring << " / no such key id\n";
    return exit_usage;
  }
  std::string expiry = args.expiry;
  if (expiry.empty()) {
    using namespace std::chrono;
    const year_month_day today{floor<days>(sys_time<milliseconds>(milliseconds(clock.utc_ms())))};
    expiry = std::to_string(static_cast<int>(today.year()) + 1) + "1231";
  }

  auto catalog = sqlite_catalog::open(cfg.store_path);
  if (!catalog) {
    err << "pantau-hub: penyimpanan tidak bisa dibuka / cannot open store: " << catalog.err().message << "\n";
    return exit_runtime;
  }
  auto org = (*catalog)->load_org();
  if (!org) {
    err << "pantau-hub: penyimpanan tidak bisa dibaca / cannot read store: " << org.err().message << "\n";
    return exit_runtime;
  }
  // Badges are for people the hub knows: a typo in a NIP must not produce a card that checks in nobody.
  const auto* employee = org->find_employee(args.nip);
  if (employee == nullptr) {
    err << "pantau-hub: pegawai " << args.nip << " tidak terdaftar / employee not in the organisation data\n";
    return exit_usage;
  }
  auto text = sign_badge(args.nip, key_id, expiry, key->second);
  if (!text) {
    err << "pantau-hub: " << text.err().message << "\n";
    return exit_usage;
  }
  const auto* unit = org->find_unit(employee->unit);
  auto png = badge::render_png({*text, args.nip, employee->name, unit ? unit->name : employee->unit, expiry});
  if (!png) {
    err << "pantau-hub: " << png.err().message << "\n";
    return exit_runtime;
  }
  const std::string path = args.out.empty() ? "badge-" + args.nip + ".png" : args.out;
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(reinterpret_cast<const char*>(png->data()), static_cast<std::streamsize>(png->size()));
  file.close();
  if (!file) {
    err << "pantau-hub: tidak bisa menulis / cannot write " << path << "\n";
    return exit_runtime;
  }
  out << "kartu " << employee->name << " (" << args.nip << ") tersimpan di / badge written to " << path
      << " (kunci/key " << key_id << ", berlaku s.d./valid until " << badge::printed_date(expiry) << ")\n";
  return exit_ok;
}

// ---- broker-config -----------------------------------------------------------------------------

int broker_config(const hub_config& cfg, const broker_config_args& args, std::ostream& out, std::ostream& err) {
  for (const auto& [name, path] : {std::pair{"--ca-file", &args.ca_file}, std::pair{"--cert-file", &args.cert_file},
                                   std::pair{"--key-file", &args.key_file}}) {
    if (!toml_schema::is_absolute_path(*path) || path->find_first_of(" \n\"") != std::string::npos) {
      err << "pantau-hub: " << name << " harus jalur absolut tanpa spasi / must be an absolute path without spaces: \""
          << *path << "\"\n";
      return exit_usage;
    }
  }
  if (args.port < 1 || args.port > 65535) {
    err << "pantau-hub: --port harus 1..65535 / must be 1..65535\n";
    return exit_usage;
  }
  if (args.hub_identity.empty() || args.hub_identity.find_first_of(" .\n") != std::string::npos) {
    err << "pantau-hub: --hub-identity tanpa spasi dan titik / without spaces and dots (a dot marks a kiosk): \""
        << args.hub_identity << "\"\n";
    return exit_usage;
  }
  auto store = sqlite_store::open(cfg.store_path);
  if (!store) {
    err << "pantau-hub: penyimpanan tidak bisa dibuka / cannot open store: " << store.err().message << "\n";
    return exit_runtime;
  }
  auto kiosks = (*store)->load_kiosks();
  if (!kiosks) {
    err << "pantau-hub: penyimpanan tidak bisa dibaca / cannot read store: " << kiosks.err().message << "\n";
    return exit_runtime;
  }
  std::error_code ec;
  std::filesystem::create_directories(args.out, ec);
  const auto dir = std::filesystem::absolute(args.out, ec);
  if (ec) {
    err << "pantau-hub: folder tidak bisa dibuat / cannot create " << args.out << ": " << ec.message() << "\n";
    return exit_runtime;
  }
  broker_config_options o;
  o.bind = args.bind;
  o.port = static_cast<std::uint16_t>(args.port);
  o.ca_file = args.ca_file;
  o.cert_file = args.cert_file;
  o.key_file = args.key_file;
  o.acl_file = (dir / "pantau.acl").string();
  o.hub_identity = args.hub_identity;
  o.persistence_location = args.persistence;
  o.run_as_user = args.user;
  o.message_size_limit = static_cast<std::uint32_t>(std::max(args.message_size_limit, 1024));
  const auto files = render_broker_config(o, *kiosks);
  for (const auto& [name, text] : {std::pair{"mosquitto.conf", &files.conf}, std::pair{"pantau.acl", &files.acl}}) {
    // Whole or not at all: written beside and renamed over, so a broker reloading meanwhile never
    // reads half an ACL.
    const auto target = dir / name;
    const auto tmp = dir / (std::string(name) + ".tmp");
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      f << *text;
      if (!f.flush()) {
        err << "pantau-hub: tidak bisa menulis / cannot write " << tmp.string() << "\n";
        return exit_runtime;
      }
    }
    std::filesystem::rename(tmp, target, ec);
    if (ec) {
      err << "pantau-hub: tidak bisa menulis / cannot write " << target.string() << ": " << ec.message() << "\n";
      return exit_runtime;
    }
  }
  out << "konfigurasi broker ditulis / broker configuration written: " << (dir / "mosquitto.conf").string() << ", "
      << o.acl_file << " (" << kiosks->size() << " kios/kiosks; identitas kios / kiosk identity CN = KANTOR.KIOS / OFFICE.KIOSK)\n";
  return exit_ok;
}

}  // namespace pantau::hub::app

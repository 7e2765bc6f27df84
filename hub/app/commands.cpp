#include "commands.hpp"

#include <istream>
#include <ostream>

#include "pantau/hub/auth/account_store.hpp"
#include "pantau/hub/core/access.hpp"
#include "pantau/hub/store/sqlite_store.hpp"
#include "pantau/shared/clock.hpp"
#include "pantau/shared/topics.hpp"

namespace pantau::hub::app {
namespace {

constexpr int exit_ok = 0;
constexpr int exit_runtime = 1;
constexpr int exit_usage = 2;

}  // namespace

int user_add(const hub_config& cfg, const user_add_args& args, std::istream& in, std::ostream& out,
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

  system_clock clock;
  auto accounts = auth::account_store::open(cfg.store_path, clock);
  if (!accounts) {
    err << "pantau-hub: penyimpanan tidak bisa dibuka / cannot open store: " << accounts.err().message << "\n";
    return exit_runtime;
  }
  auto outcome = (*accounts)->put_user(u);
  if (!outcome) {
    const bool input = outcome.err().code == "bad_user" || outcome.err().code == "bad_password";
    err << "pantau-hub: " << outcome.err().message << "\n";
    return input ? exit_usage : exit_runtime;
  }
  if (*outcome == auth::put_outcome::created)
    out << "pengguna " << u.name << " dibuat / user " << u.name << " created\n";
  else
    out << "pengguna " << u.name << " diperbarui / user " << u.name << " updated\n";
  return exit_ok;
}

int kiosk_add(const hub_config& cfg, const std::string& office, const std::string& kiosk, std::ostream& out,
              std::ostream& err) {
  for (const auto* name : {&office, &kiosk}) {
    if (!topics::is_valid_name(*name)) {
      err << "pantau-hub: nama tidak valid / bad name \"" << *name << "\": expected lowercase [a-z0-9-]{1,48}\n";
      return exit_usage;
    }
  }
  auto store = sqlite_store::open(cfg.store_path);
  if (!store) {
    err << "pantau-hub: penyimpanan tidak bisa dibuka / cannot open store: " << store.err().message << "\n";
    return exit_runtime;
  }
  system_clock clock;
  auto done = (*store)->register_kiosk(office, kiosk, clock.utc_ms());
  if (!done) {
    err << "pantau-hub: pendaftaran kios gagal / kiosk registration failed: " << done.err().message << "\n";
    return exit_runtime;
  }
  out << "kios " << office << "/" << kiosk << " terdaftar / kiosk registered\n";
  return exit_ok;
}

}  // namespace pantau::hub::app

#include "verify_command.hpp"

#include <ostream>

#include "pantau/hub/core/chain_audit.hpp"
#include "pantau/hub/store/sqlite_chain_store.hpp"

namespace pantau::hub::app {

int verify_chains(const hub_config& cfg, const pantau::clock& clock, std::ostream& out, std::ostream& err) {
  constexpr int exit_broken = 1;
  auto store = sqlite_chain_store::open(cfg.store_path);
  if (!store) {
    err << "pantau-hub: penyimpanan tidak bisa dibuka / cannot open store: " << store.err().message << "\n";
    return exit_broken;
  }
  auto installs = (*store)->installs();
  if (!installs) {
    err << "pantau-hub: " << installs.err().message << "\n";
    return exit_broken;
  }
  int broken = 0;
  for (const auto& install : *installs) {
    auto rows = (*store)->rows(install);
    auto gaps = (*store)->gaps(install);
    if (!rows || !gaps) {
      err << "pantau-hub: " << (rows ? gaps.err().message : rows.err().message) << "\n";
      return exit_broken;
    }
    const auto report = audit_chain(*rows, install.key, *gaps);
    out << install.office << "/" << install.kiosk << " epoch " << install.epoch << " (kunci/key "
        << (install.key ? signing::key_id(*install.key) : std::string("tidak dikenal/unknown")) << "): " << report.events
        << " kejadian/events, seq terakhir/last " << report.last_seq << ": "
        << (report.intact() ? "utuh / intact" : "RUSAK / BROKEN") << "\n";
    for (const auto& f : report.findings) out << "  " << to_string(f.problem) << ": " << f.detail << "\n";
    if (!report.intact()) ++broken;
    if (auto kept = (*store)->record(install, report, clock.utc_ms()); !kept)
      err << "pantau-hub: hasil tidak tersimpan / outcome not kept: " << kept.err().message << "\n";
  }
  out << installs->size() << " pemasangan kios diperiksa, " << broken << " rusak / kiosk installs checked, " << broken
      << " broken\n";
  return broken > 0 ? exit_broken : 0;
}

}  // namespace pantau::hub::app

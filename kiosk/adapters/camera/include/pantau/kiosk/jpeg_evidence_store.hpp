#pragma once
// Keeps the frame of each accepted scan as a JPEG on the kiosk, named by its SHA-256, which the
// attendance event carries as "sha256:<hex>". Layout: <dir>/<YYYYMMDD of the scan, UTC>/<hex>.jpg.
// Day folders make retention a matter of deleting whole folders.
// Thread-safety: not thread-safe; prune() may run in another thread only with its own object.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "pantau/kiosk/scan_pipeline.hpp"

namespace pantau::kiosk {

struct evidence_options {
  std::filesystem::path dir;
  int jpeg_quality = 85;
  int retention_days = 30;  // evidence older than this many whole days is deleted by prune()
};

class jpeg_evidence_store final : public evidence_store {
 public:
  // Creates `dir` if needed. Throws std::runtime_error when it cannot.
  explicit jpeg_evidence_store(evidence_options opts);

  // Encodes, hashes the JPEG bytes, writes <day>/<hex>.jpg atomically and durably (temp file, fsync,
  // rename), and returns "sha256:<hex>".
  result<std::string> save(const frame& f, std::int64_t utc_ms) override;

  // Deletes the day folders whose whole day lies more than retention_days before `now_utc_ms`.
  // Anything not named like a day folder is left alone. Returns the number of files deleted.
  result<std::size_t> prune(std::int64_t now_utc_ms);

  // Where the photo with this reference ("sha256:<hex>" or "<hex>") taken at `utc_ms` is kept.
  std::filesystem::path path_for(std::string_view photo, std::int64_t utc_ms) const;

 private:
  evidence_options opts_;
};

}  // namespace pantau::kiosk

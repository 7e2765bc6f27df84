#include "pantau/kiosk/jpeg_evidence_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "pantau/kiosk/image_codec.hpp"
#include "pantau/shared/calendar.hpp"
#include "pantau/shared/sha256.hpp"

namespace pantau::kiosk {
namespace {

std::string day_name(std::int64_t utc_ms) {
  const civil_date d = civil_from_days(local_day_number(utc_ms, 0));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
  return buf;
}

// Days since the epoch for a folder named YYYYMMDD, or nothing for any other name.
std::optional<std::int64_t> parse_day(const std::string& name) {
  if (name.size() != 8) return std::nullopt;
  for (const char c : name)
    if (c < '0' || c > '9') return std::nullopt;
  const civil_date d{std::stoi(name.substr(0, 4)), std::stoi(name.substr(4, 2)), std::stoi(name.substr(6, 2))};
  if (!is_valid(d)) return std::nullopt;
  return days_from_civil(d);
}

error io_error(const std::string& what, const std::filesystem::path& p, int err) {
  return error{errc::evidence_io, what + " " + p.string() + ": " + std::strerror(err)};
}

// Writes the whole buffer and makes it durable before the name appears: the event that refers to the
// photo may be committed right after, and must not point at a file a power cut could lose.
std::optional<error> write_durably(const std::filesystem::path& final_path, const std::vector<unsigned char>& bytes) {
  std::filesystem::path tmp = final_path;
  tmp += ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return io_error("cannot create", tmp, errno);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return io_error("cannot write", tmp, err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return io_error("cannot sync", tmp, err);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return io_error("cannot rename", tmp, err);
  }
  const int dfd = ::open(final_path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return std::nullopt;
}

}  // namespace

jpeg_evidence_store::jpeg_evidence_store(evidence_options opts) : opts_(std::move(opts)) {
  std::error_code ec;
  std::filesystem::create_directories(opts_.dir, ec);
  if (ec || !std::filesystem::is_directory(opts_.dir))
    throw std::runtime_error("folder bukti tidak dapat dibuat / cannot create evidence folder " + opts_.dir.string() +
                             (ec ? ": " + ec.message() : ""));
}

std::filesystem::path jpeg_evidence_store::path_for(std::string_view photo, std::int64_t utc_ms) const {
  if (photo.rfind("sha256:", 0) == 0) photo.remove_prefix(7);
  return opts_.dir / day_name(utc_ms) / (std::string(photo) + ".jpg");
}

result<std::string> jpeg_evidence_store::save(const frame& f, std::int64_t utc_ms) {
  if (f.empty()) return error{errc::evidence_empty, "no frame to keep"};
  auto encoded = encode_jpeg(f, opts_.jpeg_quality);
  if (!encoded) return encoded.err();
  const std::vector<std::uint8_t>& jpeg = *encoded;
  const std::string h = sha256_hex(jpeg.data(), jpeg.size());
  const std::filesystem::path path = path_for(h, utc_ms);
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return error{errc::evidence_io, "cannot create " + path.parent_path().string() + ": " + ec.message()};
  if (auto err = write_durably(path, jpeg)) return *err;
  return "sha256:" + h;
}

result<std::size_t> jpeg_evidence_store::prune(std::int64_t now_utc_ms) {
  // A day folder goes once its last millisecond is more than retention_days old.
  const std::int64_t cutoff = now_utc_ms - std::int64_t{opts_.retention_days} * ms_per_day;
  std::size_t removed = 0;
  std::error_code ec;
  std::filesystem::directory_iterator it(opts_.dir, ec);
  if (ec) return error{errc::evidence_io, "cannot list " + opts_.dir.string() + ": " + ec.message()};
  std::vector<std::filesystem::path> doomed;
  for (const auto& entry : it) {
    if (!entry.is_directory(ec)) continue;
    const std::optional<std::int64_t> day = parse_day(entry.path().filename().string());
    if (day && (*day + 1) * ms_per_day <= cutoff) doomed.push_back(entry.path());
  }
  for (const auto& dir : doomed) {
    for (const auto& file : std::filesystem::directory_iterator(dir, ec))
      if (file.is_regular_file(ec)) ++removed;
    std::filesystem::remove_all(dir, ec);
    if (ec) return error{errc::evidence_io, "cannot delete " + dir.string() + ": " + ec.message()};
  }
  return removed;
}

}  // namespace pantau::kiosk

#include "pantau/kiosk/badge.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <stdexcept>
#include <vector>

#include "pantau/kiosk/sha256.hpp"

namespace pantau::kiosk {
namespace {

constexpr std::size_t mac_chars = 43;  // 32 bytes in base64url without padding
constexpr std::size_t max_badge_chars = 256;
constexpr std::int64_t ms_per_day = 86'400'000;

constexpr std::string_view b64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) { return std::all_of(s.begin(), s.end(), is_digit); }

int number(std::string_view digits) {
  int v = 0;
  for (const char c : digits) v = v * 10 + (c - '0');
  return v;
}

std::optional<std::chrono::year_month_day> parse_date(std::string_view yyyymmdd) {
  if (yyyymmdd.size() != 8 || !all_digits(yyyymmdd)) return std::nullopt;
  const std::chrono::year_month_day d{std::chrono::year{number(yyyymmdd.substr(0, 4))},
                                      std::chrono::month{static_cast<unsigned>(number(yyyymmdd.substr(4, 2)))},
                                      std::chrono::day{static_cast<unsigned>(number(yyyymmdd.substr(6, 2)))}};
  if (!d.ok()) return std::nullopt;
  return d;
}

std::string base64url(const sha256_digest& d) {
  std::string out;
  out.reserve(mac_chars);
  std::size_t i = 0;
  for (; i + 3 <= d.size(); i += 3) {
    const std::uint32_t v = static_cast<std::uint32_t>(d[i]) << 16 | static_cast<std::uint32_t>(d[i + 1]) << 8 | d[i + 2];
    out.push_back(b64url[v >> 18 & 63]);
    out.push_back(b64url[v >> 12 & 63]);
    out.push_back(b64url[v >> 6 & 63]);
    out.push_back(b64url[v & 63]);
  }
  // 32 = 10 * 3 + 2: two bytes left, three characters.
  const std::uint32_t v = static_cast<std::uint32_t>(d[i]) << 16 | static_cast<std::uint32_t>(d[i + 1]) << 8;
  out.push_back(b64url[v >> 18 & 63]);
  out.push_back(b64url[v >> 12 & 63]);
  out.push_back(b64url[v >> 6 & 63]);
  return out;
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned>(static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]));
  return diff == 0;
}

std::string signed_part(std::string_view nip, std::string_view key_id, std::string_view expiry) {
  std::string s;
  s.reserve(badge_prefix.size() + nip.size() + key_id.size() + expiry.size() + 3);
  s.append(badge_prefix).append(".").append(nip).append(".").append(key_id).append(".").append(expiry);
  return s;
}

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

const char* to_string(badge_rejection r) {
  switch (r) {
    case badge_rejection::malformed: return "malformed";
    case badge_rejection::bad_nip: return "bad_nip";
    case badge_rejection::unknown_key: return "unknown_key";
    case badge_rejection::bad_signature: return "bad_signature";
    case badge_rejection::expired: return "expired";
  }
  return "unknown";
}

screen_message message_for(badge_rejection r) {
  switch (r) {
    case badge_rejection::malformed:
      return {"Kode QR ini bukan kartu pegawai Pantau.", "This QR code is not a Pantau employee badge."};
    case badge_rejection::bad_nip:
      return {"NIP pada kartu tidak valid. Hubungi admin kepegawaian.",
              "The NIP on this badge is not valid. Please contact the staff administrator."};
    case badge_rejection::unknown_key:
      return {"Kartu diterbitkan dengan kunci yang tidak dikenal kios ini. Minta kartu baru.",
              "This badge was issued with a key this kiosk does not know. Please request a new badge."};
    case badge_rejection::bad_signature:
      return {"Tanda tangan kartu tidak sah. Kartu ditolak.", "The badge signature is not valid. Badge refused."};
    case badge_rejection::expired:
      return {"Kartu sudah kedaluwarsa. Minta kartu baru ke admin kepegawaian.",
              "This badge has expired. Please request a new one from the staff administrator."};
  }
  return {"Kartu ditolak.", "Badge refused."};
}

bool is_valid_badge_nip(std::string_view nip) {
  if (nip.size() != 18 || !all_digits(nip)) return false;
  if (!parse_date(nip.substr(0, 8))) return false;         // date of birth
  const int appointed_month = number(nip.substr(12, 2));  // TMT CPNS, YYYYMM
  if (appointed_month < 1 || appointed_month > 12) return false;
  return nip[14] == '1' || nip[14] == '2';
}

bool is_valid_key_id(std::string_view key_id) {
  if (key_id.empty() || key_id.size() > 32) return false;
  return std::all_of(key_id.begin(), key_id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' || c == '_';
  });
}

result<std::string> sign_badge(std::string_view nip, std::string_view key_id, std::string_view expiry,
                               std::string_view key) {
  if (!is_valid_badge_nip(nip))
    return error{"invalid_nip", "NIP harus 18 digit dengan struktur NIP / NIP must be 18 digits with a valid NIP structure"};
  if (!is_valid_key_id(key_id))
    return error{"invalid_key_id", "id kunci harus [A-Za-z0-9_-]{1,32} / key id must match [A-Za-z0-9_-]{1,32}"};
  if (!parse_date(expiry))
    return error{"invalid_expiry", "kedaluwarsa harus tanggal YYYYMMDD / expiry must be a YYYYMMDD date"};
  if (key.size() < min_badge_key_bytes)
    return error{"short_key", "kunci minimal 32 byte / the key must have at least 32 bytes"};
  std::string text = signed_part(nip, key_id, expiry);
  const std::string mac = base64url(hmac_sha256(key, text));
  text.append(".").append(mac);
  return text;
}

badge_verifier::badge_verifier(badge_keyring keys, int utc_offset_minutes)
    : keys_(std::move(keys)), utc_offset_minutes_(utc_offset_minutes) {
  for (const auto& [id, key] : keys_) {
    if (!is_valid_key_id(id)) throw std::invalid_argument("badge key id '" + id + "' must match [A-Za-z0-9_-]{1,32}");
    if (key.size() < min_badge_key_bytes)
      throw std::invalid_argument("badge key '" + id + "' has " + std::to_string(key.size()) +
                                  " bytes; at least 32 are needed");
  }
}

badge_check badge_verifier::verify(std::string_view raw, std::int64_t utc_ms) const {
  badge_check out;
  const std::string_view text = trim(raw);
  std::array<std::string_view, 5> parts{};
  std::size_t n = 0;
  bool too_many = false;
  if (text.size() <= max_badge_chars) {
    std::size_t start = 0;
    while (true) {
      const std::size_t dot = text.find('.', start);
      if (n == parts.size()) {
        too_many = true;
        break;
      }
      parts[n++] = text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
  }
  const bool mac_shape = n == 5 && parts[4].size() == mac_chars &&
                         std::all_of(parts[4].begin(), parts[4].end(),
                                     [](char c) { return b64url.find(c) != std::string_view::npos; });
  if (text.size() > max_badge_chars || too_many || n != 5 || parts[0] != badge_prefix || !mac_shape ||
      !is_valid_key_id(parts[2]) || !parse_date(parts[3])) {
    out.rejection = badge_rejection::malformed;
    return out;
  }
  out.fields = badge{std::string(parts[1]), std::string(parts[2]), std::string(parts[3])};
  if (!is_valid_badge_nip(parts[1])) {
    out.rejection = badge_rejection::bad_nip;
    return out;
  }
  const auto key = keys_.find(parts[2]);
  if (key == keys_.end()) {
    out.rejection = badge_rejection::unknown_key;
    return out;
  }
  const std::string expected = base64url(hmac_sha256(key->second, signed_part(parts[1], parts[2], parts[3])));
  if (!equal_constant_time(expected, parts[4])) {
    out.rejection = badge_rejection::bad_signature;
    return out;
  }
  const std::int64_t local_ms = utc_ms + std::int64_t{utc_offset_minutes_} * 60'000;
  const std::int64_t today = local_ms >= 0 ? local_ms / ms_per_day : (local_ms - ms_per_day + 1) / ms_per_day;
  const std::int64_t last_day = std::chrono::sys_days{*parse_date(parts[3])}.time_since_epoch().count();
  if (today > last_day) out.rejection = badge_rejection::expired;
  return out;
}

scan_debouncer::scan_debouncer(const clock& clk, std::int64_t window_ms) : clock_(clk), window_ms_(window_ms) {}

bool scan_debouncer::new_scan(std::string_view key) {
  const std::int64_t now = clock_.monotonic_ms();
  if (last_seen_.size() >= 256) prune(now);
  auto [it, inserted] = last_seen_.try_emplace(std::string(key), now);
  if (inserted) return true;
  const bool fresh = now - it->second >= window_ms_;
  it->second = now;
  return fresh;
}

void scan_debouncer::prune(std::int64_t now) {
  std::erase_if(last_seen_, [&](const auto& kv) { return now - kv.second >= window_ms_; });
}

}  // namespace pantau::kiosk

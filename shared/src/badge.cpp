#include "pantau/shared/badge.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "pantau/shared/calendar.hpp"
#include "pantau/shared/validate.hpp"
#include "sodium_init.hpp"

namespace pantau {
namespace {

constexpr std::size_t mac_chars = 43;  // 32 bytes in base64url without padding
constexpr std::size_t max_badge_chars = 256;

constexpr std::string_view b64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) { return std::all_of(s.begin(), s.end(), is_digit); }

int number(std::string_view digits) {
  int v = 0;
  for (const char c : digits) v = v * 10 + (c - '0');
  return v;
}

// A YYYYMMDD date (badge expiry, NIP birth date), or empty.
std::optional<civil_date> parse_compact_date(std::string_view yyyymmdd) {
  if (yyyymmdd.size() != 8 || !all_digits(yyyymmdd)) return std::nullopt;
  const civil_date d{number(yyyymmdd.substr(0, 4)), number(yyyymmdd.substr(4, 2)), number(yyyymmdd.substr(6, 2))};
  if (!is_valid(d)) return std::nullopt;
  return d;
}

// HMAC-SHA256 of `message` under `key`, base64url without padding: the badge's last field.
std::string badge_mac(std::string_view key, std::string_view message) {
  detail::ensure_sodium();
  // The _init/_update/_final form takes keys of any length (the one-shot form wants exactly 32 bytes).
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_final(&st, mac.data());
  sodium_memzero(&st, sizeof st);
  std::array<char, sodium_base64_ENCODED_LEN(crypto_auth_hmacsha256_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)>
      text{};
  sodium_bin2base64(text.data(), text.size(), mac.data(), mac.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(text.data(), mac_chars);
}

// Compares without an early exit, so timing does not reveal how many leading characters matched.
bool equal_constant_time(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
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
  if (!is_valid_nip(nip)) return false;
  if (!parse_compact_date(nip.substr(0, 8))) return false;         // date of birth
  const int appointed_month = number(nip.substr(12, 2));  // TMT CPNS, YYYYMM
  if (appointed_month < 1 || appointed_month > 12) return false;
  return nip[14] == '1' || nip[14] == '2';
}

result<std::string> sign_badge(std::string_view nip, std::string_view key_id, std::string_view expiry,
                               std::string_view key) {
  if (!is_valid_badge_nip(nip))
    return error{errc::invalid_nip, "NIP harus 18 digit dengan struktur NIP / NIP must be 18 digits with a valid NIP structure"};
  if (!is_valid_key_id(key_id))
    return error{errc::invalid_key_id, "id kunci harus [A-Za-z0-9_-]{1,32} / key id must match [A-Za-z0-9_-]{1,32}"};
  if (!parse_compact_date(expiry))
    return error{errc::invalid_expiry, "kedaluwarsa harus tanggal YYYYMMDD / expiry must be a YYYYMMDD date"};
  if (key.size() < min_badge_key_bytes)
    return error{errc::short_key, "kunci minimal 32 byte / the key must have at least 32 bytes"};
  std::string text = signed_part(nip, key_id, expiry);
  const std::string mac = badge_mac(key, text);
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
      !is_valid_key_id(parts[2]) || !parse_compact_date(parts[3])) {
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
  const std::string expected = badge_mac(key->second, signed_part(parts[1], parts[2], parts[3]));
  if (!equal_constant_time(expected, parts[4])) {
    out.rejection = badge_rejection::bad_signature;
    return out;
  }
  const std::int64_t today = local_day_number(utc_ms, utc_offset_minutes_);
  const std::int64_t last_day = days_from_civil(*parse_compact_date(parts[3]));
  if (today > last_day) out.rejection = badge_rejection::expired;
  return out;
}

}  // namespace pantau

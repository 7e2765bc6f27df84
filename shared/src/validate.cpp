#include "pantau/shared/validate.hpp"

#include <algorithm>

namespace pantau {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_lower_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

// Counts code points of an already validated UTF-8 string: continuation bytes do not start one.
std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

}  // namespace

// Text that ends up in logs, CSV exports and the dashboard: no control characters.
bool is_printable_text(std::string_view s, std::size_t max_chars) {
  if (s.empty() || code_points(s) > max_chars) return false;
  return std::none_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20U || u == 0x7FU;
  });
}

bool is_valid_counter(std::string_view s) {
  if (s.empty() || s.size() > 48) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '_' ||
           c == '.' || c == '-';
  });
}

bool is_sha256_hex(std::string_view s) { return s.size() == 64 && std::all_of(s.begin(), s.end(), is_lower_hex); }

bool is_valid_photo_ref(std::string_view s) {
  constexpr std::string_view prefix = "sha256:";
  return s.starts_with(prefix) && is_sha256_hex(s.substr(prefix.size()));
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  const auto byte = [&s](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  while (i < n) {
    const unsigned char c = byte(i);
    if (c < 0x80U) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80U;  // allowed range of the second byte rules out overlongs and surrogates
    unsigned char hi = 0xBFU;
    if (c >= 0xC2U && c <= 0xDFU) {
      len = 2;
    } else if (c == 0xE0U) {
      len = 3;
      lo = 0xA0U;
    } else if ((c >= 0xE1U && c <= 0xECU) || c == 0xEEU || c == 0xEFU) {
      len = 3;
    } else if (c == 0xEDU) {
      len = 3;
      hi = 0x9FU;
    } else if (c == 0xF0U) {
      len = 4;
      lo = 0x90U;
    } else if (c >= 0xF1U && c <= 0xF3U) {
      len = 4;
    } else if (c == 0xF4U) {
      len = 4;
      hi = 0x8FU;
    } else {
      return false;
    }
    if (n - i < len) return false;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return false;
    for (std::size_t k = 2; k < len; ++k) {
      if ((byte(i + k) & 0xC0U) != 0x80U) return false;
    }
    i += len;
  }
  return true;
}

bool is_valid_nip(std::string_view s) { return s.size() == 18 && std::all_of(s.begin(), s.end(), is_digit); }

bool is_id_char(char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-'; }

bool is_valid_id(std::string_view s) {
  return !s.empty() && s.size() <= 48 && std::all_of(s.begin(), s.end(), is_id_char);
}

}  // namespace pantau

#pragma once
// Printable employee badges (issue side of shared badge.hpp): the signed QR text and a PNG card
// that shows it with the employee's name, NIP, unit and expiry, sized for a 54x86 mm ID card at 300 dpi.
// Thread-safety: pure functions.
#include <string>
#include <vector>

#include "pantau/shared/result.hpp"

namespace pantau::hub::badge {

struct card_fields {
  std::string qr_text;  // the signed badge text (sign_badge)
  std::string nip;
  std::string name;
  std::string unit;
  std::string expiry;   // YYYYMMDD
};

// Error code bad_badge when the QR text does not fit a QR code or the image cannot be encoded.
result<std::vector<unsigned char>> render_png(const card_fields& fields);

// "20271231" -> "31-12-2027" (as printed on the card).
std::string printed_date(const std::string& yyyymmdd);

}  // namespace pantau::hub::badge

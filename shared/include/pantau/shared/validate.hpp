#pragma once
// Rules for the text fields of the wire contract (DESIGN §4), the same wherever the text comes from.
// Thread-safety: pure functions.
#include <cstddef>
#include <string_view>

namespace pantau {

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view s);

// An NIP as the wire carries it: exactly 18 ASCII digits.
bool is_valid_nip(std::string_view s);

// Office, kiosk and unit ids, also the {office} and {kiosk} levels of topics: [a-z0-9-]{1,48}.
bool is_valid_id(std::string_view s);
bool is_id_char(char c);  // a-z 0-9 -

// 1..max_chars code points of already valid UTF-8 and no control characters: text that ends up in
// logs, CSV exports and the dashboard.
bool is_printable_text(std::string_view s, std::size_t max_chars);

// A counter name: 1..48 characters from A-Z a-z 0-9 space _ . -
bool is_valid_counter(std::string_view s);

// A photo reference: "sha256:" and 64 lowercase hex digits.
bool is_valid_photo_ref(std::string_view s);

// A SHA-256 digest as the project writes it: 64 lowercase hex digits (an event's "prev").
bool is_sha256_hex(std::string_view s);

}  // namespace pantau

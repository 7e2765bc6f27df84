#include "pantau/hub/export/csv_writer.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace pantau::hub::exporting {

std::string csv_field(std::string_view text) {
  const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return std::string(text);
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string cell_text(const export_cell& cell) {
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&cell)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&cell)) {
    if (!std::isfinite(*d)) return {};
    std::array<char, 64> buf{};
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), *d, std::chars_format::fixed, 2);
    return std::string(buf.data(), r.ptr);
  }
  return {};
}

std::string to_csv(const export_table& table) {
  std::string out(utf8_bom);
  const auto record = [&out](const auto& fields, auto to_text) {
    bool first = true;
    for (const auto& f : fields) {
      if (!first) out += ',';
      first = false;
      out += csv_field(to_text(f));
    }
    out += "\r\n";
  };
  record(table.columns, [](const std::string& s) { return s; });
  for (const auto& row : table.rows) record(row, [](const export_cell& c) { return cell_text(c); });
  return out;
}

}  // namespace pantau::hub::exporting

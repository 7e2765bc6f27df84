#pragma once
// Reading back what the report writers produced, with the tools a reader of the files would use:
// the text of a PDF through poppler's pdftotext, and the cells of an XLSX workbook (a zip of XML parts)
// through unzip and the sheet's own XML. Failures throw std::runtime_error.
// Thread-safety: none; each test calls it on its own files.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace pantau::hub::test {

inline std::string run_command(const std::string& command) {
  std::FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) throw std::runtime_error("cannot run " + command);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  if (::pclose(p) != 0) throw std::runtime_error(command + " failed");
  return out;
}

inline std::filesystem::path write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// Text of every page in reading order (pdftotext), UTF-8, every run of white space made one space: a
// phrase wrapped inside a table cell reads as it was written.
inline std::string pdf_text(const std::filesystem::path& pdf) {
  const auto raw = run_command("pdftotext -enc UTF-8 '" + pdf.string() + "' -");
  std::string out;
  for (char c : raw) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
    if (!space) out += c;
    else if (!out.empty() && out.back() != ' ') out += ' ';
  }
  return out;
}

inline std::string xml_unescape(std::string s) {
  const std::pair<const char*, const char*> entities[] = {{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
                                                          {"&apos;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : entities)
    for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += std::string_view(to).size())
      s.replace(at, std::string_view(from).size(), to);
  return s;
}

// The text between <tag ...> and </tag> of each occurrence, in order.
inline std::vector<std::string> xml_elements(const std::string& xml, const std::string& tag) {
  std::vector<std::string> out;
  for (std::size_t at = 0;;) {
    const auto open = xml.find("<" + tag, at);
    if (open == std::string::npos) break;
    const auto gt = xml.find('>', open);
    if (xml[gt - 1] == '/') {  // <tag/>
      out.emplace_back();
      at = gt + 1;
      continue;
    }
    const auto close = xml.find("</" + tag + ">", gt);
    out.push_back(xml.substr(gt + 1, close - gt - 1));
    at = close;
  }
  return out;
}

// Cell reference ("B3") -> value as text (shared strings resolved, numbers as written) of sheet n (1-based).
inline std::map<std::string, std::string> xlsx_cells(const std::filesystem::path& xlsx, int sheet) {
  const std::string file = "'" + xlsx.string() + "'";
  std::vector<std::string> strings;
  for (const auto& si : xml_elements(run_command("unzip -p " + file + " xl/sharedStrings.xml"), "si")) {
    std::string text;
    for (const auto& t : xml_elements(si, "t")) text += xml_unescape(t);
    strings.push_back(text);
  }
  const auto sheet_xml = run_command("unzip -p " + file + " xl/worksheets/sheet" + std::to_string(sheet) + ".xml");
  std::map<std::string, std::string> cells;
  for (std::size_t at = 0;;) {
    const auto open = sheet_xml.find("<c ", at);
    if (open == std::string::npos) break;
    const auto head_end = sheet_xml.find('>', open);
    const std::string head = sheet_xml.substr(open, head_end - open);
    const auto r = head.find("r=\"");
    const std::string ref = head.substr(r + 3, head.find('"', r + 3) - r - 3);
    const bool shared = head.find("t=\"s\"") != std::string::npos;
    if (sheet_xml[head_end - 1] == '/') {
      at = head_end;
      continue;
    }
    const auto close = sheet_xml.find("</c>", head_end);
    const auto values = xml_elements(sheet_xml.substr(head_end + 1, close - head_end - 1), "v");
    if (!values.empty()) cells[ref] = shared ? strings.at(std::stoul(values[0])) : values[0];
    at = close;
  }
  return cells;
}

}  // namespace pantau::hub::test

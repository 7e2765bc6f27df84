#include "pantau/hub/report/pdf_report.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <memory>
#include <variant>

namespace pantau::hub::reporting {
namespace {

error failed(std::string message) { return error{errc::export_failed, std::move(message)}; }

// A4 in points, with the margins of an ordinary office letter.
constexpr double page_w = 595.28;
constexpr double page_h = 841.89;
constexpr double margin = 50.0;
constexpr double text_w = page_w - 2 * margin;
constexpr double bottom = page_h - margin;
constexpr double cell_pad = 3.0;
constexpr const char* font_family = "DejaVu Sans";

std::string cell_text(const export_cell& c) {
  if (const auto* s = std::get_if<std::string>(&c)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&c)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&c)) {
    if (!std::isfinite(*d)) return "-";
    std::array<char, 64> buf{};
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), *d, std::chars_format::fixed, 2);
    std::string s(buf.data(), r.ptr);
    std::replace(s.begin(), s.end(), '.', ',');  // Indonesian decimal comma
    return s;
  }
  return "";
}

struct surface_deleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct context_deleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct layout_deleter {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
struct font_deleter {
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Writes the document top to bottom, starting a new page where the next block does not fit.
class writer {
 public:
  explicit writer(cairo_t* cr) : cr_(cr), layout_(pango_cairo_create_layout(cr)) {
    pango_layout_set_wrap(layout_.get(), PANGO_WRAP_WORD_CHAR);
  }

  // Height of `text` laid out `width` wide in the given size and weight, leaving the layout set so.
  double measure(const std::string& text, double size, bool bold, double width) {
    std::unique_ptr<PangoFontDescription, font_deleter> font(pango_font_description_new());
    pango_font_description_set_family(font.get(), font_family);
    pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
    pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout_.get(), font.get());
    pango_layout_set_width(layout_.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_text(layout_.get(), text.c_str(), static_cast<int>(text.size()));
    int w = 0, h = 0;
    pango_layout_get_size(layout_.get(), &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  void draw_text(const std::string& text, double x, double y, double size, bool bold, double width) {
    measure(text, size, bold, width);
    cairo_set_source_rgb(cr_, 0, 0, 0);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout_.get());
  }

  void paragraph(const std::string& text, double size, bool bold, double space_after) {
    const double h = measure(text, size, bold, text_w);
    room_for(h);
    draw_text(text, margin, y_, size, bold, text_w);
    y_ += h + space_after;
  }

  void table(const export_table& t) {
    if (t.columns.empty()) return;
    paragraph(t.title, 8.5, true, 3);
    const auto widths = column_widths(t);
    std::vector<std::string> header(t.columns.begin(), t.columns.end());
    row(header, widths, true);
    for (const auto& r : t.rows) {
      std::vector<std::string> cells;
      for (const auto& c : r) cells.push_back(cell_text(c));
      cells.resize(t.columns.size());
      if (!fits(row_height(cells, widths, false))) {
        new_page();
        row(header, widths, true);  // the header again on every page of the table
      }
      row(cells, widths, false);
    }
    y_ += 8;
  }

  void new_page() {
    footer();
    cairo_show_page(cr_);
    ++page_;
    y_ = margin;
  }

  void finish() { footer(); }

 private:
  static constexpr double cell_size = 7.5;

  bool fits(double h) const { return y_ + h <= bottom - 14; }
  void room_for(double h) {
    if (!fits(h)) new_page();
  }

  void footer() {
    const std::string text = "Halaman / page " + std::to_string(page_);
    measure(text, 7, false, text_w);
    cairo_set_source_rgb(cr_, 0.4, 0.4, 0.4);
    cairo_move_to(cr_, margin, bottom);
    pango_cairo_show_layout(cr_, layout_.get());
  }

  // Width of `text` on one line (no wrapping).
  double natural(const std::string& text, double size, bool bold) {
    measure(text, size, bold, text_w);
    pango_layout_set_width(layout_.get(), -1);
    int w = 0, h = 0;
    pango_layout_get_size(layout_.get(), &w, &h);
    return static_cast<double>(w) / PANGO_SCALE;
  }

  // The browsers' automatic table layout: each column at least as wide as its longest word, the room
  // left shared by how much more each would need to hold its longest cell on one line.
  std::vector<double> column_widths(const export_table& t) {
    const std::size_t n = t.columns.size();
    std::vector<double> least(n, 0.0), most(n, 0.0);
    const auto take = [&](std::size_t c, const std::string& text, bool bold) {
      most[c] = std::max(most[c], natural(text, cell_size, bold) + 2 * cell_pad);
      std::size_t from = 0;
      while (from < text.size()) {
        auto to = text.find(' ', from);
        if (to == std::string::npos) to = text.size();
        if (to > from) least[c] = std::max(least[c], natural(text.substr(from, to - from), cell_size, bold) + 2 * cell_pad);
        from = to + 1;
      }
    };
    for (std::size_t c = 0; c < n; ++c) take(c, t.columns[c], true);
    for (const auto& r : t.rows)
      for (std::size_t c = 0; c < n && c < r.size(); ++c) take(c, cell_text(r[c]), false);
    double sum_least = 0, sum_most = 0;
    for (std::size_t c = 0; c < n; ++c) {
      most[c] = std::min(std::max(most[c], least[c]), text_w);
      sum_least += least[c];
      sum_most += most[c];
    }
    std::vector<double> w(n);
    if (sum_least >= text_w) {
      for (std::size_t c = 0; c < n; ++c) w[c] = least[c] * text_w / sum_least;
    } else if (sum_most <= text_w) {
      for (std::size_t c = 0; c < n; ++c) w[c] = most[c] * text_w / sum_most;
    } else {
      const double share = (text_w - sum_least) / (sum_most - sum_least);
      for (std::size_t c = 0; c < n; ++c) w[c] = least[c] + (most[c] - least[c]) * share;
    }
    return w;
  }

  double row_height(const std::vector<std::string>& cells, const std::vector<double>& widths, bool bold) {
    double h = 0;
    for (std::size_t c = 0; c < cells.size(); ++c)
      h = std::max(h, measure(cells[c], cell_size, bold, widths[c] - 2 * cell_pad));
    return h + 2 * cell_pad;
  }

  void row(const std::vector<std::string>& cells, const std::vector<double>& widths, bool header) {
    const double h = row_height(cells, widths, header);
    room_for(h);
    double x = margin;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (header) {
        cairo_set_source_rgb(cr_, 0.88, 0.91, 0.95);
        cairo_rectangle(cr_, x, y_, widths[c], h);
        cairo_fill(cr_);
      }
      cairo_set_source_rgb(cr_, 0.55, 0.55, 0.55);
      cairo_set_line_width(cr_, 0.4);
      cairo_rectangle(cr_, x, y_, widths[c], h);
      cairo_stroke(cr_);
      draw_text(cells[c], x + cell_pad, y_ + cell_pad, cell_size, header, widths[c] - 2 * cell_pad);
      x += widths[c];
    }
    y_ += h;
  }

  cairo_t* cr_;
  std::unique_ptr<PangoLayout, layout_deleter> layout_;
  double y_ = margin;
  int page_ = 1;
};

}  // namespace

result<std::string> to_pdf(const survey_report& report) {
  std::string bytes;
  std::unique_ptr<cairo_surface_t, surface_deleter> surface(
      cairo_pdf_surface_create_for_stream(append_bytes, &bytes, page_w, page_h));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return failed(std::string("PDF gagal dibuat / cannot create PDF: ") +
                  cairo_status_to_string(cairo_surface_status(surface.get())));
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, report.title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_SUBJECT, report.subtitle.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Pantau");
  {
    std::unique_ptr<cairo_t, context_deleter> cr(cairo_create(surface.get()));
    writer w(cr.get());
    w.paragraph(report.title, 15, true, 4);
    w.paragraph(report.subtitle, 11, false, 14);
    for (const auto& s : report.sections) {
      w.paragraph(s.heading, 11.5, true, 5);
      for (const auto& p : s.paragraphs) w.paragraph(p, 9, false, 5);
      for (const auto& t : s.tables) w.table(t);
      w.paragraph(" ", 4, false, 4);
    }
    w.finish();
    cairo_show_page(cr.get());
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
      return failed(std::string("PDF gagal ditulis / cannot write PDF: ") + cairo_status_to_string(cairo_status(cr.get())));
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return failed(std::string("PDF gagal disimpan / cannot finish PDF: ") +
                  cairo_status_to_string(cairo_surface_status(surface.get())));
  if (bytes.empty()) return failed("PDF kosong / empty PDF");
  return bytes;
}

}  // namespace pantau::hub::reporting

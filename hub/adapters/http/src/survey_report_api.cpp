#include "pantau/hub/http/survey_report_api.hpp"

#include <memory>

#include "handler_helpers.hpp"
#include "pantau/hub/export/xlsx_writer.hpp"
#include "pantau/hub/report/pdf_report.hpp"

namespace pantau::hub::http {

void add_survey_report_routes(router& r, survey_report_sources sources) {
  auto src = std::make_shared<survey_report_sources>(std::move(sources));
  // Two fixed paths rather than /survey/{file}: other /api/v1/survey/... endpoints stay free.
  const auto answer = [src](std::string_view file, const request& req, const route_match& m) -> response {
    if (!m.who) return error_response(req, bhttp::status::unauthorized, "perlu masuk / login required");
    auto parsed = parse_survey_report_request(file, handlers::query(m, "unit"),
                                              handlers::query(m, "office"), handlers::query(m, "period"));
    if (!parsed) return handlers::rejected(req, parsed.err());
    if (src->org == nullptr || src->aggregates == nullptr || src->items == nullptr)
      return error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
    auto org = src->org->load_org();
    if (!org) return handlers::store_failed(req, org.err());
    auto input = collect_survey_report(*org, *m.who, *parsed, *src->aggregates, *src->items, src->weights);
    if (!input) {
      const auto code = input.err().code;
      if (code == errc::not_found || code == errc::forbidden) return handlers::rejected(req, input.err());
      return handlers::store_failed(req, input.err());
    }
    if (src->survey_parts)
      if (auto filled = src->survey_parts(*parsed, *input); !filled) return handlers::store_failed(req, filled.err());
    const auto report = build_survey_report(*input);
    auto bytes = parsed->format == report_format::pdf ? reporting::to_pdf(report) : exporting::to_xlsx(report_sheets(report));
    if (!bytes)
      return error_response(req, bhttp::status::internal_server_error, "laporan gagal dibuat / report failed: " + bytes.err().message);
    auto res = make_response(req, bhttp::status::ok, std::move(bytes).value(),
                             parsed->format == report_format::pdf
                                 ? "application/pdf"
                                 : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    res.set(bhttp::field::content_disposition, "attachment; filename=\"" + survey_report_file_name(*parsed) + "\"");
    return res;
  };
  for (const std::string_view file : {"report.pdf", "report.xlsx"})
    r.add(bhttp::verb::get, "/api/v1/survey/" + std::string(file),
          [answer, file](const request& req, const route_match& m) { return answer(file, req, m); },
          route_cost::long_running);
}

}  // namespace pantau::hub::http

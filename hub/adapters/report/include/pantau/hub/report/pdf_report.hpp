#pragma once
// The survey report as an A4 PDF: cairo's PDF surface with pango laying out the text (real shaping and
// line breaking for Bahasa Indonesia, fonts embedded by cairo). Tables repeat their header row on a new
// page; numbers are shown with a decimal comma. Error code export_failed.
// Thread-safety: safe from any thread (each call has its own surface and layout).
#include <string>

#include "pantau/hub/core/survey_report.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub::reporting {

// The .pdf bytes.
result<std::string> to_pdf(const survey_report& report);

}  // namespace pantau::hub::reporting

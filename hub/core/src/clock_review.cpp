#include "pantau/hub/core/clock_review.hpp"

#include "pantau/shared/iso_time.hpp"

namespace pantau::hub {
namespace {

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

result<review_request> make_review_request(std::string_view event, std::string_view time_text,
                                           std::string_view reason) {
  if (blank(event)) return error{errc::bad_request, "event: wajib diisi / event: required"};
  auto ts = parse_utc_ms(time_text);
  if (!ts)
    return error{errc::bad_request, "time: bukan waktu yang sah / time: not a valid time (expected UTC ISO-8601, "
                                    "e.g. 2026-11-26T00:30:00Z)"};
  if (blank(reason)) return error{errc::bad_request, "reason: alasan wajib diisi / reason: required"};
  if (reason.size() > review_reason_max)
    return error{errc::bad_request, "reason: terlalu panjang / reason: too long (at most " +
                                        std::to_string(review_reason_max) + " bytes)"};
  return review_request{std::string(event), *ts, std::string(reason)};
}

bool may_review(const principal& who, const organisation& org, std::string_view employee) {
  if (who.is_admin()) return true;
  const auto* e = org.find_employee(employee);
  return e != nullptr && who.can_see_unit(e->unit);
}

}  // namespace pantau::hub

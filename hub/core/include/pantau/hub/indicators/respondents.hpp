#pragma once
// Respondent profiles of the public-satisfaction survey (PermenPANRB 14/2017; profile events, see
// docs/survey.md), counted per field and value. Sums only, like satisfaction_totals: counter-days
// merge into any unit, office and period, and the report's profile tables are read off the result.
// Every profile adds exactly one to each field (its code, or not_answered), so the number of
// profiles is the sum over any one field.
// Thread-safety: plain values and pure functions.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/shared/event.hpp"
#include "pantau/shared/respondent.hpp"

namespace pantau::hub::indicators {

// The value a field counts under when the respondent skipped it (null on the wire).
inline constexpr std::string_view not_answered = "";

struct respondent_totals {
  // Per field (index = profile_field): code -> count; not_answered for skipped fields.
  std::array<std::map<std::string, std::int64_t, std::less<>>, profile_fields.size()> counts;

  void add(const profile_data& p);
  // Adds `n` profiles answering `field` with `value` (the store's rows come back this way).
  void add_count(profile_field field, std::string_view value, std::int64_t n);
  void merge(const respondent_totals& o);
  std::int64_t profiles() const;
  bool empty() const { return profiles() == 0; }
  bool operator==(const respondent_totals&) const = default;
};

// One line of a profile table: the list's choices in list order (those with 0 too), then codes no
// longer in the list (a unit's retired service), then "not answered". `share` is of all profiles.
struct respondent_line {
  std::string code;  // not_answered for the last line
  std::int64_t count = 0;
  double share = 0;  // 0..1; 0 when there are no profiles
};
// `services`: the unit's service codes in its own order (for profile_field::service; else ignored).
std::vector<respondent_line> respondent_table(const respondent_totals& t, profile_field f,
                                              const std::vector<std::string>& services = {});

}  // namespace pantau::hub::indicators

#include "pantau/hub/indicators/respondents.hpp"

#include <algorithm>

namespace pantau::hub::indicators {
namespace {

std::size_t index_of(profile_field f) { return static_cast<std::size_t>(f); }

}  // namespace

void respondent_totals::add(const profile_data& p) {
  for (const auto f : profile_fields) {
    const auto& v = p.value(f);
    add_count(f, v ? std::string_view(*v) : not_answered, 1);
  }
}

void respondent_totals::add_count(profile_field field, std::string_view value, std::int64_t n) {
  if (n == 0) return;
  auto& m = counts[index_of(field)];
  auto it = m.find(value);
  if (it == m.end()) it = m.emplace(std::string(value), 0).first;
  it->second += n;
  if (it->second == 0) m.erase(it);
}

void respondent_totals::merge(const respondent_totals& o) {
  for (const auto f : profile_fields)
    for (const auto& [value, n] : o.counts[index_of(f)]) add_count(f, value, n);
}

std::int64_t respondent_totals::profiles() const {
  std::int64_t n = 0;
  for (const auto& [value, c] : counts[index_of(profile_field::gender)]) n += c;
  return n;
}

std::vector<respondent_line> respondent_table(const respondent_totals& t, profile_field f,
                                              const std::vector<std::string>& services) {
  std::vector<std::string> order;
  if (f == profile_field::service) {
    order = services;
  } else {
    for (const auto& c : choices_of(f)) order.emplace_back(c.code);
  }
  const auto& m = t.counts[index_of(f)];
  for (const auto& [value, n] : m)
    if (value != not_answered && std::find(order.begin(), order.end(), value) == order.end()) order.push_back(value);
  order.emplace_back(not_answered);
  const std::int64_t total = t.profiles();
  std::vector<respondent_line> out;
  out.reserve(order.size());
  for (auto& code : order) {
    const auto it = m.find(code);
    const std::int64_t n = it == m.end() ? 0 : it->second;
    out.push_back({std::move(code), n, total > 0 ? static_cast<double>(n) / static_cast<double>(total) : 0.0});
  }
  return out;
}

}  // namespace pantau::hub::indicators

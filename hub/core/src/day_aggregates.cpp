#include "pantau/hub/core/day_aggregates.hpp"

#include <algorithm>
#include <charconv>

namespace pantau::hub {
namespace {

bool parse_int(std::string_view s, std::int64_t& out) {
  if (s.empty()) return false;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

day_mark::kind kind_of(service_data::action_t a) {
  return a == service_data::action_t::start ? day_mark::kind::start : day_mark::kind::end;
}

day_mark::kind kind_of(counter_data::action_t a) {
  switch (a) {
    case counter_data::action_t::open: return day_mark::kind::open;
    case counter_data::action_t::break_: return day_mark::kind::break_;
    case counter_data::action_t::resume: return day_mark::kind::resume;
    case counter_data::action_t::close: break;
  }
  return day_mark::kind::close;
}

// Tickets are printable text and may hold the separators.
void append_escaped(std::string& out, std::string_view s) {
  for (const char c : s) {
    if (c == '%') out += "%25";
    else if (c == ',') out += "%2C";
    else if (c == ';') out += "%3B";
    else out += c;
  }
}

std::optional<std::string> unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    const std::string_view code = s.substr(i + 1, 2);
    if (code == "25") out += '%';
    else if (code == "2C") out += ',';
    else if (code == "3B") out += ';';
    else return std::nullopt;
    i += 2;
  }
  return out;
}

bool valid_kind(char c) {
  return c == 's' || c == 'e' || c == 'o' || c == 'b' || c == 'r' || c == 'c';
}

}  // namespace

std::int64_t local_day_of(std::int64_t utc_ms, indicators::zone z) {
  const std::int64_t local = utc_ms + static_cast<std::int64_t>(indicators::utc_offset_minutes(z)) * 60'000;
  // Floor division: events before 1970 (a clock reset) still get a day.
  return local >= 0 ? local / indicators::ms_per_day : -((-local + indicators::ms_per_day - 1) / indicators::ms_per_day);
}

void attendance_marks::add_in(std::int64_t ts_ms, bool synced) {
  if (!first_in_ms || ts_ms < *first_in_ms || (ts_ms == *first_in_ms && synced && !first_in_synced)) {
    first_in_ms = ts_ms;
    first_in_synced = synced;
  }
}

void attendance_marks::add_out(std::int64_t ts_ms, bool synced) {
  if (!last_out_ms || ts_ms > *last_out_ms || (ts_ms == *last_out_ms && synced && !last_out_synced)) {
    last_out_ms = ts_ms;
    last_out_synced = synced;
  }
}

void attendance_marks::merge(const attendance_marks& o) {
  if (o.first_in_ms) add_in(*o.first_in_ms, o.first_in_synced);
  if (o.last_out_ms) add_out(*o.last_out_ms, o.last_out_synced);
}

void employee_day::merge(const employee_day& o) {
  attendance.merge(o.attendance);
  satisfaction.merge(o.satisfaction);
}

std::string encode_marks(std::span<const day_mark> marks) {
  std::string out;
  out.reserve(marks.size() * 48);
  for (const auto& m : marks) {
    out += std::to_string(m.ts_ms);
    out += ',';
    out += static_cast<char>(m.what);
    out += ',';
    append_escaped(out, m.ticket);
    out += ',';
    append_escaped(out, m.employee);
    out += ';';
  }
  return out;
}

result<std::vector<day_mark>> decode_marks(std::string_view text) {
  std::vector<day_mark> out;
  while (!text.empty()) {
    const auto end = text.find(';');
    if (end == std::string_view::npos) return error{errc::invalid_marks, "unterminated mark"};
    std::string_view item = text.substr(0, end);
    text.remove_prefix(end + 1);
    std::string_view parts[4];
    for (int i = 0; i < 3; ++i) {
      const auto comma = item.find(',');
      if (comma == std::string_view::npos) return error{errc::invalid_marks, "mark with too few fields"};
      parts[i] = item.substr(0, comma);
      item.remove_prefix(comma + 1);
    }
    parts[3] = item;
    day_mark m;
    if (!parse_int(parts[0], m.ts_ms)) return error{errc::invalid_marks, "bad mark time"};
    if (parts[1].size() != 1 || !valid_kind(parts[1][0])) return error{errc::invalid_marks, "bad mark kind"};
    m.what = static_cast<day_mark::kind>(parts[1][0]);
    auto ticket = unescape(parts[2]);
    auto employee = unescape(parts[3]);
    if (!ticket || !employee) return error{errc::invalid_marks, "bad escape"};
    m.ticket = std::move(*ticket);
    m.employee = std::move(*employee);
    out.push_back(std::move(m));
  }
  return out;
}

std::int64_t bucket_of(std::int64_t duration_ms) {
  const std::int64_t sec = duration_ms <= 0 ? 0 : duration_ms / 1000;
  return std::min(sec, indicators::duration_histogram::bucket_limit_s);
}

std::string encode_buckets(const duration_buckets& b) {
  std::string out;
  for (const auto& [sec, n] : b) {
    out += std::to_string(sec);
    out += ':';
    out += std::to_string(n);
    out += ',';
  }
  return out;
}

result<duration_buckets> decode_buckets(std::string_view text) {
  duration_buckets b;
  while (!text.empty()) {
    const auto end = text.find(',');
    if (end == std::string_view::npos) return error{errc::invalid_histogram, "unterminated bucket"};
    const std::string_view item = text.substr(0, end);
    text.remove_prefix(end + 1);
    const auto colon = item.find(':');
    std::int64_t sec = 0;
    std::int64_t n = 0;
    if (colon == std::string_view::npos || !parse_int(item.substr(0, colon), sec) ||
        !parse_int(item.substr(colon + 1), n) || sec < 0 || n <= 0)
      return error{errc::invalid_histogram, "bad bucket"};
    if (b.empty() || b.back().first < sec)
      b.emplace_back(sec, n);  // as written: ascending
    else
      indicators::add_to(b, sec, n);
  }
  return b;
}

indicators::duration_histogram histogram_of(const duration_buckets& b) {
  indicators::duration_histogram h;
  for (const auto& [sec, n] : b) h.add_count(sec, n);
  return h;
}

void service_sums::add(const indicators::served_item& s, int sign) {
  served += sign;
  service_ms += sign * std::max<std::int64_t>(0, s.duration_ms());
  indicators::add_to(buckets, bucket_of(s.duration_ms()), sign);
}

void service_sums::merge(const service_sums& o) {
  served += o.served;
  service_ms += o.service_ms;
  if (!o.buckets.empty()) buckets = indicators::merged(buckets, o.buckets);
}

indicators::service_totals service_sums::totals(std::int64_t open_ms) const {
  indicators::service_totals t;
  t.served = served;
  t.total_service_ms = service_ms;
  t.durations = histogram_of(buckets);
  t.open_ms = open_ms;
  return t;
}

std::vector<indicators::served_item> served_of(std::string_view counter, std::span<const day_mark> marks) {
  std::vector<indicators::service_mark> service;
  for (const auto& m : marks) {
    if (m.what != day_mark::kind::start && m.what != day_mark::kind::end) continue;
    service.push_back({m.ts_ms, std::string(counter), m.employee, m.ticket,
                       m.what == day_mark::kind::start ? service_data::action_t::start : service_data::action_t::end});
  }
  return indicators::pair_services(service);
}

std::int64_t open_ms_of(std::string_view counter, std::span<const day_mark> marks, std::int64_t day,
                        indicators::zone z) {
  std::vector<indicators::counter_mark> opening;
  for (const auto& m : marks) {
    counter_data::action_t a = counter_data::action_t::open;
    switch (m.what) {
      case day_mark::kind::open: a = counter_data::action_t::open; break;
      case day_mark::kind::break_: a = counter_data::action_t::break_; break;
      case day_mark::kind::resume: a = counter_data::action_t::resume; break;
      case day_mark::kind::close: a = counter_data::action_t::close; break;
      case day_mark::kind::start:
      case day_mark::kind::end: continue;
    }
    opening.push_back({m.ts_ms, std::string(counter), m.employee, a});
  }
  const std::int64_t offset_ms = static_cast<std::int64_t>(indicators::utc_offset_minutes(z)) * 60'000;
  const std::int64_t begin = day * indicators::ms_per_day - offset_ms;
  return indicators::total_open_ms(indicators::open_intervals(opening, begin, begin + indicators::ms_per_day));
}

void merge_marks(std::vector<day_mark>& marks, std::vector<day_mark> more) {
  std::sort(more.begin(), more.end());
  const auto mid = static_cast<std::ptrdiff_t>(marks.size());
  marks.insert(marks.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  std::inplace_merge(marks.begin(), marks.begin() + mid, marks.end());
}

void day_batch::add(const event& e, indicators::zone z, const counted_time* attendance_time) {
  const std::int64_t day = local_day_of(e.ts_ms, z);
  if (const auto* a = std::get_if<attendance_data>(&e.data)) {
    const counted_time t = attendance_time != nullptr ? *attendance_time : counted_time_of(e, nullptr);
    auto& row = employees[employee_day_key{e.office, a->employee, local_day_of(t.ts_ms, z)}];
    if (a->action == attendance_data::action_t::in) row.attendance.add_in(t.ts_ms, t.trusted);
    else row.attendance.add_out(t.ts_ms, t.trusted);
  } else if (const auto* r = std::get_if<rating_data>(&e.data)) {
    indicators::add_rating(counters[counter_day_key{e.office, r->counter, day}].satisfaction, *r);
    if (r->employee) indicators::add_rating(employees[employee_day_key{e.office, *r->employee, day}].satisfaction, *r);
  } else if (const auto* s = std::get_if<service_data>(&e.data)) {
    auto& marks = counters[counter_day_key{e.office, s->counter, day}].marks[s->ticket];
    day_mark m{e.ts_ms, kind_of(s->action), s->ticket, s->employee};
    marks.insert(std::upper_bound(marks.begin(), marks.end(), m), std::move(m));
  } else if (const auto* c = std::get_if<counter_data>(&e.data)) {
    auto& marks = counters[counter_day_key{e.office, c->counter, day}].marks[std::string()];
    day_mark m{e.ts_ms, kind_of(c->action), std::string(), c->employee};
    marks.insert(std::upper_bound(marks.begin(), marks.end(), m), std::move(m));
  }
}

void day_batch::clear() {
  employees.clear();
  counters.clear();
}

}  // namespace pantau::hub

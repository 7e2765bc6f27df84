#include "pantau/hub/indicators/service.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

namespace pantau::hub::indicators {

void add_to(bucket_list& b, std::int64_t second, std::int64_t n) {
  if (n == 0) return;
  auto it = std::lower_bound(b.begin(), b.end(), second, [](const auto& e, std::int64_t s) { return e.first < s; });
  if (it != b.end() && it->first == second) {
    it->second += n;
    if (it->second == 0) b.erase(it);
  } else {
    b.insert(it, {second, n});
  }
}

bucket_list merged(const bucket_list& a, const bucket_list& b) {
  bucket_list out;
  out.reserve(a.size() + b.size());
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() || j != b.end()) {
    if (j == b.end() || (i != a.end() && i->first < j->first)) {
      out.push_back(*i++);
    } else if (i == a.end() || j->first < i->first) {
      out.push_back(*j++);
    } else {
      const std::int64_t n = i->second + j->second;
      if (n != 0) out.emplace_back(i->first, n);
      ++i;
      ++j;
    }
  }
  return out;
}

void duration_histogram::add(std::int64_t duration_ms) {
  const std::int64_t s = duration_ms <= 0 ? 0 : duration_ms / 1000;
  ++count_;
  if (s >= bucket_limit_s) {
    ++overflow_;
  } else {
    add_to(buckets_, s, 1);
  }
}

void duration_histogram::add_count(std::int64_t second, std::int64_t n) {
  if (n <= 0) return;
  count_ += n;
  if (second >= bucket_limit_s) {
    overflow_ += n;
  } else {
    const std::int64_t at = std::max<std::int64_t>(0, second);
    if (buckets_.empty() || buckets_.back().first < at)
      buckets_.emplace_back(at, n);  // stored histograms come in ascending order
    else
      add_to(buckets_, at, n);
  }
}

void duration_histogram::merge(const duration_histogram& o) {
  if (!o.buckets_.empty()) buckets_ = buckets_.empty() ? o.buckets_ : merged(buckets_, o.buckets_);
  overflow_ += o.overflow_;
  count_ += o.count_;
}

std::optional<std::int64_t> duration_histogram::percentile_s(int pct) const {
  if (count_ == 0 || pct < 1 || pct > 100) return std::nullopt;
  // k = ceil(pct * n / 100) in integers, so 90 % of 10 is exactly 9.
  const std::int64_t rank = (static_cast<std::int64_t>(pct) * count_ + 99) / 100;
  std::int64_t seen = 0;
  for (const auto& [s, n] : buckets_) {
    seen += n;
    if (seen >= rank) return s;
  }
  return bucket_limit_s;
}

std::optional<service_mark> service_mark_of(const event& e) {
  const auto* d = std::get_if<service_data>(&e.data);
  if (d == nullptr) return std::nullopt;
  return service_mark{e.ts_ms, d->counter, d->employee, d->ticket, d->action};
}

std::optional<counter_mark> counter_mark_of(const event& e) {
  const auto* d = std::get_if<counter_data>(&e.data);
  if (d == nullptr) return std::nullopt;
  return counter_mark{e.ts_ms, d->counter, d->employee, d->action};
}

std::vector<served_item> pair_services(std::span<const service_mark> marks) {
  std::vector<const service_mark*> order;
  order.reserve(marks.size());
  for (const auto& m : marks) order.push_back(&m);
  // Group by (counter, ticket), time order inside; at equal times a start goes before an end.
  std::stable_sort(order.begin(), order.end(), [](const service_mark* a, const service_mark* b) {
    return std::tie(a->counter, a->ticket, a->ts_ms, a->action) < std::tie(b->counter, b->ticket, b->ts_ms, b->action);
  });
  std::vector<served_item> out;
  const service_mark* open = nullptr;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const service_mark* m = order[i];
    if (i > 0 && (order[i - 1]->counter != m->counter || order[i - 1]->ticket != m->ticket)) open = nullptr;
    if (m->action == service_data::action_t::start) {
      open = m;
    } else if (open != nullptr) {
      out.push_back(served_item{m->counter, m->ticket, open->employee, open->ts_ms, m->ts_ms});
      open = nullptr;
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const served_item& a, const served_item& b) { return a.end_ms < b.end_ms; });
  return out;
}

std::vector<open_interval> open_intervals(std::span<const counter_mark> marks, std::int64_t window_begin_ms,
                                          std::int64_t window_end_ms) {
  using action = counter_data::action_t;
  std::vector<const counter_mark*> order;
  order.reserve(marks.size());
  for (const auto& m : marks) order.push_back(&m);
  std::stable_sort(order.begin(), order.end(), [](const counter_mark* a, const counter_mark* b) {
    return std::tie(a->counter, a->ts_ms) < std::tie(b->counter, b->ts_ms);
  });

  std::vector<open_interval> out;
  const auto emit = [&](const counter_mark& opened, std::int64_t end_ms) {
    const std::int64_t b = std::max(opened.ts_ms, window_begin_ms);
    const std::int64_t e = std::min(end_ms, window_end_ms);
    if (e > b) out.push_back(open_interval{opened.counter, opened.employee, b, e});
  };
  const counter_mark* opened = nullptr;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const counter_mark* m = order[i];
    if (i > 0 && order[i - 1]->counter != m->counter) {
      if (opened != nullptr) emit(*opened, window_end_ms);
      opened = nullptr;
    }
    const bool starts = m->action == action::open || m->action == action::resume;
    if (starts && opened == nullptr) {
      opened = m;
    } else if (!starts && opened != nullptr) {
      emit(*opened, m->ts_ms);
      opened = nullptr;
    }
  }
  if (opened != nullptr) emit(*opened, window_end_ms);
  return out;
}

std::int64_t total_open_ms(std::span<const open_interval> intervals) {
  std::int64_t total = 0;
  for (const auto& i : intervals) total += i.end_ms - i.begin_ms;
  return total;
}

void service_totals::add(const served_item& s) {
  ++served;
  total_service_ms += std::max<std::int64_t>(0, s.duration_ms());
  durations.add(s.duration_ms());
}

void duration_histogram::merge_all(std::span<const duration_histogram* const> parts) {
  std::vector<std::int64_t> dense(static_cast<std::size_t>(bucket_limit_s), 0);
  for (const auto& [s, n] : buckets_) dense[static_cast<std::size_t>(s)] += n;
  for (const auto* p : parts) {
    for (const auto& [s, n] : p->buckets_) dense[static_cast<std::size_t>(s)] += n;
    overflow_ += p->overflow_;
    count_ += p->count_;
  }
  buckets_.clear();
  for (std::size_t s = 0; s < dense.size(); ++s)
    if (dense[s] != 0) buckets_.emplace_back(static_cast<std::int64_t>(s), dense[s]);
}

void service_totals::merge_all(std::span<const service_totals* const> parts) {
  std::vector<const duration_histogram*> histograms;
  histograms.reserve(parts.size());
  for (const auto* p : parts) {
    served += p->served;
    total_service_ms += p->total_service_ms;
    open_ms += p->open_ms;
    histograms.push_back(&p->durations);
  }
  durations.merge_all(histograms);
}

void service_totals::merge(const service_totals& o) {
  served += o.served;
  total_service_ms += o.total_service_ms;
  durations.merge(o.durations);
  open_ms += o.open_ms;
}

std::optional<double> service_totals::mean_s() const {
  if (served == 0) return std::nullopt;
  return static_cast<double>(total_service_ms) / 1000.0 / static_cast<double>(served);
}

std::optional<double> service_totals::p90_s() const {
  const auto p = durations.percentile_s(90);
  if (!p) return std::nullopt;
  return static_cast<double>(*p);
}

std::optional<double> service_totals::per_open_hour() const {
  if (open_ms <= 0) return std::nullopt;
  return static_cast<double>(served) * 3'600'000.0 / static_cast<double>(open_ms);
}

service_totals summarize(std::span<const served_item> served, std::span<const open_interval> open) {
  service_totals t;
  for (const auto& s : served) t.add(s);
  t.open_ms = total_open_ms(open);
  return t;
}

}  // namespace pantau::hub::indicators

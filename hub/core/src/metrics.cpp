#include "pantau/hub/core/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace pantau::hub {
namespace {

void append_number(std::string& out, double v) {
  if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
    return;
  }
  if (std::isnan(v)) {
    out += "NaN";
    return;
  }
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  out.append(buf, ec == std::errc() ? end : buf);
}

void append_number(std::string& out, std::uint64_t v) { out += std::to_string(v); }
void append_number(std::string& out, std::int64_t v) { out += std::to_string(v); }

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

template <class T>
void sample(std::string& out, std::string_view name, T v) {
  out.append(name).push_back(' ');
  append_number(out, v);
  out.push_back('\n');
}

void simple_counter(std::string& out, std::string_view name, std::string_view help, const counter& c) {
  header(out, name, "counter", help);
  sample(out, name, c.value());
}

void simple_gauge(std::string& out, std::string_view name, std::string_view help, const gauge& g) {
  header(out, name, "gauge", help);
  sample(out, name, g.value());
}

void render_histogram(std::string& out, std::string_view name, std::string_view help, const histogram& h) {
  header(out, name, "histogram", help);
  std::uint64_t cumulative = 0;
  const auto& bounds = h.bounds();
  for (std::size_t i = 0; i <= bounds.size(); ++i) {
    cumulative += h.bucket(i);
    out.append(name).append("_bucket{le=\"");
    append_number(out, i < bounds.size() ? bounds[i] : HUGE_VAL);
    out.append("\"} ");
    append_number(out, cumulative);
    out.push_back('\n');
  }
  out.append(name).append("_sum ");
  append_number(out, h.sum());
  out.push_back('\n');
  out.append(name).append("_count ");
  append_number(out, h.count());
  out.push_back('\n');
}

// Label values are escaped as the text format asks (backslash, quote, newline).
std::string escape_label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

histogram::histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {
  std::sort(bounds_.begin(), bounds_.end());
}

void histogram::observe(double v) {
  const auto it = std::lower_bound(bounds_.begin(), bounds_.end(), v);
  const auto i = static_cast<std::size_t>(it - bounds_.begin());
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
}

metrics::metrics()
    : ack_latency_seconds({0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}),
      batch_size({1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000}),
      commit_seconds({0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}) {}

void metrics::rejected(std::string_view reason, std::uint64_t n) {
  for (std::size_t i = 0; i < known_reasons.size(); ++i) {
    if (known_reasons[i] == reason) {
      rejected_known_[i].add(n);
      return;
    }
  }
  std::lock_guard lock(other_mu_);
  auto it = rejected_other_.find(reason);
  if (it == rejected_other_.end()) it = rejected_other_.emplace(std::string(reason), 0).first;
  it->second += n;
}

std::uint64_t metrics::rejected_count(std::string_view reason) const {
  for (std::size_t i = 0; i < known_reasons.size(); ++i)
    if (known_reasons[i] == reason) return rejected_known_[i].value();
  std::lock_guard lock(other_mu_);
  auto it = rejected_other_.find(reason);
  return it == rejected_other_.end() ? 0 : it->second;
}

std::string metrics::render() const {
  std::string out;
  out.reserve(8192);
  simple_counter(out, "pantau_hub_messages_received_total", "MQTT messages handed to the ingest.",
                 messages_received);
  simple_counter(out, "pantau_hub_events_received_total",
                 "Messages on event topics (or on topics outside the contract).", events_received);
  simple_counter(out, "pantau_hub_events_stored_total", "Events stored for the first time.", events_stored);
  simple_counter(out, "pantau_hub_events_duplicate_total",
                 "Events whose id was already stored: acked again, not stored again.", events_duplicate);
  header(out, "pantau_hub_events_rejected_total", "counter",
         "Events rejected (kept aside with the reason and acked as rejected), by reason.");
  for (std::size_t i = 0; i < known_reasons.size(); ++i) {
    out.append("pantau_hub_events_rejected_total{reason=\"").append(known_reasons[i]).append("\"} ");
    append_number(out, rejected_known_[i].value());
    out.push_back('\n');
  }
  {
    std::lock_guard lock(other_mu_);
    for (const auto& [reason, n] : rejected_other_) {
      out.append("pantau_hub_events_rejected_total{reason=\"").append(escape_label(reason)).append("\"} ");
      append_number(out, n);
      out.push_back('\n');
    }
  }
  header(out, "pantau_hub_unauthenticated_total", "counter",
         "Messages on event topics that did not verify with their kiosk's key: not stored as events, not "
         "acked, kept aside capped, by reason.");
  for (std::size_t i = 0; i < unauthenticated_reasons.size(); ++i) {
    out.append("pantau_hub_unauthenticated_total{reason=\"").append(unauthenticated_reasons[i]).append("\"} ");
    append_number(out, unauthenticated_[i].value());
    out.push_back('\n');
  }
  simple_counter(out, "pantau_hub_events_out_of_order_total",
                 "Events held back because an earlier seq of the same kiosk is missing.", events_out_of_order);
  simple_counter(out, "pantau_hub_seq_gaps_recorded_total",
                 "Missing seq ranges recorded as gaps after the bounded wait ([ingest] gap_wait_s).", seq_gaps_recorded);
  simple_counter(out, "pantau_hub_seq_gaps_filled_total", "Events that arrived late into a recorded gap and were stored.",
                 seq_gaps_filled);
  simple_counter(out, "pantau_hub_status_messages_total", "Kiosk status messages received.", status_messages);
  simple_counter(out, "pantau_hub_status_invalid_total", "Kiosk status messages that did not decode.",
                 status_invalid);
  simple_counter(out, "pantau_hub_acks_sent_total", "Acks published to kiosks.", acks_sent);
  simple_counter(out, "pantau_hub_ack_failures_total", "Acks whose publish failed.", ack_failures);
  simple_counter(out, "pantau_hub_batches_total", "Ingest batches written.", batches);
  simple_counter(out, "pantau_hub_store_failures_total", "Ingest batches whose transaction failed.",
                 store_failures);
  simple_counter(out, "pantau_hub_messages_dropped_total",
                 "Messages that arrived after the ingest stopped (not acked; kiosks resend).", messages_dropped);
  simple_gauge(out, "pantau_hub_queue_depth", "Messages waiting for the ingest worker.", queue_depth);
  simple_gauge(out, "pantau_hub_mqtt_connected", "1 when connected to the broker and subscribed.",
               mqtt_connected);
  simple_gauge(out, "pantau_hub_kiosks", "Registered kiosks.", kiosks_known);
  simple_counter(out, "pantau_hub_http_connections_refused_total",
                 "HTTP connections refused (503) because max_connections were open.", http_connections_refused);
  simple_gauge(out, "pantau_hub_http_connections_open", "Open HTTP and WebSocket connections.",
               http_connections_open);
  render_histogram(out, "pantau_hub_ack_latency_seconds",
                   "From a message's arrival to the publish of the ack that covers it.", ack_latency_seconds);
  render_histogram(out, "pantau_hub_batch_size", "Messages per ingest batch.", batch_size);
  render_histogram(out, "pantau_hub_commit_seconds", "Duration of one batch transaction.", commit_seconds);
  return out;
}

}  // namespace pantau::hub

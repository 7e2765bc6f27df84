#include "pantau/hub/core/ingest.hpp"

#include <algorithm>
#include <utility>

#include "pantau/shared/parallel.hpp"
#include "pantau/shared/sha256.hpp"
#include "pantau/shared/signing.hpp"
#include "pantau/shared/topics.hpp"

namespace pantau::hub {

void batch_plan::clear() {
  writes.clear();
  acks.clear();
  notes.clear();
  decoded.clear();
  duplicates = 0;
  held_back = 0;
  bad_topic = 0;
  status = 0;
  status_invalid = 0;
  events_received = 0;
  unauthenticated = 0;
  gaps_recorded = 0;
}

namespace {
// What the store keeps of an unauthenticated message, and how many distinct kiosk/reason pairs get
// log lines of their own (a flood on made-up topics shares one).
constexpr std::size_t aside_topic_bytes = 256;
constexpr std::size_t aside_log_keys = 1024;
}  // namespace

ingest::ingest(ingest_options options, metrics& m) : options_(options), metrics_(m) {}

void ingest::load(std::vector<kiosk_info> kiosks) {
  registry_.clear();
  for (auto& k : kiosks) {
    kiosk_record r;
    r.info = std::move(k);
    adopt_key(r);
    registry_.put(std::move(r));
  }
  metrics_.kiosks_known.set(static_cast<std::int64_t>(registry_.size()));
}

std::size_t ingest::touch_kiosk(std::string_view office, std::string_view kiosk, std::int64_t now_ms) {
  key_.assign(office).push_back('/');
  key_.append(kiosk);
  if (auto it = touched_index_.find(key_); it != touched_index_.end()) return it->second;
  touched_extra extra;
  kiosk_record rec;
  if (const kiosk_record* known = registry_.find(office, kiosk)) {
    rec = *known;
  } else if (registered_ != nullptr && *registered_) {
    auto found = (*registered_)(office, kiosk);
    if (!found) {
      lookup_error_ = found.err();
      return npos;
    }
    if (!*found) return npos;
    rec.info = std::move(**found);  // registered by `pantau-hub kiosk add` while the hub runs
    adopt_key(rec);
    rec.key_checked_ms = now_ms;
  } else {
    return npos;
  }
  const std::size_t index = touched_.size();
  touched_.push_back(std::move(rec));
  extra_.push_back(extra);
  touched_index_.emplace(key_, index);
  return index;
}

std::size_t ingest::ack_for(const kiosk_record& k, batch_plan& plan) {
  key_.assign(k.info.office).push_back('/');
  key_.append(k.info.kiosk);
  if (auto it = ack_index_.find(key_); it != ack_index_.end()) return it->second;
  const std::size_t index = plan.acks.size();
  kiosk_ack a;
  a.office = k.info.office;
  a.kiosk = k.info.kiosk;
  // Named in the sealed ack: another kiosk, or this one after re-provisioning, ignores it.
  a.body.office = k.info.office;
  a.body.kiosk = k.info.kiosk;
  a.body.key = k.key_id;
  plan.acks.push_back(std::move(a));
  if (acked_seqs_.size() <= index) acked_seqs_.resize(index + 1);
  acked_seqs_[index].clear();
  ack_index_.emplace(key_, index);
  return index;
}

bool ingest::hold_first_contact(kiosk_record& k, std::int64_t seq, std::int64_t now_ms) const {
  // Without a status there is nothing to go by: delivery.md lets a first contact start anywhere.
  if (!k.has_report) return false;
  // Both come from an unsigned status: kept to subtractions of non-negative numbers (no overflow).
  const std::int64_t before_oldest = std::max<std::int64_t>(0, k.reported_last_seq - k.reported_backlog);
  if (seq - 1 <= before_oldest) return false;
  if (k.first_hold_since_ms < 0) k.first_hold_since_ms = now_ms;
  return now_ms - k.first_hold_since_ms < options_.first_contact_hold_ms;
}

bool ingest::hold_for_missing(kiosk_record& k, std::int64_t seq, std::int64_t now_ms, batch_plan& plan) {
  if (k.gap_wait_since_ms < 0) k.gap_wait_since_ms = now_ms;
  if (now_ms - k.gap_wait_since_ms < options_.gap_wait_ms) return true;
  // Waited long enough while later seqs kept coming: the kiosk cannot produce the missing ones (its
  // copy no longer verifies, or is gone). Recorded, shown and alerted; the kiosk is not blocked.
  open_gap g{k.info.last_seq + 1, seq - 1, seq - 1 - k.info.last_seq, now_ms};
  plan.writes.gaps.push_back({k.info.office, k.info.kiosk, k.info.epoch, g.from_seq, g.to_seq, now_ms});
  ++plan.gaps_recorded;
  plan.notes.push_back({ingest_note::level::warn,
                        "kiosk " + k.info.office + "/" + k.info.kiosk + ": seq " + std::to_string(g.from_seq) +
                            (g.to_seq > g.from_seq ? ".." + std::to_string(g.to_seq) : std::string()) +
                            " still missing after " + std::to_string(options_.gap_wait_ms / 1000) +
                            " s: recorded as a gap, later events accepted"});
  k.info.gaps.push_back(g);
  return false;
}

void ingest::on_status(const inbound_message& m, std::size_t index, std::string_view office, std::string_view kiosk,
                       batch_plan& plan) {
  ++plan.status;
  if (m.payload.empty()) return;  // a retained status being cleared
  const std::size_t ki = touch_kiosk(office, kiosk, m.received_ms);
  if (ki == npos) {
    if (lookup_error_) return;  // decide() fails the batch
    plan.notes.push_back({ingest_note::level::debug,
                          "status from unregistered kiosk " + std::string(office) + "/" + std::string(kiosk)});
    return;
  }
  // Sealed like an event: a status nobody proved changes nothing the hub keeps (state, backlog, the
  // first-contact hold).
  std::string_view body;
  if (const auto why = authenticate(m, index, ki, body)) {
    if (!lookup_error_) set_aside(m, office, kiosk, *why, plan);
    return;
  }
  auto s = decode_status(body);
  if (!s) {
    ++plan.status_invalid;
    plan.notes.push_back({ingest_note::level::warn, "invalid status from " + std::string(office) + "/" +
                                                        std::string(kiosk) + ": " +
                                                        std::string(to_string(s.err().code)) + ": " +
                                                        s.err().message});
    return;
  }
  kiosk_record& k = touched_[ki];
  k.info.state = s->state;
  if (s->state == "online") {
    k.info.version = s->version;
    k.info.backlog = s->backlog;
    k.info.clock = s->clock;
    k.info.clock_offset_ms = s->clock_offset_ms;
    k.info.clock_error_ms = s->clock_error_ms;
    k.info.camera = s->camera;
    k.has_report = true;
    k.reported_last_seq = s->last_seq;
    k.reported_backlog = s->backlog;
    // A retained status may be hours old: it says nothing about when the kiosk was last heard.
    if (!m.retained) k.info.last_seen_ms = std::max(k.info.last_seen_ms, m.received_ms);
  }
}

result<bool> ingest::decide(std::span<const inbound_message> batch, const id_lookup& known,
                            batch_plan& plan, const kiosk_lookup& registered) {
  registered_ = &registered;
  lookup_error_.reset();
  struct forget {
    const kiosk_lookup*& p;
    ~forget() { p = nullptr; }
  } forget_lookup{registered_};
  plan.clear();
  touched_.clear();
  extra_.clear();
  touched_index_.clear();
  ack_index_.clear();
  aside_index_.clear();
  batch_ids_.clear();
  // batch_ids_ points into the decoded events: they must never move during the batch.
  plan.decoded.reserve(batch.size());
  plan.writes.events.reserve(batch.size());
  metrics_.messages_received.add(batch.size());

  if (auto checked = check_signatures_ahead(batch); !checked) return checked;

  for (std::size_t index = 0; index < batch.size(); ++index) {
    const inbound_message& m = batch[index];
    const auto& topic = topics_[index];
    if (!topic || topic->kind == topics::kind::ack || topic->kind == topics::kind::config) {
      ++plan.events_received;
      ++plan.bad_topic;
      plan.notes.push_back({ingest_note::level::warn,
                            "message on a topic outside the contract ignored: \"" +
                                std::string(m.topic.substr(0, 200)) + "\" (" + std::to_string(m.payload.size()) +
                                " bytes)"});
      continue;
    }
    if (topic->kind == topics::kind::status) {
      on_status(m, index, topic->office, topic->kiosk, plan);
      if (lookup_error_) return *lookup_error_;
      continue;
    }
    ++plan.events_received;

    const std::size_t ki = touch_kiosk(topic->office, topic->kiosk, m.received_ms);
    if (lookup_error_) return *lookup_error_;
    std::string_view body;
    if (const auto why = ki == npos ? std::optional(metrics::unauthenticated::unknown_kiosk)
                                    : authenticate(m, index, ki, body)) {
      if (lookup_error_) return *lookup_error_;
      set_aside(m, topic->office, topic->kiosk, *why, plan);
      continue;
    }

    // Authenticated: from here on the kiosk is told about every event, rejected ones included.
    // Decode once; on failure salvage what identifies the event so the kiosk can still be told.
    const pantau::event* ev = nullptr;
    std::int64_t seq = 0;
    std::string id;
    std::optional<errc> reason;
    std::string message;
    auto decoded = decode_event(body);
    if (decoded) {
      plan.decoded.push_back(std::move(decoded).value());
      ev = &plan.decoded.back();
      seq = ev->seq;
    } else {
      auto header = peek_event_header(body);
      seq = header.seq;
      id = std::move(header.id);
      reason = decoded.err().code;
      message = decoded.err().message;
    }
    if (ev != nullptr && (ev->office != topic->office || ev->kiosk != topic->kiosk)) {
      reason = errc::topic_mismatch;
      message = "payload says " + ev->office + "/" + ev->kiosk + ", topic says " + topic->office + "/" +
                topic->kiosk;
    }

    kiosk_record& k = touched_[ki];
    k.info.last_seen_ms = std::max(k.info.last_seen_ms, m.received_ms);
    // Far past the cursor is no kiosk's window: rejected, and the cursor stays where it is. Both are
    // non-negative, so the difference cannot overflow.
    const bool out_of_window = seq > 0 && seq - k.info.last_seq > options_.max_seq_ahead;
    if (out_of_window && !reason) {
      reason = errc::seq_out_of_window;
      message = "seq " + std::to_string(seq) + " is more than " + std::to_string(options_.max_seq_ahead) +
                " past the last accepted seq " + std::to_string(k.info.last_seq);
    }

    // Go-back-N: a seq beyond the next expected one means earlier events were lost on the way.
    if (seq > 0 && !out_of_window) {
      const bool hold = k.info.last_seq > 0
                            ? seq - k.info.last_seq > 1 && hold_for_missing(k, seq, m.received_ms, plan)
                            : hold_first_contact(k, seq, m.received_ms);
      if (hold) {
        ++plan.held_back;
        touched_extra& x = extra_[ki];
        x.held_min = x.held == 0 ? seq : std::min(x.held_min, seq);
        x.held_max = x.held == 0 ? seq : std::max(x.held_max, seq);
        ++x.held;
        continue;
      }
    }

    if (reason) {
      if (ev != nullptr) id = ev->id;
      if (seq > 0) {
        const std::size_t ai = ack_for(k, plan);
        plan.acks[ai].body.rejected.push_back({seq, std::string(to_string(*reason))});
        plan.acks[ai].arrivals_us.push_back(m.arrival_us);
      }
      if (!out_of_window && seq > k.info.last_seq) advance(k, seq);
      plan.notes.push_back({ingest_note::level::warn,
                            "rejected event from " + topic->office + "/" + topic->kiosk +
                                (seq > 0 ? " seq " + std::to_string(seq) : std::string(" (no seq)")) + ": " +
                                std::string(to_string(*reason)) + ": " + message});
      rejected_row row;
      row.office = topic->office;
      row.kiosk = topic->kiosk;
      row.seq = seq;
      row.id = std::move(id);
      row.reason = *reason;
      row.message = std::move(message);
      row.payload = m.payload;
      row.received_ms = m.received_ms;
      row.epoch = k.info.epoch;
      plan.writes.rejected.push_back(std::move(row));
      continue;
    }

    const std::size_t ai = ack_for(k, plan);
    if (batch_ids_.contains(ev->id)) {
      ++plan.duplicates;
      acked_seqs_[ai].push_back(seq);
      plan.acks[ai].arrivals_us.push_back(m.arrival_us);
      continue;
    }
    bool fills_gap = false;
    if (k.info.last_seq > 0 && seq <= k.info.last_seq) {
      auto stored = known(ev->id);
      if (!stored) return stored.err();
      if (stored.value()) {
        // The first ack was lost: acked again, the cursor stays.
        ++plan.duplicates;
        acked_seqs_[ai].push_back(seq);
        plan.acks[ai].arrivals_us.push_back(m.arrival_us);
        continue;
      }
      fills_gap = std::any_of(k.info.gaps.begin(), k.info.gaps.end(),
                              [seq](const open_gap& g) { return g.from_seq <= seq && seq <= g.to_seq; });
      plan.notes.push_back({ingest_note::level::info,
                            "kiosk " + topic->office + "/" + topic->kiosk + " seq " + std::to_string(seq) +
                                (fills_gap ? " arrived late into a recorded gap: stored"
                                           : " is behind the cursor " + std::to_string(k.info.last_seq) +
                                                 " with a new event id: taken as a reinstall")});
    }
    batch_ids_.insert(ev->id);
    plan.writes.events.push_back({ev, m.payload, m.received_ms, ki, fills_gap});
    // A late arrival into a gap leaves the cursor where the later events put it.
    if (!fills_gap) advance(k, seq);
    acked_seqs_[ai].push_back(seq);
    plan.acks[ai].arrivals_us.push_back(m.arrival_us);
  }
  finish_plan(plan);
  return true;
}

result<bool> ingest::check_signatures_ahead(std::span<const inbound_message> batch) {
  if (prechecks_.size() < batch.size()) prechecks_.resize(batch.size());
  topics_.clear();
  topics_.reserve(batch.size());
  to_check_.clear();
  for (std::size_t i = 0; i < batch.size(); ++i) {
    prechecks_[i].done = false;
    const inbound_message& m = batch[i];
    const auto& topic = topics_.emplace_back(topics::parse(m.topic));
    if (!topic || (topic->kind != topics::kind::events && topic->kind != topics::kind::status)) continue;
    if (m.payload.size() > max_event_bytes + signing::seal_overhead) continue;
    const std::size_t ki = touch_kiosk(topic->office, topic->kiosk, m.received_ms);
    if (lookup_error_) return *lookup_error_;
    if (ki == npos || !touched_[ki].key) continue;
    prechecks_[i].key = *touched_[ki].key;
    to_check_.push_back(i);
  }
  const auto check = [&](std::size_t from, std::size_t to) {
    for (std::size_t j = from; j < to; ++j) {
      precheck& p = prechecks_[to_check_[j]];
      auto opened = signing::open(batch[to_check_[j]].payload, p.key, p.scratch);
      p.ok = opened.ok();
      p.body = p.ok ? *opened : std::string_view();
      p.not_sealed = !p.ok && opened.err().code == errc::not_sealed;
      p.done = true;
    }
  };
  // An Ed25519 check costs tens of microseconds: below a few dozen, a thread costs more than it saves.
  parallel_chunks(to_check_.size(), options_.verify_threads, 32, check);
  return true;
}

std::optional<metrics::unauthenticated> ingest::authenticate(const inbound_message& m, std::size_t index,
                                                             std::size_t ki, std::string_view& signed_bytes) {
  using why = metrics::unauthenticated;
  // Larger than any event plus its signature: not even worth a signature check.
  if (m.payload.size() > max_event_bytes + signing::seal_overhead) return why::too_large;
  kiosk_record& k = touched_[ki];
  const auto try_open = [&]() -> std::optional<why> {
    if (!k.key) return why::no_key;
    // Checked ahead with the key the kiosk still has: that outcome stands.
    if (const precheck& p = prechecks_[index]; p.done && p.key == *k.key) {
      if (p.ok) {
        signed_bytes = p.body;
        return std::nullopt;
      }
      return p.not_sealed ? why::not_sealed : why::bad_signature;
    }
    auto opened = signing::open(m.payload, *k.key, open_scratch_);
    if (opened) {
      signed_bytes = *opened;
      return std::nullopt;
    }
    return opened.err().code == errc::not_sealed ? why::not_sealed : why::bad_signature;
  };
  auto failed = try_open();
  if (!failed || *failed == why::not_sealed) return failed;
  // A key registered while the hub runs (a re-provisioned kiosk) is found in the store, at most every
  // key_recheck_ms per kiosk so that a flood of forgeries costs no reads.
  if (registered_ == nullptr || !*registered_ || m.received_ms - k.key_checked_ms < options_.key_recheck_ms)
    return failed;
  k.key_checked_ms = m.received_ms;
  auto found = (*registered_)(k.info.office, k.info.kiosk);
  if (!found) {
    lookup_error_ = found.err();
    return failed;
  }
  if (!*found || (*found)->public_key == k.info.public_key) return failed;
  const std::int64_t checked = k.key_checked_ms;
  k = kiosk_record{};
  k.info = std::move(**found);  // the new epoch, its cursor from the store
  k.key_checked_ms = checked;
  adopt_key(k);
  return try_open();
}

void ingest::set_aside(const inbound_message& m, std::string_view office, std::string_view kiosk,
                       metrics::unauthenticated why, batch_plan& plan) {
  ++plan.unauthenticated;
  metrics_.count_unauthenticated(why);
  const std::string_view reason = metrics::unauthenticated_reasons[static_cast<std::size_t>(why)];
  std::string digest = sha256_hex(m.payload);
  if (auto it = aside_index_.find(digest); it != aside_index_.end()) {
    auto& row = plan.writes.unauthenticated[it->second];
    ++row.count;
    row.last_ms = std::max(row.last_ms, m.received_ms);
  } else {
    unauthenticated_row row;
    row.topic = std::string(m.topic.substr(0, aside_topic_bytes));
    row.reason = std::string(reason);
    row.payload = m.payload;
    row.sha256 = digest;
    row.received_ms = m.received_ms;
    row.last_ms = m.received_ms;
    aside_index_.emplace(std::move(digest), plan.writes.unauthenticated.size());
    plan.writes.unauthenticated.push_back(std::move(row));
  }

  // One line per kiosk and reason per unauthenticated_log_ms at most, with how many came meanwhile.
  key_.assign(office).push_back('/');
  key_.append(kiosk).push_back('/');
  key_.append(reason);
  auto it = aside_log_.find(key_);
  if (it == aside_log_.end()) {
    if (aside_log_.size() >= aside_log_keys) key_ = "*";
    it = aside_log_.try_emplace(key_).first;
  }
  log_window& w = it->second;
  ++w.unlogged;
  if (w.logged_once && m.received_ms - w.since_ms < options_.unauthenticated_log_ms) return;
  plan.notes.push_back({ingest_note::level::warn,
                        std::to_string(w.unlogged) + " unauthenticated message(s) on \"" +
                            std::string(m.topic.substr(0, 200)) + "\" (" + std::string(reason) +
                            ", latest " + std::to_string(m.payload.size()) +
                            " bytes): not stored as events, not acked" +
                            (w.logged_once ? " (since the last line)" : "")});
  w.logged_once = true;
  w.since_ms = m.received_ms;
  w.unlogged = 0;
}

void ingest::finish_plan(batch_plan& plan) {
  for (std::size_t i = 0; i < plan.acks.size(); ++i)
    plan.acks[i].body.acked = to_ranges(std::move(acked_seqs_[i]));
  // An ack with nothing in it would only be noise on the kiosk's topic.
  plan.acks.erase(std::remove_if(plan.acks.begin(), plan.acks.end(),
                                 [](const kiosk_ack& a) { return a.body.acked.empty() && a.body.rejected.empty(); }),
                  plan.acks.end());
  plan.writes.kiosks.reserve(touched_.size());
  for (std::size_t i = 0; i < touched_.size(); ++i) {
    plan.writes.kiosks.push_back({touched_[i].info, extra_[i].is_new});
    const touched_extra& x = extra_[i];
    if (x.held > 0) {
      const auto& info = touched_[i].info;
      plan.notes.push_back({ingest_note::level::info,
                            "held back " + std::to_string(x.held) + " events of " + info.office + "/" +
                                info.kiosk + " (seq " + std::to_string(x.held_min) + ".." +
                                std::to_string(x.held_max) + "), waiting for seq " +
                                std::to_string(info.last_seq > 0 ? info.last_seq + 1 : x.held_min) +
                                (info.last_seq > 0 ? "" : " or older") + " to be resent"});
    }
  }
  metrics_.events_received.add(plan.events_received);
  metrics_.events_out_of_order.add(plan.held_back);
  metrics_.seq_gaps_recorded.add(plan.gaps_recorded);
  metrics_.status_messages.add(plan.status);
  metrics_.status_invalid.add(plan.status_invalid);
  if (plan.bad_topic > 0) metrics_.rejected("bad_topic", plan.bad_topic);
}

void ingest::advance(kiosk_record& k, std::int64_t seq) {
  k.info.last_seq = seq;
  k.first_hold_since_ms = -1;
  k.gap_wait_since_ms = -1;
}

void ingest::count_off_gap(kiosk_info& k, std::int64_t seq) {
  const auto g = std::find_if(k.gaps.begin(), k.gaps.end(),
                              [seq](const open_gap& x) { return x.from_seq <= seq && seq <= x.to_seq; });
  if (g == k.gaps.end()) return;
  metrics_.seq_gaps_filled.add();
  if (--g->missing <= 0) k.gaps.erase(g);  // the store closed it in the same transaction
}

batch_summary ingest::committed(const batch_plan& plan, const write_outcome& outcome) {
  batch_summary s;
  std::vector<std::int64_t> delta(touched_.size(), 0);
  for (std::size_t i = 0; i < plan.writes.events.size(); ++i) {
    const bool inserted = i < outcome.inserted.size() && outcome.inserted[i] != 0;
    if (inserted) {
      const event_row& row = plan.writes.events[i];
      ++s.stored;
      ++delta[row.kiosk];
      if (row.fills_gap) count_off_gap(touched_[row.kiosk].info, row.ev->seq);
    } else {
      ++s.duplicates;
    }
  }
  s.duplicates += plan.duplicates;
  s.rejected = plan.writes.rejected.size();
  s.held_back = plan.held_back;
  for (std::size_t i = 0; i < touched_.size(); ++i) {
    touched_[i].info.events += delta[i];
    registry_.put(std::move(touched_[i]));
  }
  touched_.clear();
  extra_.clear();
  touched_index_.clear();

  metrics_.events_stored.add(s.stored);
  metrics_.events_duplicate.add(s.duplicates);
  for (const auto& r : plan.writes.rejected) metrics_.rejected(to_string(r.reason));
  metrics_.kiosks_known.set(static_cast<std::int64_t>(registry_.size()));
  return s;
}

}  // namespace pantau::hub

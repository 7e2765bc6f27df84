#include "pantau/kiosk/kiosk_ui.hpp"

#include <cstdio>
#include <iterator>
#include <utility>
#include <vector>

#include "pantau/kiosk/attendance_day.hpp"

namespace pantau::kiosk {
namespace {

error user_error(std::string code, std::string message) { return error{std::move(code), std::move(message)}; }

}  // namespace

const char* to_string(rating_mode m) { return m == rating_mode::skm ? "skm" : "quick"; }

const char* to_string(panel_screen s) {
  switch (s) {
    case panel_screen::idle: return "idle";
    case panel_screen::follow_up: return "follow_up";
    case panel_screen::survey: return "survey";
    case panel_screen::thanks: return "thanks";
  }
  return "idle";
}

const char* to_string(counter_state s) {
  switch (s) {
    case counter_state::closed: return "closed";
    case counter_state::open: return "open";
    case counter_state::on_break: return "break";
  }
  return "closed";
}

std::optional<rating_mode> parse_rating_mode(std::string_view s) {
  if (s == "quick") return rating_mode::quick;
  if (s == "skm") return rating_mode::skm;
  return std::nullopt;
}

kiosk_ui::kiosk_ui(kiosk_ui_options options, outbox& box, const clock& clk)
    : options_(std::move(options)),
      box_(box),
      clock_(clk),
      presence_(options_.utc_offset_minutes, options_.schedule),
      ticket_letter_(options_.ticket_prefix) {}

bool kiosk_ui::in_lock() const { return rated_once_ && now_mono() < lock_until_ms_; }

bool kiosk_ui::over_burst_limit() {
  const auto now = now_mono();
  while (!recent_ratings_ms_.empty() && now - recent_ratings_ms_.front() >= options_.burst_window_ms)
    recent_ratings_ms_.pop_front();
  return std::ssize(recent_ratings_ms_) >= options_.burst_limit;
}

std::optional<std::string> kiosk_ui::employee_nip() const {
  if (auto e = presence_.current(clock_.utc_ms())) return e->nip;
  return std::nullopt;
}

result<ui_outcome> kiosk_ui::commit_events(std::span<const event_data> events) {
  auto rows = box_.append_many(events);
  if (!rows) {
    // The person sees a plain request to tap again; the cause is for the log (last_commit_error()).
    last_commit_error_ = rows.err();
    return user_error("not_committed", "Gagal menyimpan, silakan coba lagi / Could not save, please try again");
  }
  ui_outcome out;
  if (!rows->empty()) out.seq = rows->back().seq;
  return out;
}

result<ui_outcome> kiosk_ui::commit_rating(const pending_rating& p) {
  rating_data r;
  r.counter = options_.counter;
  r.employee = employee_nip();
  r.overall = p.overall;
  if (p.with_elements) r.elements = p.elements;
  r.misuse = p.misuse;
  const event_data ev = r;
  auto out = commit_events(std::span<const event_data>(&ev, 1));
  if (!out) return out;
  out->misuse = p.misuse;
  if (!p.misuse) {
    recent_ratings_ms_.push_back(now_mono());
    if (r.employee) presence_.count_rating(*r.employee, p.overall, clock_.utc_ms());
  }
  return out;
}

void kiosk_ui::show_thanks() {
  const auto now = now_mono();
  screen_ = panel_screen::thanks;
  thanks_until_ms_ = now + options_.thanks_ms;
  lock_until_ms_ = now + options_.lock_ms;
  rated_once_ = true;
}

result<ui_outcome> kiosk_ui::rate(int overall) {
  if (overall < 1 || overall > 4) return user_error("invalid_input", "Nilai harus 1..4 / The score must be 1..4");

  // A face tapped while a question is open: the citizen who was answering has moved on or someone
  // else is tapping. Keep what the first one gave, and store this tap as misuse.
  if (pending_) {
    auto first = commit_rating(*pending_);
    if (!first) return first;
    pending_.reset();
    auto again = commit_rating({.overall = overall, .misuse = true});
    if (!again) return again;
    show_thanks();
    return again;
  }

  if (in_lock()) {
    auto out = commit_rating({.overall = overall, .misuse = true});
    if (!out) return out;
    // Still hammering: the lock lasts from the latest tap.
    lock_until_ms_ = now_mono() + options_.lock_ms;
    return out;
  }

  const bool misuse = over_burst_limit();
  if (!misuse && options_.mode == rating_mode::skm) {
    pending_ = pending_rating{.overall = overall, .with_elements = true, .asked_ms = now_mono()};
    survey_step_ = 0;
    screen_ = panel_screen::survey;
    return ui_outcome{};
  }
  if (!misuse && overall <= 2) {
    pending_ = pending_rating{.overall = overall, .asked_ms = now_mono()};
    screen_ = panel_screen::follow_up;
    return ui_outcome{};
  }
  auto out = commit_rating({.overall = overall, .misuse = misuse});
  if (!out) return out;
  show_thanks();
  return out;
}

result<ui_outcome> kiosk_ui::answer_follow_up(std::optional<int> element) {
  if (screen_ != panel_screen::follow_up || !pending_)
    return user_error("no_question", "Tidak ada pertanyaan yang menunggu / No question is waiting");
  if (element && (*element < 1 || *element > static_cast<int>(rating_data::element_count)))
    return user_error("invalid_input", "Unsur harus U1..U9 / The element must be U1..U9");
  pending_rating p = *pending_;
  if (element) {
    p.with_elements = true;
    p.elements[static_cast<std::size_t>(*element - 1)] = p.overall;
  }
  auto out = commit_rating(p);
  if (!out) return out;
  pending_.reset();
  show_thanks();
  return out;
}

result<ui_outcome> kiosk_ui::answer_survey(std::optional<int> score) {
  if (screen_ != panel_screen::survey || !pending_)
    return user_error("no_question", "Tidak ada pertanyaan yang menunggu / No question is waiting");
  if (score && (*score < 1 || *score > 4)) return user_error("invalid_input", "Nilai harus 1..4 / The score must be 1..4");
  pending_rating p = *pending_;
  p.elements[static_cast<std::size_t>(survey_step_)] = score;
  p.asked_ms = now_mono();
  if (survey_step_ + 1 < static_cast<int>(rating_data::element_count)) {
    pending_ = p;
    ++survey_step_;
    return ui_outcome{};
  }
  auto out = commit_rating(p);
  if (!out) return out;
  pending_.reset();
  survey_step_ = 0;
  show_thanks();
  return out;
}

std::string kiosk_ui::next_ticket() {
  const auto day = local_day_number(clock_.utc_ms(), options_.utc_offset_minutes);
  int number = ticket_number_;
  char letter = ticket_letter_;
  if (day != ticket_day_) {
    number = 0;
    letter = options_.ticket_prefix;
  }
  if (++number > 999 && letter < 'Z') {
    ++letter;
    number = 1;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%03d", letter, number % 1000);
  return buf;
}

result<ui_outcome> kiosk_ui::counter_action(counter_data::action_t action) {
  const auto nip = employee_nip();
  if (!nip)
    return user_error("no_employee", "Pindai kartu pegawai dulu / Scan an employee badge first");
  using a = counter_data::action_t;
  counter_state next = state_;
  switch (action) {
    case a::open:
      if (state_ != counter_state::closed)
        return user_error("invalid_transition", "Loket sudah dibuka / The counter is already open");
      next = counter_state::open;
      break;
    case a::break_:
      if (state_ != counter_state::open)
        return user_error("invalid_transition", "Loket tidak sedang buka / The counter is not open");
      next = counter_state::on_break;
      break;
    case a::resume:
      if (state_ != counter_state::on_break)
        return user_error("invalid_transition", "Loket tidak sedang istirahat / The counter is not on a break");
      next = counter_state::open;
      break;
    case a::close:
      if (state_ == counter_state::closed)
        return user_error("invalid_transition", "Loket sudah tutup / The counter is already closed");
      next = counter_state::closed;
      break;
  }
  // A break or closing ends the service in progress, so its service time does not run on.
  std::vector<event_data> events;
  const bool ends_service = ticket_ && next != counter_state::open;
  if (ends_service)
    events.push_back(service_data{options_.counter, *nip, *ticket_, service_data::action_t::end});
  events.push_back(counter_data{options_.counter, *nip, action});
  auto out = commit_events(events);
  if (!out) return out;
  state_ = next;
  if (ends_service) {
    note_served(*nip, clock_.utc_ms());
    ticket_.reset();
  }
  return out;
}

result<ui_outcome> kiosk_ui::next_citizen() {
  const auto nip = employee_nip();
  if (!nip) return user_error("no_employee", "Pindai kartu pegawai dulu / Scan an employee badge first");
  if (state_ != counter_state::open)
    return user_error("counter_not_open", "Buka loket dulu / Open the counter first");
  const auto utc = clock_.utc_ms();
  const auto day = local_day_number(utc, options_.utc_offset_minutes);
  const std::string ticket = next_ticket();
  std::vector<event_data> events;
  if (ticket_) events.push_back(service_data{options_.counter, *nip, *ticket_, service_data::action_t::end});
  events.push_back(service_data{options_.counter, *nip, ticket, service_data::action_t::start});
  auto out = commit_events(events);
  if (!out) return out;
  if (ticket_) note_served(*nip, utc);
  ticket_ = ticket;
  ticket_day_ = day;
  ticket_letter_ = ticket.front();
  ticket_number_ = std::stoi(ticket.substr(1));
  out->ticket = ticket;
  return out;
}

void kiosk_ui::note_served(const std::string& nip, std::int64_t utc_ms) {
  const auto day = local_day_number(utc_ms, options_.utc_offset_minutes);
  if (served_day_ != day) {
    served_day_ = day;
    served_today_ = 0;
  }
  ++served_today_;
  presence_.count_served(nip, utc_ms);
}

void kiosk_ui::badge_scanned(std::string_view nip, attendance_data::action_t action, std::int64_t utc_ms) {
  presence_.record_scan(nip, action, utc_ms);
}

bool kiosk_ui::tick() {
  bool changed = false;
  const auto now = now_mono();
  if (pending_ && now - pending_->asked_ms >= options_.question_ms) {
    // The citizen walked away mid-question: what they gave still counts.
    auto out = commit_rating(*pending_);
    if (out) {
      pending_.reset();
      survey_step_ = 0;
      screen_ = panel_screen::idle;
      tick_error_.reset();
      changed = true;
    } else {
      tick_error_ = out.err();
    }
  }
  if (screen_ == panel_screen::thanks && now >= thanks_until_ms_) {
    screen_ = panel_screen::idle;
    changed = true;
  }
  if (reported_locked_ != in_lock()) {
    reported_locked_ = in_lock();
    changed = true;
  }
  return changed;
}

ui_snapshot kiosk_ui::snapshot() const {
  ui_snapshot s;
  s.screen = screen_;
  s.mode = options_.mode;
  s.locked = in_lock();
  if (pending_) s.pending_overall = pending_->overall;
  s.survey_step = survey_step_;
  s.counter = options_.counter;
  s.state = state_;
  s.ticket = ticket_;
  const auto utc = clock_.utc_ms();
  s.served_today = served_day_ == local_day_number(utc, options_.utc_offset_minutes) ? served_today_ : 0;
  s.employee = presence_.current(utc);
  return s;
}

}  // namespace pantau::kiosk

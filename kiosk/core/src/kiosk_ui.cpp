#include "pantau/kiosk/kiosk_ui.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <map>
#include <iterator>
#include <utility>
#include <vector>

#include "pantau/kiosk/attendance_day.hpp"

namespace pantau::kiosk {
namespace {

error user_error(errc code, std::string message) { return error{code, std::move(message)}; }

// The state note's text: one fact per line, words separated by one space, a version in the first line
// and "end" as the last, so a note from another version or a cut-off one is refused, never half used.
constexpr std::string_view state_header = "pantau-kiosk-ui 1";

const char* band_code(const std::optional<lateness>& b) {
  if (!b) return "-";
  switch (*b) {
    case lateness::on_time: return "on_time";
    case lateness::tl1: return "tl1";
    case lateness::tl2: return "tl2";
    case lateness::tl3: return "tl3";
    case lateness::tl4: return "tl4";
    case lateness::needs_review: return "review";
  }
  return "-";
}

// False for an unknown code; "-" is a scan without a band.
bool parse_band(std::string_view s, std::optional<lateness>& out) {
  out.reset();
  if (s == "-") return true;
  for (auto l : {lateness::on_time, lateness::tl1, lateness::tl2, lateness::tl3, lateness::tl4, lateness::needs_review}) {
    if (s == band_code(l)) {
      out = l;
      return true;
    }
  }
  return false;
}

std::vector<std::string_view> words_of(std::string_view line) {
  std::vector<std::string_view> out;
  while (!line.empty()) {
    const auto sp = line.find(' ');
    out.push_back(line.substr(0, sp));
    if (sp == std::string_view::npos) break;
    line.remove_prefix(sp + 1);
  }
  return out;
}

template <class T>
std::optional<T> number_of(std::string_view s, T lo, T hi) {
  T v{};
  const auto* end = s.data() + s.size();
  const auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc{} || p != end || s.empty() || v < lo || v > hi) return std::nullopt;
  return v;
}

// A NIP as the kiosk keeps it: printable, no spaces (the badge pipeline only passes digits).
bool plain_word(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (const char c : s)
    if (c <= ' ' || c == 127) return false;
  return true;
}

// "A001".."Z999": a letter and three digits.
bool ticket_word(std::string_view s) {
  return s.size() == 4 && s[0] >= 'A' && s[0] <= 'Z' && number_of<int>(s.substr(1), 0, 999).has_value();
}

}  // namespace

const char* to_string(rating_mode m) { return m == rating_mode::skm ? "skm" : "quick"; }

const char* to_string(panel_screen s) {
  switch (s) {
    case panel_screen::idle: return "idle";
    case panel_screen::follow_up: return "follow_up";
    case panel_screen::survey: return "survey";
    case panel_screen::thanks: return "thanks";
    case panel_screen::profile: return "profile";
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

const char* to_string(ui_language l) { return l == ui_language::en ? "en" : "id"; }

const char* to_string(badge_refusal r) {
  switch (r) {
    case badge_refusal::unknown: return "unknown";
    case badge_refusal::expired: return "expired";
    case badge_refusal::invalid: return "invalid";
  }
  return "invalid";
}

badge_refusal refusal_of(badge_rejection r) {
  switch (r) {
    case badge_rejection::malformed:
    case badge_rejection::unknown_key: return badge_refusal::unknown;
    case badge_rejection::expired: return badge_refusal::expired;
    case badge_rejection::bad_nip:
    case badge_rejection::bad_signature: return badge_refusal::invalid;
  }
  return badge_refusal::invalid;
}

std::optional<ui_language> parse_ui_language(std::string_view s) {
  if (s == "id") return ui_language::id;
  if (s == "en") return ui_language::en;
  return std::nullopt;
}

kiosk_ui::kiosk_ui(kiosk_ui_options options, outbox& box, const clock& clk)
    : options_(std::move(options)),
      box_(box),
      clock_(clk),
      presence_(options_.utc_offset_minutes, options_.schedule),
      day_(fresh_day()) {}

kiosk_ui::counter_day kiosk_ui::fresh_day() const {
  counter_day d;
  d.ticket_letter = options_.ticket_prefix;
  return d;
}

std::string kiosk_ui::state_text() const {
  const auto utc = clock_.utc_ms();
  const auto today = local_day_number(utc, options_.utc_offset_minutes);
  std::string out(state_header);
  out += "\nday " + std::to_string(today);
  out += std::string("\ncounter ") + to_string(day_.state);
  out += "\nticket " + day_.ticket.value_or("-");
  char last[16];
  if (day_.ticket_day == today)
    std::snprintf(last, sizeof last, "%c%03d", day_.ticket_letter, day_.ticket_number % 1000);
  else
    std::snprintf(last, sizeof last, "%c000", options_.ticket_prefix);
  out += std::string("\nlast ") + last;
  out += "\nserved " + std::to_string(day_.served_day == today ? day_.served_today : 0);
  if (const auto& e = presence_.last_scan(); e && local_day_number(e->scan_utc_ms, options_.utc_offset_minutes) == today)
    out += "\nscan " + e->nip + (e->action == attendance_data::action_t::in ? " in " : " out ") +
           std::to_string(e->scan_utc_ms) + " " + band_code(e->band);
  for (const auto& [nip, d] : presence_.days()) {
    if (d.day != today) continue;
    // An unsynced first check-in keeps its mark: "<ms>u".
    out += "\nemployee " + nip + " " +
           (d.first_in_ms ? std::to_string(*d.first_in_ms) + (d.first_in_unsynced ? "u" : "") : std::string("-")) + " " +
           std::to_string(d.figures.served) + " " + std::to_string(d.figures.ratings) + " " +
           std::to_string(d.figures.rating_sum);
  }
  out += "\nend\n";
  return out;
}

result<bool> kiosk_ui::restore(std::string_view note) {
  const auto utc = clock_.utc_ms();
  const auto today = local_day_number(utc, options_.utc_offset_minutes);
  auto bad = [](std::string what) {
    return error{errc::bad_state, "kept kiosk state ignored (" + std::move(what) + "); starting fresh"};
  };
  std::vector<std::string_view> lines;
  for (std::string_view rest = note; !rest.empty();) {
    const auto nl = rest.find('\n');
    lines.push_back(rest.substr(0, nl));
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  if (lines.empty() || lines.front() != state_header) return bad("unknown format or version");
  if (lines.back() != "end") return bad("incomplete");

  counter_day day = fresh_day();
  std::optional<employee_at_counter> last;
  std::map<std::string, employee_day, std::less<>> days;
  bool seen_day = false, seen_counter = false, seen_ticket = false, seen_last = false, seen_served = false;
  for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
    const auto w = words_of(lines[i]);
    const std::string line_no = "line " + std::to_string(i + 1);
    if (w.empty()) return bad(line_no + " empty");
    if (w[0] == "day" && w.size() == 2 && !seen_day) {
      const auto d = number_of<std::int64_t>(w[1], -1'000'000, 1'000'000);
      if (!d) return bad(line_no + ": day");
      if (*d != today)
        return error{errc::old_day, "kept kiosk state is of an earlier day (" + std::to_string(*d) + ", today " +
                                    std::to_string(today) + "); starting the day fresh"};
      seen_day = true;
    } else if (w[0] == "counter" && w.size() == 2 && !seen_counter) {
      if (w[1] == "closed") day.state = counter_state::closed;
      else if (w[1] == "open") day.state = counter_state::open;
      else if (w[1] == "break") day.state = counter_state::on_break;
      else return bad(line_no + ": counter state");
      seen_counter = true;
    } else if (w[0] == "ticket" && w.size() == 2 && !seen_ticket) {
      if (w[1] != "-") {
        if (!ticket_word(w[1])) return bad(line_no + ": ticket");
        day.ticket = std::string(w[1]);
      }
      seen_ticket = true;
    } else if (w[0] == "last" && w.size() == 2 && !seen_last) {
      if (!ticket_word(w[1])) return bad(line_no + ": last ticket");
      day.ticket_letter = w[1][0];
      day.ticket_number = *number_of<int>(w[1].substr(1), 0, 999);
      day.ticket_day = today;
      seen_last = true;
    } else if (w[0] == "served" && w.size() == 2 && !seen_served) {
      const auto n = number_of<int>(w[1], 0, 1'000'000);
      if (!n) return bad(line_no + ": served");
      day.served_today = *n;
      day.served_day = today;
      seen_served = true;
    } else if (w[0] == "scan" && w.size() == 5 && !last) {
      const auto at = number_of<std::int64_t>(w[3], 0, INT64_MAX / 2);
      std::optional<lateness> band;
      if (!plain_word(w[1]) || (w[2] != "in" && w[2] != "out") || !at || !parse_band(w[4], band))
        return bad(line_no + ": scan");
      if (local_day_number(*at, options_.utc_offset_minutes) != today) return bad(line_no + ": scan of another day");
      employee_at_counter e;
      e.nip = std::string(w[1]);
      e.action = w[2] == "in" ? attendance_data::action_t::in : attendance_data::action_t::out;
      e.scan_utc_ms = *at;
      e.time = local_hh_mm(*at, options_.utc_offset_minutes);
      e.band = band;
      last = std::move(e);
    } else if (w[0] == "employee" && w.size() == 6) {
      employee_day d;
      d.day = today;
      if (w[2] != "-") {
        std::string_view first_text = w[2];
        d.first_in_unsynced = first_text.ends_with('u');
        if (d.first_in_unsynced) first_text.remove_suffix(1);
        const auto first = number_of<std::int64_t>(first_text, 0, INT64_MAX / 2);
        if (!first) return bad(line_no + ": first check-in");
        d.first_in_ms = *first;
      }
      const auto served = number_of<int>(w[3], 0, 1'000'000);
      const auto ratings = number_of<int>(w[4], 0, 1'000'000);
      const auto sum = number_of<int>(w[5], 0, 4'000'000);
      if (!plain_word(w[1]) || !served || !ratings || !sum || *sum > 4 * *ratings || *sum < *ratings)
        return bad(line_no + ": employee figures");
      d.figures = {*served, *ratings, *sum};
      if (!days.emplace(std::string(w[1]), d).second) return bad(line_no + ": employee twice");
    } else {
      return bad(line_no + " not understood");
    }
  }
  if (!seen_day || !seen_counter || !seen_ticket || !seen_last || !seen_served) return bad("a line is missing");
  if (day.ticket && day.state == counter_state::closed) return bad("a ticket at a closed counter");
  day_ = day;
  presence_.restore(std::move(last), std::move(days));
  return true;
}

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

result<ui_outcome> kiosk_ui::commit_events(std::span<const event_data> events, const std::function<void()>& change) {
  const counter_day saved_day = day_;
  auto saved_last = presence_.last_scan();
  auto saved_days = presence_.days();
  if (change) change();
  const state_note note{std::string(state_key), state_text()};
  auto rows = box_.append_with_state(events, &note);
  if (!rows) {
    day_ = saved_day;
    presence_.restore(std::move(saved_last), std::move(saved_days));
    // The person sees a plain request to tap again; the cause is for the log (last_commit_error()).
    last_commit_error_ = rows.err();
    return user_error(errc::not_committed, "Gagal menyimpan, silakan coba lagi / Could not save, please try again");
  }
  ui_outcome out;
  if (!rows->empty()) {
    out.seq = rows->back().seq;
    out.event_id = rows->back().id;
  }
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
  auto out = commit_events(std::span<const event_data>(&ev, 1), [&] {
    if (!p.misuse && r.employee) presence_.count_rating(*r.employee, p.overall, clock_.utc_ms());
  });
  if (!out) return out;
  out->misuse = p.misuse;
  if (!p.misuse) recent_ratings_ms_.push_back(now_mono());
  return out;
}

void kiosk_ui::show_thanks() {
  const auto now = now_mono();
  screen_ = panel_screen::thanks;
  thanks_until_ms_ = now + options_.thanks_ms;
  lock_until_ms_ = now + options_.lock_ms;
  rated_once_ = true;
}

void kiosk_ui::after_rating(const ui_outcome& rating) {
  if (!options_.ask_profile || rating.misuse || rating.event_id.empty()) {
    show_thanks();
    return;
  }
  // The rating is durable: the anti-misuse lock starts as after any rating, and the thank-you heads
  // the profile screen.
  const auto now = now_mono();
  lock_until_ms_ = now + options_.lock_ms;
  rated_once_ = true;
  profile_form f;
  f.answers.rating = rating.event_id;
  f.answers.counter = options_.counter;
  f.asked_ms = now;
  profile_ = std::move(f);
  screen_ = panel_screen::profile;
}

std::vector<profile_field> kiosk_ui::profile_steps() const {
  std::vector<profile_field> steps{profile_field::gender, profile_field::age, profile_field::education,
                                   profile_field::occupation};
  if (!services_.empty()) steps.push_back(profile_field::service);
  return steps;
}

result<ui_outcome> kiosk_ui::finish_profile() {
  if (!profile_) return ui_outcome{};
  const profile_data& p = profile_->answers;
  const bool answered = std::any_of(profile_fields.begin(), profile_fields.end(),
                                    [&p](profile_field f) { return p.value(f).has_value(); });
  ui_outcome out;
  if (answered) {
    const event_data ev = p;
    auto committed = commit_events(std::span<const event_data>(&ev, 1), {});
    if (!committed) return committed;  // kept open: the person (or the next tick) can try again
    out = *committed;
  }
  profile_.reset();
  screen_ = panel_screen::idle;
  return out;
}

result<ui_outcome> kiosk_ui::answer_profile(std::string_view code) {
  if (screen_ != panel_screen::profile || !profile_)
    return user_error(errc::no_question, "Tidak ada pertanyaan yang menunggu / No question is waiting");
  const auto steps = profile_steps();
  const profile_field f = steps[std::min(profile_->step, steps.size() - 1)];
  const bool known = f == profile_field::service
                         ? std::any_of(services_.begin(), services_.end(), [&](const auto& s) { return s.code == code; })
                         : find_choice(f, code) != nullptr;
  if (!known) return user_error(errc::invalid_input, "Pilihan tidak dikenal / Unknown choice");
  profile_form before = *profile_;
  profile_->answers.value(f) = std::string(code);
  profile_->asked_ms = now_mono();
  if (++profile_->step < steps.size()) return ui_outcome{};
  auto out = finish_profile();
  if (!out) {
    profile_ = std::move(before);
    return out;
  }
  show_thanks();
  return out;
}

result<ui_outcome> kiosk_ui::skip_profile() {
  if (screen_ != panel_screen::profile || !profile_)
    return user_error(errc::no_question, "Tidak ada pertanyaan yang menunggu / No question is waiting");
  return finish_profile();
}

result<ui_outcome> kiosk_ui::rate(int overall) {
  if (overall < 1 || overall > 4) return user_error(errc::invalid_input, "Nilai harus 1..4 / The score must be 1..4");
  // A face tapped while the profile is open: the profile ends with what it has, the tap counts as usual.
  if (profile_) {
    auto ended = finish_profile();
    if (!ended) return ended;
  }

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
  after_rating(*out);
  return out;
}

result<ui_outcome> kiosk_ui::answer_follow_up(std::optional<int> element) {
  if (screen_ != panel_screen::follow_up || !pending_)
    return user_error(errc::no_question, "Tidak ada pertanyaan yang menunggu / No question is waiting");
  if (element && (*element < 1 || *element > static_cast<int>(rating_data::element_count)))
    return user_error(errc::invalid_input, "Unsur harus U1..U9 / The element must be U1..U9");
  pending_rating p = *pending_;
  if (element) {
    p.with_elements = true;
    p.elements[static_cast<std::size_t>(*element - 1)] = p.overall;
  }
  auto out = commit_rating(p);
  if (!out) return out;
  pending_.reset();
  after_rating(*out);
  return out;
}

result<ui_outcome> kiosk_ui::answer_survey(std::optional<int> score) {
  if (screen_ != panel_screen::survey || !pending_)
    return user_error(errc::no_question, "Tidak ada pertanyaan yang menunggu / No question is waiting");
  if (score && (*score < 1 || *score > 4)) return user_error(errc::invalid_input, "Nilai harus 1..4 / The score must be 1..4");
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
  after_rating(*out);
  return out;
}

std::string kiosk_ui::next_ticket() {
  const auto day = local_day_number(clock_.utc_ms(), options_.utc_offset_minutes);
  int number = day_.ticket_number;
  char letter = day_.ticket_letter;
  if (day != day_.ticket_day) {
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
    return user_error(errc::no_employee, "Pindai kartu pegawai dulu / Scan an employee badge first");
  using a = counter_data::action_t;
  const counter_state current = day_.state;
  counter_state next = current;
  switch (action) {
    case a::open:
      if (current != counter_state::closed)
        return user_error(errc::invalid_transition, "Loket sudah dibuka / The counter is already open");
      next = counter_state::open;
      break;
    case a::break_:
      if (current != counter_state::open)
        return user_error(errc::invalid_transition, "Loket tidak sedang buka / The counter is not open");
      next = counter_state::on_break;
      break;
    case a::resume:
      if (current != counter_state::on_break)
        return user_error(errc::invalid_transition, "Loket tidak sedang istirahat / The counter is not on a break");
      next = counter_state::open;
      break;
    case a::close:
      if (current == counter_state::closed)
        return user_error(errc::invalid_transition, "Loket sudah tutup / The counter is already closed");
      next = counter_state::closed;
      break;
  }
  // A break or closing ends the service in progress, so its service time does not run on.
  std::vector<event_data> events;
  const bool ends_service = day_.ticket && next != counter_state::open;
  if (ends_service)
    events.push_back(service_data{options_.counter, *nip, *day_.ticket, service_data::action_t::end});
  events.push_back(counter_data{options_.counter, *nip, action});
  return commit_events(events, [&] {
    day_.state = next;
    if (ends_service) {
      note_served(*nip, clock_.utc_ms());
      day_.ticket.reset();
    }
  });
}

result<ui_outcome> kiosk_ui::next_citizen() {
  const auto nip = employee_nip();
  if (!nip) return user_error(errc::no_employee, "Pindai kartu pegawai dulu / Scan an employee badge first");
  if (day_.state != counter_state::open)
    return user_error(errc::counter_not_open, "Buka loket dulu / Open the counter first");
  const auto utc = clock_.utc_ms();
  const auto day = local_day_number(utc, options_.utc_offset_minutes);
  const std::string ticket = next_ticket();
  std::vector<event_data> events;
  if (day_.ticket) events.push_back(service_data{options_.counter, *nip, *day_.ticket, service_data::action_t::end});
  events.push_back(service_data{options_.counter, *nip, ticket, service_data::action_t::start});
  auto out = commit_events(events, [&] {
    if (day_.ticket) note_served(*nip, utc);
    day_.ticket = ticket;
    day_.ticket_day = day;
    day_.ticket_letter = ticket.front();
    day_.ticket_number = std::stoi(ticket.substr(1));
  });
  if (!out) return out;
  out->ticket = ticket;
  return out;
}

void kiosk_ui::note_served(const std::string& nip, std::int64_t utc_ms) {
  const auto day = local_day_number(utc_ms, options_.utc_offset_minutes);
  if (day_.served_day != day) {
    day_.served_day = day;
    day_.served_today = 0;
  }
  ++day_.served_today;
  presence_.count_served(nip, utc_ms);
}

std::optional<error> kiosk_ui::badge_scanned(std::string_view nip, attendance_data::action_t action,
                                            std::int64_t utc_ms, clock_state clock) {
  presence_.record_scan(nip, action, utc_ms, clock);
  greeting_until_ms_ = now_mono() + options_.greeting_ms;
  refusal_.reset();  // the badge that worked replaces any refusal before it
  // The scan's own event is the camera's commit; here only who is greeted is kept for a restart.
  const state_note note{std::string(state_key), state_text()};
  auto kept = box_.append_with_state({}, &note);
  if (!kept) return kept.err();
  return std::nullopt;
}

void kiosk_ui::badge_refused(badge_refusal reason) {
  refusal_ = reason;
  refusal_until_ms_ = now_mono() + options_.notice_ms;
}

bool kiosk_ui::tick() {
  bool changed = false;
  const auto now = now_mono();
  if (greeting_until_ms_ != 0 && now >= greeting_until_ms_) {
    greeting_until_ms_ = 0;
    changed = true;
  }
  if (refusal_ && now >= refusal_until_ms_) {
    refusal_.reset();
    changed = true;
  }
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
  if (profile_ && now - profile_->asked_ms >= options_.profile_ms) {
    // Nobody answers any more: the profile ends as with "Lewati", keeping what was answered.
    auto out = finish_profile();
    if (out) {
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
  s.language = options_.language;
  s.locked = in_lock();
  if (pending_) s.pending_overall = pending_->overall;
  s.survey_step = survey_step_;
  s.counter = options_.counter;
  s.state = day_.state;
  s.ticket = day_.ticket;
  const auto utc = clock_.utc_ms();
  s.served_today = day_.served_day == local_day_number(utc, options_.utc_offset_minutes) ? day_.served_today : 0;
  s.employee = presence_.current(utc);
  s.greeting = s.employee && greeting_until_ms_ != 0 && now_mono() < greeting_until_ms_;
  if (refusal_ && now_mono() < refusal_until_ms_) s.refusal = refusal_;
  if (profile_) {
    const auto steps = profile_steps();
    s.profile_step = static_cast<int>(std::min(profile_->step, steps.size() - 1));
    s.profile_steps = static_cast<int>(steps.size());
    s.profile_asked = steps[static_cast<std::size_t>(s.profile_step)];
  }
  s.services = services_;
  return s;
}

}  // namespace pantau::kiosk

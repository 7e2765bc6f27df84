#pragma once
// What the kiosk's touch panel and counter buttons do, without any I/O: the citizens' rating flow
// (faces 1–4, one follow-up after a low score, optional full SKM survey, thank-you, back to idle by
// itself), anti-misuse (a lock after each rating and a burst limit: such taps are stored flagged
// misuse, never dropped), and the counter's open/break/resume/close and "next citizen" with ticket
// numbers A001, A002, ... per local day.
//
// Every action that changes what happened is committed to the outbox before the call returns success,
// so the caller confirms on screen only what is durable (DESIGN §4 rule 1). A failed commit changes
// nothing here: the screen shows the error and the person can tap again.
// A badge scan's greeting stands on the citizens' side for a moment (greeting_ms) and a refused badge's
// reason for another (notice_ms); after that only the staff panel shows who is at the counter.
// When the hub's config asks for it, a rating the citizen finished is followed by the optional
// respondent profile (docs/survey.md): the rating is committed first and "terima kasih" is earned; the
// profile screen then asks gender, age band, education, occupation and (when the counter's unit lists
// any) the service received, one field at a time. "Lewati / Skip" ends it at once, as does a short
// idle time; answers given before that are committed as one profile event naming the rating, and a
// profile without any answer is never stored. No names, no free text: only the closed lists.
// Time comes from the injected clock; tick() applies the time-based steps (follow-up timeout,
// thank-you over, greeting and refusal gone).
// The day's counter state, tickets, served count and the employee at the counter survive a restart:
// each commit carries them as a state note (outbox.hpp) in the same transaction as its events, and
// restore() puts them back on the same local day.
// Thread-safety: not thread-safe; one thread (the UI worker) owns it and the outbox it uses.
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/kiosk/counter_presence.hpp"
#include "pantau/kiosk/outbox.hpp"
#include "pantau/shared/badge.hpp"
#include "pantau/shared/clock.hpp"
#include "pantau/shared/event.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::kiosk {

enum class rating_mode { quick, skm };
enum class panel_screen { idle, follow_up, survey, thanks, profile };
enum class counter_state { closed, open, on_break };
// The screen's first language (the hub's config); the other one is the smaller second line.
enum class ui_language { id, en };

const char* to_string(rating_mode m);
const char* to_string(panel_screen s);
const char* to_string(counter_state s);
const char* to_string(ui_language l);
// Why the screen refuses a badge, in the three words a person can act on: the kiosk does not know it
// (not a Pantau badge, or a key it does not hold), it is past its date, or it does not check out
// (forged, bad signature, impossible NIP).
enum class badge_refusal { unknown, expired, invalid };
const char* to_string(badge_refusal r);
badge_refusal refusal_of(badge_rejection r);
std::optional<rating_mode> parse_rating_mode(std::string_view s);
std::optional<ui_language> parse_ui_language(std::string_view s);

struct kiosk_ui_options {
  std::string counter = "loket-1";
  int utc_offset_minutes = 7 * 60;  // WIB
  work_schedule schedule;
  rating_mode mode = rating_mode::quick;
  ui_language language = ui_language::id;
  std::int64_t lock_ms = 3000;          // after a rating, taps this soon are misuse
  std::int64_t thanks_ms = 4000;        // the thank-you stays this long, then idle
  std::int64_t question_ms = 20000;     // an unanswered follow-up/survey step: commit what was given
  bool ask_profile = false;             // the hub's config turns the respondent profile on
  std::int64_t profile_ms = 8000;       // a profile question left this long ends the profile
  std::int64_t burst_window_ms = 60000;  // more than burst_limit ratings within this window are misuse:
  int burst_limit = 4;                   // no counter serves five citizens in a minute
  // The greeting after a badge scan stands on the citizens' side this long, then only the staff panel
  // keeps it: a late arrival is nobody else's business all day.
  std::int64_t greeting_ms = 8000;
  std::int64_t notice_ms = 8000;  // a refused badge's notice stays this long
  char ticket_prefix = 'A';
};

// What an action did; `seq` is the outbox seq of the last event committed (0: nothing committed yet,
// e.g. a low score waiting for its follow-up).
struct ui_outcome {
  std::int64_t seq = 0;
  bool misuse = false;
  std::optional<std::string> ticket;  // the ticket now being served, after "next citizen"
  std::string event_id;               // id of that last event (a profile names its rating by it)
};

// A service of the counter's unit, as the profile screen offers it.
struct profile_service {
  std::string code;
  std::string name;
  bool operator==(const profile_service&) const = default;
};

struct ui_snapshot {
  panel_screen screen = panel_screen::idle;
  rating_mode mode = rating_mode::quick;
  ui_language language = ui_language::id;
  bool locked = false;
  std::optional<int> pending_overall;  // during the follow-up or the survey
  int survey_step = 0;                 // 0..8: the element being asked (survey screen)
  std::string counter;
  counter_state state = counter_state::closed;
  std::optional<std::string> ticket;   // being served now
  int served_today = 0;                // at this counter (all employees)
  std::optional<employee_at_counter> employee;
  bool greeting = false;                 // the scan's greeting is still on the citizens' side
  std::optional<badge_refusal> refusal;  // a badge was refused moments ago
  // The profile screen: the field asked now, its place among the steps, and the unit's services.
  std::optional<profile_field> profile_asked;
  int profile_step = 0;   // 0-based
  int profile_steps = 0;  // 4, or 5 with the service
  std::vector<profile_service> services;
};

class kiosk_ui {
 public:
  // `box` and `clk` must outlive the object.
  kiosk_ui(kiosk_ui_options options, outbox& box, const clock& clk);

  // ---- citizen side ----
  // A face tapped (1..4). During the lock, or beyond the burst limit, the rating is stored flagged
  // misuse. In quick mode 1–2 opens the follow-up (nothing committed yet); in SKM mode the survey.
  result<ui_outcome> rate(int overall);
  // The follow-up answer: element 1..9 (U1..U9) was the problem, or empty = skipped. The element's
  // score is the overall score, the others stay null: the citizen named one element, nothing more.
  result<ui_outcome> answer_follow_up(std::optional<int> element);
  // One SKM element score 1..4 (or empty = skipped); after the ninth the rating is committed.
  result<ui_outcome> answer_survey(std::optional<int> score);

  // The profile's answer for the field asked now (a code of its list, or of the unit's services).
  result<ui_outcome> answer_profile(std::string_view code);
  // "Lewati / Skip": no more profile questions; what was answered so far is committed.
  result<ui_outcome> skip_profile();

  // ---- employee side ----
  result<ui_outcome> counter_action(counter_data::action_t action);
  // Ends the service of the current ticket (if any) and starts the next, in one transaction.
  result<ui_outcome> next_citizen();
  // A badge scan the camera committed; decides who is at the counter. The greeting shows either way;
  // an error means it was not kept for a restart (the outbox refused the state note).
  std::optional<error> badge_scanned(std::string_view nip, attendance_data::action_t action, std::int64_t utc_ms,
                                     clock_state clock = clock_state::synced);
  // A badge the camera refused: the screen says why for a moment (options.notice_ms); nothing is kept.
  void badge_refused(badge_refusal reason);
  void set_employee_name(std::string_view nip, std::string_view name) { presence_.set_name(nip, name); }
  void set_employee_schedule(std::string_view nip, const weekly_schedule& week) { presence_.set_schedule(nip, week); }
  // The rating mode the hub's config names. A citizen already answering keeps the questions they
  // were given; the next rating starts in the new mode.
  void set_mode(rating_mode m) { options_.mode = m; }
  // The site's zone, band bounds and holidays from the hub's config: local days, times and the
  // greeting's band follow them from now on.
  void set_site(site_rules rules) {
    options_.utc_offset_minutes = rules.utc_offset_minutes;
    presence_.set_rules(std::move(rules));
  }
  int utc_offset_minutes() const { return options_.utc_offset_minutes; }
  void set_language(ui_language l) { options_.language = l; }
  // The hub's config: whether the profile is offered, and the services of this counter's unit.
  void set_profile(bool ask, std::vector<profile_service> services) {
    options_.ask_profile = ask;
    services_ = std::move(services);
  }

  // The key of this object's state note in the outbox.
  static constexpr std::string_view state_key = "kiosk_ui";
  // Puts back the day kept in a state note (the outbox's read_state(state_key)). Only a note of
  // today (local day) is used; an older day (code "old_day") or text that does not parse exactly
  // (code "bad_state") leaves everything fresh, as after a first start. Call before the first action.
  result<bool> restore(std::string_view note);
  // The state note's text for the current state (what the next commit would keep).
  std::string state_text() const;

  // Time-based steps. Returns true when the snapshot changed. A commit that fails here (a question
  // timed out) is kept pending and retried at the next tick; its error is in last_tick_error().
  bool tick();
  const std::optional<error>& last_tick_error() const { return tick_error_; }
  // Why the latest failed commit failed (the outbox's own error), for the log.
  const std::optional<error>& last_commit_error() const { return last_commit_error_; }

  ui_snapshot snapshot() const;

 private:
  struct pending_rating {
    int overall = 0;
    bool misuse = false;
    std::array<std::optional<int>, rating_data::element_count> elements{};
    bool with_elements = false;
    std::int64_t asked_ms = 0;  // monotonic, when the current question appeared
  };

  std::int64_t now_mono() const { return clock_.monotonic_ms(); }
  bool in_lock() const;
  bool over_burst_limit();
  std::optional<std::string> employee_nip() const;
  result<ui_outcome> commit_rating(const pending_rating& p);
  // Applies `change` to the day state, commits `events` with the state that follows as one
  // transaction, and puts the old state back when the commit fails: screen and file never disagree.
  result<ui_outcome> commit_events(std::span<const event_data> events, const std::function<void()>& change);
  void show_thanks();
  // After the citizen's own rating committed: the profile when it is asked for, else the thank-you.
  void after_rating(const ui_outcome& rating);
  std::vector<profile_field> profile_steps() const;
  // Ends the profile: commits what was answered (if anything); the screen goes back to idle.
  result<ui_outcome> finish_profile();
  std::string next_ticket();
  void note_served(const std::string& nip, std::int64_t utc_ms);

  kiosk_ui_options options_;
  outbox& box_;
  const clock& clock_;
  counter_presence presence_;

  panel_screen screen_ = panel_screen::idle;
  std::optional<pending_rating> pending_;
  struct profile_form {
    profile_data answers;
    std::size_t step = 0;
    std::int64_t asked_ms = 0;  // monotonic, when the current question appeared
  };
  std::optional<profile_form> profile_;
  std::vector<profile_service> services_;
  int survey_step_ = 0;
  std::int64_t lock_until_ms_ = 0;
  std::int64_t thanks_until_ms_ = 0;
  bool rated_once_ = false;
  std::deque<std::int64_t> recent_ratings_ms_;  // monotonic, accepted (non-misuse) ratings in the window
  std::optional<error> tick_error_;
  std::optional<error> last_commit_error_;
  bool reported_locked_ = false;
  std::int64_t greeting_until_ms_ = 0;  // monotonic; 0: no greeting since start
  std::optional<badge_refusal> refusal_;
  std::int64_t refusal_until_ms_ = 0;   // monotonic

  // What the state note keeps (with presence_): the counter and its tickets of the day.
  struct counter_day {
    counter_state state = counter_state::closed;
    std::optional<std::string> ticket;
    std::int64_t ticket_day = 0;
    int ticket_number = 0;  // last handed out on ticket_day: 0..999 per letter
    char ticket_letter = 'A';
    int served_today = 0;
    std::int64_t served_day = 0;
  };
  counter_day fresh_day() const;
  counter_day day_;
};

}  // namespace pantau::kiosk

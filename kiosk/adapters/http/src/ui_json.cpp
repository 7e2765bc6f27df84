#include "pantau/kiosk/ui_json.hpp"

#include <boost/json.hpp>

#include <utility>

namespace pantau::kiosk {
namespace json = boost::json;
namespace {

error bad(std::string msg) { return error{errc::invalid_input, std::move(msg)}; }

// An integer field within [lo, hi]; a JSON number with a fraction or out of range is refused.
result<int> int_field(const json::object& o, std::string_view key, int lo, int hi, std::string_view expected) {
  const auto* v = o.if_contains(key);
  const std::string msg = std::string(expected);
  if (v == nullptr) return bad(msg);
  std::int64_t n = 0;
  if (v->is_int64()) {
    n = v->get_int64();
  } else if (v->is_uint64() && v->get_uint64() <= 1000) {
    n = static_cast<std::int64_t>(v->get_uint64());
  } else {
    return bad(msg);
  }
  if (n < lo || n > hi) return bad(msg);
  return static_cast<int>(n);
}

bool skip_requested(const json::object& o) {
  const auto* s = o.if_contains("skip");
  return s != nullptr && s->is_bool() && s->get_bool();
}

}  // namespace

result<ui_command> parse_ui_command(std::string_view text) {
  json::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return bad("Pesan bukan objek JSON / The message is not a JSON object");
  const auto& o = v.get_object();
  ui_command c;
  if (const auto* re = o.if_contains("re")) {
    if (re->is_int64()) {
      c.re = re->get_int64();
    } else if (re->is_uint64() && re->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
      c.re = static_cast<std::int64_t>(re->get_uint64());
    } else {
      return bad("\"re\" harus bilangan bulat / \"re\" must be an integer");
    }
  }
  const auto* op = o.if_contains("op");
  if (op == nullptr || !op->is_string())
    return bad("\"op\" tidak ada / \"op\" is missing (rate, follow_up, survey, counter, next)");
  const std::string_view name = op->get_string();
  if (name == "rate") {
    auto n = int_field(o, "overall", 1, 4, "\"overall\" harus 1..4 / \"overall\" must be 1..4");
    if (!n) return n.err();
    c.op = ui_op::rate;
    c.value = *n;
  } else if (name == "follow_up") {
    c.op = ui_op::follow_up;
    if (!skip_requested(o)) {
      auto n = int_field(o, "element", 1, 9, "\"element\" harus 1..9 atau \"skip\":true / \"element\" must be 1..9 or \"skip\":true");
      if (!n) return n.err();
      c.value = *n;
    }
  } else if (name == "survey") {
    c.op = ui_op::survey;
    if (!skip_requested(o)) {
      auto n = int_field(o, "score", 1, 4, "\"score\" harus 1..4 atau \"skip\":true / \"score\" must be 1..4 or \"skip\":true");
      if (!n) return n.err();
      c.value = *n;
    }
  } else if (name == "counter") {
    c.op = ui_op::counter;
    const auto* a = o.if_contains("action");
    const std::string_view act = a != nullptr && a->is_string() ? std::string_view(a->get_string()) : "";
    if (act == "open") {
      c.action = counter_data::action_t::open;
    } else if (act == "break") {
      c.action = counter_data::action_t::break_;
    } else if (act == "resume") {
      c.action = counter_data::action_t::resume;
    } else if (act == "close") {
      c.action = counter_data::action_t::close;
    } else {
      return bad("\"action\" harus open, break, resume atau close / \"action\" must be open, break, resume or close");
    }
  } else if (name == "next") {
    c.op = ui_op::next;
  } else {
    return bad("\"op\" tidak dikenal / unknown \"op\" (rate, follow_up, survey, counter, next)");
  }
  return c;
}

std::pair<std::string, std::string> lateness_words(int minutes) {
  const std::string n = std::to_string(minutes);
  return {"terlambat " + n + " menit", n + (minutes == 1 ? " minute late" : " minutes late")};
}

std::pair<std::string, std::string> greeting_of(const employee_at_counter& e) {
  if (e.action == attendance_data::action_t::out) return {"pulang " + e.time, "checked out " + e.time};
  // An unsynced clock may say 1970: its time is not announced, nor any band (the hub re-bases it or a
  // supervisor reviews it).
  if (e.band == lateness::needs_review)
    return {"masuk — jam kios belum sinkron, waktu akan ditinjau",
            "checked in — kiosk clock not synced, time will be reviewed"};
  std::string id = "masuk " + e.time;
  std::string en = "checked in " + e.time;
  if (e.band) {
    if (*e.band == lateness::on_time) {
      id += " — tepat waktu";
      en += " — on time";
    } else if (e.minutes_late) {
      // People's words on screen; the band code is for the staff view only.
      const auto [lid, len] = lateness_words(*e.minutes_late);
      id += " — " + lid;
      en += " — " + len;
    } else {
      id += " — terlambat";
      en += " — late";
    }
  }
  return {id, en};
}

std::pair<std::string, std::string> refusal_words(badge_refusal r) {
  switch (r) {
    case badge_refusal::unknown: return {"Kartu ditolak: tidak dikenal", "Badge refused: unknown"};
    case badge_refusal::expired: return {"Kartu ditolak: kedaluwarsa", "Badge refused: expired"};
    case badge_refusal::invalid: return {"Kartu ditolak: tidak sah", "Badge refused: invalid"};
  }
  return {"Kartu ditolak", "Badge refused"};
}

std::string ui_state_json(const ui_snapshot& s, const ui_status& status, int /*utc_offset_minutes*/) {
  json::object o;
  o["type"] = "state";
  o["screen"] = to_string(s.screen);
  o["mode"] = to_string(s.mode);
  o["language"] = to_string(s.language);
  o["locked"] = s.locked;
  o["pending_overall"] = s.pending_overall ? json::value(*s.pending_overall) : json::value(nullptr);
  o["survey_step"] = s.survey_step;
  o["counter"] = s.counter;
  o["counter_state"] = to_string(s.state);
  o["ticket"] = s.ticket ? json::value(*s.ticket) : json::value(nullptr);
  o["served_today"] = s.served_today;
  if (s.employee) {
    const auto& e = *s.employee;
    json::object emp;
    emp["nip"] = e.nip;
    emp["name"] = e.name;
    emp["action"] = e.action == attendance_data::action_t::in ? "in" : "out";
    emp["time"] = e.time;
    emp["band"] = e.band ? json::value(to_string(*e.band)) : json::value(nullptr);
    emp["minutes_late"] = e.minutes_late ? json::value(*e.minutes_late) : json::value(nullptr);
    auto [gid, gen] = greeting_of(e);
    emp["greeting_id"] = gid;
    emp["greeting_en"] = gen;
    json::object today;
    today["served"] = e.today.served;
    today["ratings"] = e.today.ratings;
    today["mean"] = e.today.ratings > 0
                        ? json::value(static_cast<double>(e.today.rating_sum) / e.today.ratings)
                        : json::value(nullptr);
    emp["today"] = std::move(today);
    o["employee"] = std::move(emp);
  } else {
    o["employee"] = nullptr;
  }
  // The greeting's moment on the citizens' side; the staff panel shows the employee either way.
  o["greeting"] = s.greeting;
  if (s.refusal) {
    const auto [rid, ren] = refusal_words(*s.refusal);
    o["refusal"] = {{"reason", to_string(*s.refusal)}, {"text_id", rid}, {"text_en", ren}};
  } else {
    o["refusal"] = nullptr;
  }
  o["backlog"] = status.backlog;
  o["connection"] = status.connected ? "online" : "offline";
  o["camera"] = status.camera;
  o["kiosk"] = status.kiosk;
  o["office"] = status.office;
  // null until the hub's config arrived; false: the hub does not list this kiosk's counter (staff view).
  o["counter_known"] = status.counter_known ? json::value(*status.counter_known) : json::value(nullptr);
  o["counter_unit"] = status.counter_unit;
  return json::serialize(o);
}

std::string ui_reply_json(std::optional<std::int64_t> re, const result<ui_outcome>& r, panel_screen screen) {
  json::object o;
  o["type"] = "reply";
  o["re"] = re ? json::value(*re) : json::value(nullptr);
  o["ok"] = r.ok();
  if (r) {
    o["seq"] = r->seq > 0 ? json::value(r->seq) : json::value(nullptr);
    o["misuse"] = r->misuse;
    o["ticket"] = r->ticket ? json::value(*r->ticket) : json::value(nullptr);
    o["screen"] = to_string(screen);
  } else {
    o["error"] = r.err().message;
    o["code"] = to_string(r.err().code);
  }
  return json::serialize(o);
}

}  // namespace pantau::kiosk

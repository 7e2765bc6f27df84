#include "pantau/shared/event_codec.hpp"

#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>

#include <array>
#include <limits>
#include <type_traits>
#include <variant>

#include "json_reader.hpp"
#include "pantau/shared/iso_time.hpp"
#include "pantau/shared/signing.hpp"
#include "pantau/shared/uuid.hpp"
#include "pantau/shared/validate.hpp"

namespace pantau {
namespace {

using detail::as_int64;
using detail::make_error;
using detail::named;
using detail::name_of;
using detail::counter_expected;
using detail::nip_expected;
using detail::object_reader;
namespace json = boost::json;

constexpr std::array<named<attendance_data::action_t>, 2> attendance_actions{
    {{"in", attendance_data::action_t::in}, {"out", attendance_data::action_t::out}}};
constexpr std::array<named<attendance_data::method_t>, 2> attendance_methods{
    {{"badge", attendance_data::method_t::badge}, {"pin", attendance_data::method_t::pin}}};
constexpr std::array<named<attendance_data::face_t>, 3> attendance_faces{
    {{"present", attendance_data::face_t::present},
     {"absent", attendance_data::face_t::absent},
     {"unchecked", attendance_data::face_t::unchecked}}};
constexpr std::array<named<counter_data::action_t>, 4> counter_actions{
    {{"open", counter_data::action_t::open},
     {"break", counter_data::action_t::break_},
     {"resume", counter_data::action_t::resume},
     {"close", counter_data::action_t::close}}};
constexpr std::array<named<service_data::action_t>, 2> service_actions{
    {{"start", service_data::action_t::start}, {"end", service_data::action_t::end}}};
constexpr std::array<named<clock_state>, 2> clock_states{
    {{"synced", clock_state::synced}, {"unsynced", clock_state::unsynced}}};

event_data read_attendance(object_reader& r) {
  r.allow_only({"employee", "action", "method", "face", "photo"});
  attendance_data d;
  d.employee = r.string("employee", is_valid_nip, nip_expected);
  d.action = r.one_of("action", attendance_actions);
  d.method = r.one_of("method", attendance_methods);
  d.face = r.one_of("face", attendance_faces);
  d.photo = r.nullable_string("photo", is_valid_photo_ref, "expected \"sha256:\" and 64 lowercase hex digits, or null");
  return d;
}

event_data read_counter(object_reader& r) {
  r.allow_only({"counter", "employee", "action"});
  counter_data d;
  d.counter = r.string("counter", is_valid_counter, counter_expected);
  d.employee = r.string("employee", is_valid_nip, nip_expected);
  d.action = r.one_of("action", counter_actions);
  return d;
}

event_data read_service(object_reader& r) {
  r.allow_only({"counter", "employee", "ticket", "action"});
  service_data d;
  d.counter = r.string("counter", is_valid_counter, counter_expected);
  d.employee = r.string("employee", is_valid_nip, nip_expected);
  d.ticket = r.string(
      "ticket", [](std::string_view s) { return is_printable_text(s, 32); },
      "expected a ticket of 1..32 printable characters");
  d.action = r.one_of("action", service_actions);
  return d;
}

event_data read_rating(object_reader& r) {
  r.allow_only({"counter", "employee", "overall", "elements", "misuse"});
  rating_data d;
  d.counter = r.string("counter", is_valid_counter, counter_expected);
  d.employee = r.nullable_string("employee", is_valid_nip, "expected an NIP of exactly 18 digits, or null");
  d.overall = r.nullable_score("overall");
  if (const json::value* v = r.required("elements"); v != nullptr && !v->is_null()) {
    if (!v->is_array() || v->get_array().size() != rating_data::element_count) {
      r.fail(errc::invalid_field, "elements", "expected an array of exactly 9 items (each 1..4 or null), or null");
    } else {
      std::array<std::optional<int>, rating_data::element_count> elements{};
      const json::array& arr = v->get_array();
      for (std::size_t i = 0; i < elements.size(); ++i) {
        elements[i] = r.nullable_score(arr[i], r.full_path("elements[" + std::to_string(i) + "]"));
      }
      d.elements = elements;
    }
  }
  d.misuse = r.boolean("misuse");
  if (!r.failed() && !d.overall && !d.elements) {
    r.fail(errc::invalid_field, "overall", "expected a score: \"overall\" and \"elements\" cannot both be null");
  }
  return d;
}

event_data read_profile(object_reader& r) {
  r.allow_only({"rating", "counter", "gender", "age", "education", "occupation", "service"});
  profile_data d;
  d.rating = r.string("rating", is_valid_uuid, "expected the id (lowercase UUID) of the rating event it belongs to");
  d.counter = r.string("counter", is_valid_counter, counter_expected);
  for (const auto f : profile_fields) {
    auto& slot = d.value(f);
    const std::string_view key = to_string(f);
    // Outside its closed list is its own reason (invalid_profile) in the ack: the kiosk offers only the list.
    const json::value* v = r.required(key);
    if (v == nullptr || v->is_null()) continue;
    const bool known = v->is_string() && (f == profile_field::service ? is_valid_service_code(v->get_string())
                                                                       : find_choice(f, v->get_string()) != nullptr);
    if (!known) {
      r.fail(errc::invalid_profile, key, expected_choices(f));
      continue;
    }
    slot = std::string(v->get_string());
  }
  return d;
}

// ---- header peeking -------------------------------------------------------------------------

// A streaming handler that watches only the top-level "id" and "seq": it works on truncated, oversized
// or otherwise broken payloads, which are exactly the ones that need it.
class header_handler {
 public:
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);

  event_header header;
  bool have_id = false;
  bool have_seq = false;

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_array_begin(json::error_code&) { return enter(); }
  bool on_array_end(std::size_t, json::error_code&) { return leave(); }
  bool on_object_begin(json::error_code&) {
    if (depth_ == 0) top_is_object_ = true;
    return enter();
  }
  bool on_object_end(std::size_t, json::error_code&) { return leave(); }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    append_value(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    append_value(s);
    if (at_top() && key_ == "id") {
      header.id = value_overflow_ ? std::string() : value_;
      have_id = !value_overflow_;
    }
    return value_done();
  }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    append_key(s);
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code&) {
    append_key(s);
    key_done_ = true;
    return true;
  }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
    if (at_top() && key_ == "seq" && i >= 1) {
      header.seq = i;
      have_seq = true;
    }
    return value_done();
  }
  bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
    if (at_top() && key_ == "seq" && u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      header.seq = static_cast<std::int64_t>(u);
      have_seq = true;
    }
    return value_done();
  }
  bool on_double(double, json::string_view, json::error_code&) { return value_done(); }
  bool on_bool(bool, json::error_code&) { return value_done(); }
  bool on_null(json::error_code&) { return value_done(); }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  static constexpr std::size_t max_kept = 64;

  bool at_top() const { return depth_ == 1 && top_is_object_ && key_done_; }
  bool enter() {
    ++depth_;
    if (depth_ == 2) key_done_ = false;
    return true;
  }
  bool leave() {
    --depth_;
    return value_done();
  }
  // After each top-level value: forget its key. Reading goes on to the end so that a repeated key
  // gives its last value, as the DOM parser does.
  bool value_done() {
    if (depth_ == 1) {
      key_.clear();
      key_done_ = false;
      value_.clear();
      value_overflow_ = false;
    } else if (depth_ > 1) {
      value_.clear();
    }
    return true;
  }
  void append_key(json::string_view s) {
    if (depth_ != 1) return;
    if (key_.size() + s.size() <= max_kept) {
      key_.append(s.data(), s.size());
    } else {
      key_.assign("\x01");  // too long to be "id" or "seq"; keeps it from matching either
    }
  }
  void append_value(json::string_view s) {
    if (!at_top()) return;
    if (value_.size() + s.size() <= max_kept) {
      value_.append(s.data(), s.size());
    } else {
      value_overflow_ = true;
    }
  }

  std::size_t depth_ = 0;
  bool top_is_object_ = false;
  bool key_done_ = false;
  bool value_overflow_ = false;
  std::string key_;
  std::string value_;
};

// Counts the keys of the top-level object and of the objects one level down. The DOM keeps only the
// last of repeated keys; comparing counts finds them, so an event cannot mean two things to two readers.
class key_counter {
 public:
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);

  std::size_t top_keys = 0;
  std::size_t nested_keys = 0;

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_array_begin(json::error_code&) { return enter(); }
  bool on_array_end(std::size_t, json::error_code&) { return leave(); }
  bool on_object_begin(json::error_code&) { return enter(); }
  bool on_object_end(std::size_t, json::error_code&) { return leave(); }
  bool on_string_part(json::string_view, std::size_t, json::error_code&) { return true; }
  bool on_string(json::string_view, std::size_t, json::error_code&) { return true; }
  bool on_key_part(json::string_view, std::size_t, json::error_code&) { return true; }
  bool on_key(json::string_view, std::size_t, json::error_code&) {
    if (depth_ == 1) ++top_keys;
    if (depth_ == 2) ++nested_keys;
    return true;
  }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t, json::string_view, json::error_code&) { return true; }
  bool on_uint64(std::uint64_t, json::string_view, json::error_code&) { return true; }
  bool on_double(double, json::string_view, json::error_code&) { return true; }
  bool on_bool(bool, json::error_code&) { return true; }
  bool on_null(json::error_code&) { return true; }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  bool enter() {
    ++depth_;
    return true;
  }
  bool leave() {
    --depth_;
    return true;
  }

  std::size_t depth_ = 0;
};

}  // namespace

result<event> decode_event(std::string_view payload) {
  if (payload.size() > max_event_bytes) {
    return error{errc::too_large, "payload: expected at most " + std::to_string(max_event_bytes) + " bytes, got " +
                                  std::to_string(payload.size())};
  }
  if (!is_valid_utf8(payload)) return error{errc::invalid_utf8, "payload: expected UTF-8 text"};

  // Events are small: parse into a stack buffer and skip the heap in the common case.
  std::array<unsigned char, 8192> buffer;  // NOLINT(cppcoreguidelines-pro-type-member-init): scratch space
  json::monotonic_resource mr(buffer.data(), buffer.size());
  json::error_code ec;
  const json::value root = json::parse(json::string_view(payload.data(), payload.size()), ec, &mr);
  if (ec) return error{errc::invalid_json, std::string("payload: expected JSON (") + ec.message() + ")"};
  if (!root.is_object()) return error{errc::invalid_json, "payload: expected a JSON object"};
  const json::object& obj = root.get_object();

  const json::value* v = obj.if_contains("v");
  if (v == nullptr) return make_error(errc::missing_field, "v", "required but missing");
  if (const auto version = as_int64(*v); !version || *version != event::version) {
    return make_error(errc::unsupported_version, "v", "expected 1 (the only supported version)");
  }
  const json::value* type_value = obj.if_contains("type");
  if (type_value == nullptr) return make_error(errc::missing_field, "type", "required but missing");
  const auto type = type_value->is_string() ? parse_event_type(type_value->get_string()) : std::nullopt;
  if (!type) {
    return make_error(errc::unknown_type, "type",
                      "expected one of \"attendance\", \"counter\", \"service\", \"rating\", \"profile\"");
  }

  object_reader r(obj, "");
  r.allow_only({"v", "id", "kiosk", "office", "seq", "prev", "boot", "mono_ms", "ts", "clock", "type", "data"});
  event e;
  e.id = r.string("id", is_valid_uuid, "expected a lowercase UUID like 0b7e4c1a-5f3d-4c2b-9a8e-1d2c3b4a5f60");
  e.kiosk = r.string("kiosk", is_valid_id, "expected a kiosk name of 1..48 characters from a-z 0-9 -");
  e.office = r.string("office", is_valid_id, "expected an office name of 1..48 characters from a-z 0-9 -");
  e.seq = r.integer("seq", 1, "expected an integer >= 1");
  e.prev = r.string("prev", is_sha256_hex, "expected 64 lowercase hex digits (sha256 of the previous event)");
  e.boot = r.string(
      "boot", [](std::string_view s) { return is_printable_text(s, 64); },
      "expected a boot id of 1..64 printable characters");
  e.mono_ms = r.integer("mono_ms", 0, "expected an integer >= 0");
  const std::string ts = r.string(
      "ts", [](std::string_view s) { return parse_utc_ms(s).ok(); },
      "expected a UTC time like \"2026-11-22T00:31:02.123Z\"");
  if (!r.failed()) e.ts_ms = *parse_utc_ms(ts);
  e.clock = r.one_of("clock", clock_states);

  const json::value* data = r.required("data");
  if (data != nullptr && !data->is_object()) r.fail(errc::invalid_field, "data", "expected a JSON object");
  if (r.failed()) return r.take_error();

  object_reader dr(data->get_object(), "data");
  switch (*type) {
    case event_type::attendance: e.data = read_attendance(dr); break;
    case event_type::counter: e.data = read_counter(dr); break;
    case event_type::service: e.data = read_service(dr); break;
    case event_type::rating: e.data = read_rating(dr); break;
    case event_type::profile: e.data = read_profile(dr); break;
  }
  if (dr.failed()) return dr.take_error();

  // Only a valid event reaches here, so "data" is the one object at depth 2.
  json::basic_parser<key_counter> counter(json::parse_options{});
  counter.write_some(false, payload.data(), payload.size(), ec);
  if (ec || counter.handler().top_keys != obj.size() || counter.handler().nested_keys != data->get_object().size()) {
    return error{errc::invalid_json, "payload: expected each key at most once per object"};
  }
  return e;
}

result<event> decode_stored_event(std::string_view payload) {
  std::string scratch;
  return decode_event(signing::signed_part(payload, scratch));
}

std::string encode_event(const event& e) {
  json::object o;
  o.reserve(12);
  o["v"] = event::version;
  o["id"] = e.id;
  o["kiosk"] = e.kiosk;
  o["office"] = e.office;
  o["seq"] = e.seq;
  o["prev"] = e.prev;
  o["boot"] = e.boot;
  o["mono_ms"] = e.mono_ms;
  o["ts"] = format_utc_ms(e.ts_ms);
  o["clock"] = name_of(clock_states, e.clock);
  o["type"] = to_string(e.type());

  json::object d;
  std::visit(
      [&d](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, attendance_data>) {
          d["employee"] = x.employee;
          d["action"] = name_of(attendance_actions, x.action);
          d["method"] = name_of(attendance_methods, x.method);
          d["face"] = name_of(attendance_faces, x.face);
          if (x.photo) d["photo"] = *x.photo; else d["photo"] = nullptr;
        } else if constexpr (std::is_same_v<T, counter_data>) {
          d["counter"] = x.counter;
          d["employee"] = x.employee;
          d["action"] = name_of(counter_actions, x.action);
        } else if constexpr (std::is_same_v<T, service_data>) {
          d["counter"] = x.counter;
          d["employee"] = x.employee;
          d["ticket"] = x.ticket;
          d["action"] = name_of(service_actions, x.action);
        } else if constexpr (std::is_same_v<T, profile_data>) {
          d["rating"] = x.rating;
          d["counter"] = x.counter;
          for (const auto f : profile_fields) {
            const auto& v = x.value(f);
            if (v) d[to_string(f)] = *v; else d[to_string(f)] = nullptr;
          }
        } else {
          d["counter"] = x.counter;
          if (x.employee) d["employee"] = *x.employee; else d["employee"] = nullptr;
          if (x.overall) d["overall"] = *x.overall; else d["overall"] = nullptr;
          if (x.elements) {
            json::array arr;
            arr.reserve(x.elements->size());
            for (const auto& s : *x.elements) {
              if (s) arr.emplace_back(*s); else arr.emplace_back(nullptr);
            }
            d["elements"] = std::move(arr);
          } else {
            d["elements"] = nullptr;
          }
          d["misuse"] = x.misuse;
        }
      },
      e.data);
  o["data"] = std::move(d);
  return json::serialize(o);
}

event_header peek_event_header(std::string_view payload) {
  json::parse_options opt;
  opt.allow_invalid_utf8 = true;  // an invalid_utf8 event still deserves its ack
  json::basic_parser<header_handler> p(opt);
  json::error_code ec;
  p.write_some(false, payload.data(), payload.size(), ec);
  event_header h;
  const header_handler& hh = p.handler();
  if (hh.have_id) h.id = hh.header.id;
  if (hh.have_seq) h.seq = hh.header.seq;
  return h;
}

}  // namespace pantau

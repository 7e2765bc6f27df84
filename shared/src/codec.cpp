#include "pantau/shared/codec.hpp"

#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <optional>
#include <type_traits>
#include <variant>

#include "pantau/shared/topics.hpp"
#include "pantau/shared/uuid.hpp"

namespace pantau {
namespace {

namespace json = boost::json;

// ---- time -----------------------------------------------------------------------------------

// Howard Hinnant's days_from_civil / civil_from_days: proleptic Gregorian, no time-zone database.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct civil {
  std::int64_t y;
  unsigned m;
  unsigned d;
};

civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), m, d};
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr std::array<unsigned, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29U : days[m - 1];
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// ---- small validators -----------------------------------------------------------------------

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_lower_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

// Counts code points of an already validated UTF-8 string: continuation bytes do not start one.
std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

// Text that ends up in logs, CSV exports and the dashboard: no control characters.
bool is_printable_text(std::string_view s, std::size_t max_chars) {
  if (s.empty() || code_points(s) > max_chars) return false;
  return std::none_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20U || u == 0x7FU;
  });
}

bool is_valid_counter(std::string_view s) {
  if (s.empty() || s.size() > 48) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '_' ||
           c == '.' || c == '-';
  });
}

bool is_valid_photo(std::string_view s) {
  constexpr std::string_view prefix = "sha256:";
  if (s.size() != prefix.size() + 64 || !s.starts_with(prefix)) return false;
  return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(prefix.size()), s.end(), is_lower_hex);
}

// ---- decoding helpers -----------------------------------------------------------------------

error make_error(std::string code, std::string_view path, std::string_view what) {
  std::string msg = "field \"";
  msg.append(path).append("\": ").append(what);
  return error{std::move(code), std::move(msg)};
}

std::optional<std::int64_t> as_int64(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    return static_cast<std::int64_t>(v.get_uint64());
  return std::nullopt;
}

template <class E>
struct named {
  std::string_view name;
  E value;
};

// Reads the fields of one JSON object; the first failure sticks and later reads become no-ops, so a
// decoder reads straight through and checks once at the end.
class object_reader {
 public:
  object_reader(const json::object& obj, std::string_view prefix) : obj_(obj), prefix_(prefix) {}

  bool failed() const { return err_.has_value(); }
  error take_error() { return std::move(*err_); }

  // Every key must be one the contract knows: an unknown one means a sender we do not understand.
  void allow_only(std::initializer_list<std::string_view> keys) {
    if (failed()) return;
    for (const auto& kv : obj_) {
      const std::string_view k = kv.key();
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) {
        std::string expected = "not allowed here; expected only ";
        bool first = true;
        for (const auto key : keys) {
          if (!first) expected += ", ";
          expected += key;
          first = false;
        }
        // The key may hold control characters: escape it as JSON does so the message stays printable.
        const std::string quoted = json::serialize(json::string(k));
        fail("unknown_field", quoted.substr(1, quoted.size() - 2), expected);
        return;
      }
    }
  }

  const json::value* required(std::string_view key) {
    if (failed()) return nullptr;
    const json::value* v = obj_.if_contains(key);
    if (v == nullptr) fail("missing_field", key, "required but missing");
    return v;
  }

  template <class Pred>
  std::string string(std::string_view key, Pred ok, std::string_view expected) {
    const json::value* v = required(key);
    if (v == nullptr) return {};
    if (!v->is_string() || !ok(std::string_view(v->get_string()))) {
      fail("invalid_field", key, expected);
      return {};
    }
    return std::string(v->get_string());
  }

  template <class Pred>
  std::optional<std::string> nullable_string(std::string_view key, Pred ok, std::string_view expected) {
    const json::value* v = required(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_string() || !ok(std::string_view(v->get_string()))) {
      fail("invalid_field", key, expected);
      return std::nullopt;
    }
    return std::string(v->get_string());
  }

  std::int64_t integer(std::string_view key, std::int64_t min, std::string_view expected) {
    const json::value* v = required(key);
    if (v == nullptr) return 0;
    const auto i = as_int64(*v);
    if (!i || *i < min) {
      fail("invalid_field", key, expected);
      return 0;
    }
    return *i;
  }

  std::optional<int> nullable_score(const json::value& v, std::string_view path) {
    if (failed() || v.is_null()) return std::nullopt;
    const auto i = as_int64(v);
    if (!i || *i < 1 || *i > 4) {
      fail("invalid_field", path, "expected an integer 1..4 or null", true);
      return std::nullopt;
    }
    return static_cast<int>(*i);
  }

  std::optional<int> nullable_score(std::string_view key) {
    const json::value* v = required(key);
    if (v == nullptr) return std::nullopt;
    return nullable_score(*v, full_path(key));
  }

  bool boolean(std::string_view key) {
    const json::value* v = required(key);
    if (v == nullptr) return false;
    if (!v->is_bool()) {
      fail("invalid_field", key, "expected true or false");
      return false;
    }
    return v->get_bool();
  }

  template <class E, std::size_t N>
  E one_of(std::string_view key, const std::array<named<E>, N>& choices) {
    const json::value* v = required(key);
    if (v == nullptr) return choices[0].value;
    if (v->is_string()) {
      const std::string_view s = v->get_string();
      for (const auto& c : choices) {
        if (c.name == s) return c.value;
      }
    }
    std::string expected = "expected one of ";
    for (std::size_t i = 0; i < N; ++i) {
      if (i != 0) expected += i + 1 == N ? " or " : ", ";
      expected.append("\"").append(choices[i].name).append("\"");
    }
    fail("invalid_field", key, expected);
    return choices[0].value;
  }

  // Takes over the error of a nested reader (array items).
  void adopt(error e) {
    if (!failed()) err_ = std::move(e);
  }

  void fail(std::string code, std::string_view key, std::string_view what, bool key_is_path = false) {
    if (failed()) return;
    err_ = make_error(std::move(code), key_is_path ? std::string(key) : full_path(key), what);
  }

  std::string full_path(std::string_view key) const {
    std::string p(prefix_);
    if (!p.empty()) p += '.';
    p.append(key);
    return p;
  }

 private:
  const json::object& obj_;
  std::string_view prefix_;
  std::optional<error> err_;
};

constexpr std::string_view nip_expected = "expected an NIP of exactly 18 digits";
constexpr std::string_view counter_expected =
    "expected a counter name of 1..48 characters from A-Z a-z 0-9 space _ . -";

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

template <class E, std::size_t N>
std::string_view name_of(const std::array<named<E>, N>& choices, E value) {
  for (const auto& c : choices) {
    if (c.value == value) return c.name;
  }
  return choices[0].name;
}

event_data read_attendance(object_reader& r) {
  r.allow_only({"employee", "action", "method", "face", "photo"});
  attendance_data d;
  d.employee = r.string("employee", is_valid_nip, nip_expected);
  d.action = r.one_of("action", attendance_actions);
  d.method = r.one_of("method", attendance_methods);
  d.face = r.one_of("face", attendance_faces);
  d.photo = r.nullable_string("photo", is_valid_photo, "expected \"sha256:\" and 64 lowercase hex digits, or null");
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
      r.fail("invalid_field", "elements", "expected an array of exactly 9 items (each 1..4 or null), or null");
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
    r.fail("invalid_field", "overall", "expected a score: \"overall\" and \"elements\" cannot both be null");
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

json::value status_or_ack_json(std::string_view payload, error& err) {
  json::error_code ec;
  json::value v = json::parse(json::string_view(payload.data(), payload.size()), ec);
  if (ec || !v.is_object()) {
    err = error{"invalid_json", "payload: expected a JSON object"};
    return nullptr;
  }
  return v;
}

}  // namespace

// ---- events ---------------------------------------------------------------------------------

result<event> decode_event(std::string_view payload) {
  if (payload.size() > max_event_bytes) {
    return error{"too_large", "payload: expected at most " + std::to_string(max_event_bytes) + " bytes, got " +
                                  std::to_string(payload.size())};
  }
  if (!is_valid_utf8(payload)) return error{"invalid_utf8", "payload: expected UTF-8 text"};

  // Events are small: parse into a stack buffer and skip the heap in the common case.
  std::array<unsigned char, 8192> buffer;  // NOLINT(cppcoreguidelines-pro-type-member-init): scratch space
  json::monotonic_resource mr(buffer.data(), buffer.size());
  json::error_code ec;
  const json::value root = json::parse(json::string_view(payload.data(), payload.size()), ec, &mr);
  if (ec) return error{"invalid_json", std::string("payload: expected JSON (") + ec.message() + ")"};
  if (!root.is_object()) return error{"invalid_json", "payload: expected a JSON object"};
  const json::object& obj = root.get_object();

  const json::value* v = obj.if_contains("v");
  if (v == nullptr) return make_error("missing_field", "v", "required but missing");
  if (const auto version = as_int64(*v); !version || *version != event::version) {
    return make_error("unsupported_version", "v", "expected 1 (the only supported version)");
  }
  const json::value* type_value = obj.if_contains("type");
  if (type_value == nullptr) return make_error("missing_field", "type", "required but missing");
  const auto type = type_value->is_string() ? parse_event_type(type_value->get_string()) : std::nullopt;
  if (!type) {
    return make_error("unknown_type", "type", "expected one of \"attendance\", \"counter\", \"service\", \"rating\"");
  }

  object_reader r(obj, "");
  r.allow_only({"v", "id", "kiosk", "office", "seq", "boot", "mono_ms", "ts", "clock", "type", "data"});
  event e;
  e.id = r.string("id", is_valid_uuid, "expected a lowercase UUID like 0b7e4c1a-5f3d-4c2b-9a8e-1d2c3b4a5f60");
  e.kiosk = r.string("kiosk", topics::is_valid_name, "expected a kiosk name of 1..48 characters from a-z 0-9 -");
  e.office = r.string("office", topics::is_valid_name, "expected an office name of 1..48 characters from a-z 0-9 -");
  e.seq = r.integer("seq", 1, "expected an integer >= 1");
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
  if (data != nullptr && !data->is_object()) r.fail("invalid_field", "data", "expected a JSON object");
  if (r.failed()) return r.take_error();

  object_reader dr(data->get_object(), "data");
  switch (*type) {
    case event_type::attendance: e.data = read_attendance(dr); break;
    case event_type::counter: e.data = read_counter(dr); break;
    case event_type::service: e.data = read_service(dr); break;
    case event_type::rating: e.data = read_rating(dr); break;
  }
  if (dr.failed()) return dr.take_error();

  // Only a valid event reaches here, so "data" is the one object at depth 2.
  json::basic_parser<key_counter> counter(json::parse_options{});
  counter.write_some(false, payload.data(), payload.size(), ec);
  if (ec || counter.handler().top_keys != obj.size() || counter.handler().nested_keys != data->get_object().size()) {
    return error{"invalid_json", "payload: expected each key at most once per object"};
  }
  return e;
}

std::string encode_event(const event& e) {
  json::object o;
  o.reserve(11);
  o["v"] = event::version;
  o["id"] = e.id;
  o["kiosk"] = e.kiosk;
  o["office"] = e.office;
  o["seq"] = e.seq;
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

// ---- acks -----------------------------------------------------------------------------------

std::string encode_ack(const ack& a) {
  json::array acked;
  acked.reserve(a.acked.size());
  for (const auto& [from, to] : a.acked) acked.push_back(json::array{from, to});
  json::array rejected;
  rejected.reserve(a.rejected.size());
  for (const auto& r : a.rejected) {
    json::object o;
    o["seq"] = r.seq;
    o["error"] = r.error;
    rejected.push_back(std::move(o));
  }
  json::object o;
  o["v"] = 1;
  o["acked"] = std::move(acked);
  o["rejected"] = std::move(rejected);
  return json::serialize(o);
}

// Unknown keys are ignored in acks and statuses: both ends are Pantau programs, and an older kiosk
// must keep working against a newer hub that adds a field.
result<ack> decode_ack(std::string_view payload) {
  error err;
  const json::value root = status_or_ack_json(payload, err);
  if (!root.is_object()) return err;
  const json::object& obj = root.get_object();

  const json::value* v = obj.if_contains("v");
  if (v == nullptr) return make_error("missing_field", "v", "required but missing");
  if (const auto version = as_int64(*v); !version || *version != 1) {
    return make_error("unsupported_version", "v", "expected 1");
  }
  ack a;
  if (const json::value* acked = obj.if_contains("acked"); acked != nullptr) {
    if (!acked->is_array()) return make_error("invalid_field", "acked", "expected an array of [from,to] pairs");
    for (const json::value& item : acked->get_array()) {
      const json::array* pair = item.if_array();
      if (pair == nullptr || pair->size() != 2) {
        return make_error("invalid_field", "acked", "expected an array of [from,to] pairs");
      }
      const auto from = as_int64((*pair)[0]);
      const auto to = as_int64((*pair)[1]);
      if (!from || !to || *from < 1 || *from > *to) {
        return make_error("invalid_field", "acked", "expected ranges [from,to] with 1 <= from <= to");
      }
      a.acked.emplace_back(*from, *to);
    }
  }
  if (const json::value* rejected = obj.if_contains("rejected"); rejected != nullptr) {
    if (!rejected->is_array()) {
      return make_error("invalid_field", "rejected", "expected an array of {\"seq\":n,\"error\":\"...\"}");
    }
    for (const json::value& item : rejected->get_array()) {
      const json::object* ro = item.if_object();
      const json::value* seq = ro != nullptr ? ro->if_contains("seq") : nullptr;
      const json::value* what = ro != nullptr ? ro->if_contains("error") : nullptr;
      const auto n = seq != nullptr ? as_int64(*seq) : std::nullopt;
      if (!n || *n < 1 || what == nullptr || !what->is_string()) {
        return make_error("invalid_field", "rejected", "expected items {\"seq\":n >= 1,\"error\":\"...\"}");
      }
      a.rejected.push_back(rejection{*n, std::string(what->get_string())});
    }
  }
  return a;
}

std::vector<std::pair<std::int64_t, std::int64_t>> to_ranges(std::vector<std::int64_t> seqs) {
  std::sort(seqs.begin(), seqs.end());
  seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (const std::int64_t s : seqs) {
    if (!out.empty() && out.back().second != std::numeric_limits<std::int64_t>::max() &&
        out.back().second + 1 == s) {
      out.back().second = s;
    } else {
      out.emplace_back(s, s);
    }
  }
  return out;
}

// ---- status ---------------------------------------------------------------------------------

std::string encode_status(const kiosk_status& s) {
  json::object o;
  o["v"] = 1;
  o["state"] = s.state;
  o["version"] = s.version;
  o["backlog"] = s.backlog;
  o["last_seq"] = s.last_seq;
  o["clock"] = s.clock;
  o["camera"] = s.camera;
  return json::serialize(o);
}

result<kiosk_status> decode_status(std::string_view payload) {
  error err;
  const json::value root = status_or_ack_json(payload, err);
  if (!root.is_object()) return err;
  const json::object& obj = root.get_object();

  // The will message may be as short as {"state":"offline"}: "v" is optional, but must be 1 if given.
  if (const json::value* v = obj.if_contains("v"); v != nullptr) {
    if (const auto version = as_int64(*v); !version || *version != 1) {
      return make_error("unsupported_version", "v", "expected 1");
    }
  }
  kiosk_status s;
  const json::value* state = obj.if_contains("state");
  if (state == nullptr) return make_error("missing_field", "state", "required but missing");
  if (!state->is_string() || (state->get_string() != "online" && state->get_string() != "offline")) {
    return make_error("invalid_field", "state", "expected \"online\" or \"offline\"");
  }
  s.state = std::string(state->get_string());

  const auto text = [&obj](std::string_view key, std::string& out) -> std::optional<error> {
    const json::value* v = obj.if_contains(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_string() || v->get_string().size() > 64) {
      return make_error("invalid_field", key, "expected a string of at most 64 bytes");
    }
    out = std::string(v->get_string());
    return std::nullopt;
  };
  const auto count = [&obj](std::string_view key, std::int64_t& out) -> std::optional<error> {
    const json::value* v = obj.if_contains(key);
    if (v == nullptr) return std::nullopt;
    const auto n = as_int64(*v);
    if (!n || *n < 0) return make_error("invalid_field", key, "expected an integer >= 0");
    out = *n;
    return std::nullopt;
  };
  if (auto e = text("version", s.version)) return *e;
  if (auto e = count("backlog", s.backlog)) return *e;
  if (auto e = count("last_seq", s.last_seq)) return *e;
  if (auto e = text("clock", s.clock)) return *e;
  if (s.clock != "synced" && s.clock != "unsynced") {
    return make_error("invalid_field", "clock", "expected \"synced\" or \"unsynced\"");
  }
  if (auto e = text("camera", s.camera)) return *e;
  return s;
}

// ---- kiosk settings -------------------------------------------------------------------------

std::string format_hh_mm(int minutes) {
  const int h = (minutes / 60) % 24;
  const int m = minutes % 60;
  return std::string{static_cast<char>('0' + h / 10), static_cast<char>('0' + h % 10), ':',
                     static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10)};
}

std::optional<int> parse_hh_mm(std::string_view s) {
  if (s.size() != 5 || s[2] != ':' || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[3]) || !is_digit(s[4]))
    return std::nullopt;
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}


const roster_entry* kiosk_settings::find_employee(std::string_view nip) const {
  for (const auto& r : roster)
    if (r.nip == nip) return &r;
  return nullptr;
}

const unit_hours* kiosk_settings::hours_of(std::string_view unit) const {
  for (const auto& h : hours)
    if (h.unit == unit) return &h;
  return nullptr;
}

namespace {

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U})
    if (!is_digit(s[i])) return false;
  const unsigned m = static_cast<unsigned>((s[5] - '0') * 10 + (s[6] - '0'));
  const unsigned d = static_cast<unsigned>((s[8] - '0') * 10 + (s[9] - '0'));
  const std::int64_t y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

bool is_name_text(std::string_view s) { return !s.empty() && is_printable_text(s, 120); }

// Reads an array of objects at `key`, handing each to `each(reader)` with a path like "roster[2]".
template <class Each>
void read_objects(object_reader& r, std::string_view key, std::size_t max_items, Each each) {
  const json::value* v = r.required(key);
  if (v == nullptr) return;
  if (!v->is_array() || v->get_array().size() > max_items) {
    r.fail("invalid_field", key, "expected an array of at most " + std::to_string(max_items) + " objects");
    return;
  }
  std::size_t i = 0;
  for (const auto& item : v->get_array()) {
    const std::string path = r.full_path(key) + "[" + std::to_string(i++) + "]";
    if (!item.is_object()) {
      r.fail("invalid_field", path, "expected an object", true);
      return;
    }
    object_reader inner(item.get_object(), path);
    each(inner);
    if (inner.failed()) {
      r.adopt(inner.take_error());
      return;
    }
  }
}

}  // namespace

std::string encode_settings(const kiosk_settings& s) {
  json::object o;
  o["v"] = 1;
  o["office"] = s.office;
  o["kiosk"] = s.kiosk;
  o["zone"] = s.zone;
  o["language"] = s.language;
  o["rating_mode"] = s.rating_mode;
  json::array roster;
  for (const auto& r : s.roster) roster.push_back(json::object{{"nip", r.nip}, {"name", r.name}, {"unit", r.unit}});
  o["roster"] = std::move(roster);
  json::array counters;
  for (const auto& c : s.counters) counters.push_back(json::object{{"counter", c.counter}, {"unit", c.unit}});
  o["counters"] = std::move(counters);
  json::array hours;
  for (const auto& h : s.hours) {
    json::array weekly;
    for (const auto& d : h.weekly) {
      if (d)
        weekly.push_back(json::array{json::string(format_hh_mm(d->start_min)), json::string(format_hh_mm(d->end_min))});
      else
        weekly.push_back(nullptr);
    }
    hours.push_back(json::object{{"unit", h.unit}, {"weekly", std::move(weekly)}, {"grace_min", h.grace_minutes}});
  }
  o["hours"] = std::move(hours);
  json::array holidays;
  for (const auto& d : s.holidays) holidays.push_back(json::string(d));
  o["holidays"] = std::move(holidays);
  o["bands"] = json::array{s.bands[0], s.bands[1], s.bands[2]};
  o["issued"] = s.issued;
  return json::serialize(o);
}

result<kiosk_settings> decode_settings(std::string_view payload) {
  if (payload.size() > max_settings_bytes)
    return error{"too_large", "payload: expected at most " + std::to_string(max_settings_bytes) + " bytes"};
  if (!is_valid_utf8(payload)) return error{"invalid_utf8", "payload: expected UTF-8 text"};
  error err;
  const json::value root = status_or_ack_json(payload, err);
  if (!root.is_object()) return err;
  object_reader r(root.get_object(), "");
  r.allow_only({"v", "office", "kiosk", "zone", "language", "rating_mode", "roster", "counters", "hours",
                "holidays", "bands", "issued"});
  if (r.integer("v", 0, "expected 1") != 1 && !r.failed()) r.fail("unsupported_version", "v", "expected 1");
  kiosk_settings s;
  s.office = r.string("office", topics::is_valid_name, "expected a lowercase [a-z0-9-]{1,48} name");
  s.kiosk = r.string("kiosk", topics::is_valid_name, "expected a lowercase [a-z0-9-]{1,48} name");
  s.zone = r.string("zone", [](std::string_view z) { return z == "WIB" || z == "WITA" || z == "WIT"; },
                    "expected \"WIB\", \"WITA\" or \"WIT\"");
  s.language = r.string("language", [](std::string_view l) { return l == "id" || l == "en"; },
                        "expected \"id\" or \"en\"");
  s.rating_mode = r.string("rating_mode", [](std::string_view m) { return m == "quick" || m == "skm"; },
                           "expected \"quick\" or \"skm\"");
  read_objects(r, "roster", 100'000, [&](object_reader& e) {
    e.allow_only({"nip", "name", "unit"});
    roster_entry x;
    x.nip = e.string("nip", is_valid_nip, nip_expected);
    x.name = e.string("name", is_name_text, "expected a name of 1..120 printable characters");
    x.unit = e.string("unit", topics::is_valid_name, "expected a lowercase [a-z0-9-]{1,48} unit id");
    s.roster.push_back(std::move(x));
  });
  read_objects(r, "counters", 1000, [&](object_reader& e) {
    e.allow_only({"counter", "unit"});
    counter_entry x;
    x.counter = e.string("counter", is_valid_counter, counter_expected);
    x.unit = e.string("unit", topics::is_valid_name, "expected a lowercase [a-z0-9-]{1,48} unit id");
    s.counters.push_back(std::move(x));
  });
  read_objects(r, "hours", 1000, [&](object_reader& e) {
    e.allow_only({"unit", "weekly", "grace_min"});
    unit_hours x;
    x.unit = e.string("unit", topics::is_valid_name, "expected a lowercase [a-z0-9-]{1,48} unit id");
    const std::int64_t grace = e.integer("grace_min", 0, "expected minutes 0..240");
    if (grace > 240) e.fail("invalid_field", "grace_min", "expected minutes 0..240");
    x.grace_minutes = static_cast<int>(grace);
    const json::value* w = e.required("weekly");
    if (w != nullptr && (!w->is_array() || w->get_array().size() != 7)) {
      e.fail("invalid_field", "weekly", "expected 7 days, Monday first, each [\"HH:MM\",\"HH:MM\"] or null");
    } else if (w != nullptr) {
      for (std::size_t d = 0; d < 7; ++d) {
        const auto& day = w->get_array()[d];
        if (day.is_null()) continue;
        std::optional<int> from, to;
        if (day.is_array() && day.get_array().size() == 2 && day.get_array()[0].is_string() &&
            day.get_array()[1].is_string()) {
          from = parse_hh_mm(day.get_array()[0].get_string());
          to = parse_hh_mm(day.get_array()[1].get_string());
        }
        if (!from || !to || *from == *to) {
          e.fail("invalid_field", "weekly[" + std::to_string(d) + "]",
                 "expected [\"HH:MM\",\"HH:MM\"] with different times, or null");
          break;
        }
        x.weekly[d] = work_hours{*from, *to};
      }
    }
    s.hours.push_back(std::move(x));
  });
  if (const json::value* h = r.required("holidays"); h != nullptr) {
    if (!h->is_array() || h->get_array().size() > 1000) {
      r.fail("invalid_field", "holidays", "expected an array of at most 1000 \"YYYY-MM-DD\" dates");
    } else {
      for (const auto& d : h->get_array()) {
        if (!d.is_string() || !is_iso_date(d.get_string())) {
          r.fail("invalid_field", "holidays", "expected \"YYYY-MM-DD\" dates");
          break;
        }
        s.holidays.emplace_back(d.get_string());
      }
    }
  }
  // Optional: a hub from before the bands were sent means the default bounds.
  if (const json::value* b = root.get_object().if_contains("bands"); b != nullptr) {
    const json::array* a = b->if_array();
    bool ok = a != nullptr && a->size() == 3;
    for (std::size_t i = 0; ok && i < 3; ++i) {
      ok = (*a)[i].is_int64();
      if (ok) s.bands[i] = static_cast<int>(std::clamp<std::int64_t>((*a)[i].get_int64(), -1, 24 * 60));
    }
    if (!ok || !valid_band_bounds(s.bands))
      r.fail("invalid_field", "bands", "expected the upper minutes of TL1..TL3, e.g. [30,60,90], increasing from 1");
  }
  s.issued = r.string("issued", [](std::string_view t) { return parse_utc_ms(t).ok(); },
                      "expected a UTC time like 2026-11-22T00:31:02.123Z");
  if (r.failed()) return r.take_error();
  return s;
}

// ---- time and text --------------------------------------------------------------------------

std::string format_utc_ms(std::int64_t ms) {
  const std::int64_t days = floor_div(ms, 86'400'000);
  const std::int64_t in_day = ms - days * 86'400'000;
  const civil c = civil_from_days(days);
  const auto h = static_cast<int>(in_day / 3'600'000);
  const auto mi = static_cast<int>(in_day / 60'000 % 60);
  const auto s = static_cast<int>(in_day / 1000 % 60);
  const auto frac = static_cast<int>(in_day % 1000);
  std::array<char, 64> buf{};
  const int n = std::snprintf(buf.data(), buf.size(), "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ",
                              static_cast<long long>(c.y), c.m, c.d, h, mi, s, frac);
  return std::string(buf.data(), n > 0 ? static_cast<std::size_t>(n) : 0U);
}

result<std::int64_t> parse_utc_ms(std::string_view iso) {
  const auto bad = [iso] {
    std::string shown(iso.substr(0, 40));
    return error{"invalid_time", "\"" + shown + "\": expected a UTC time like 2026-11-22T00:31:02.123Z"};
  };
  // YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DDTHH:MM:SS.mmmZ
  if (iso.size() != 20 && iso.size() != 24) return bad();
  constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd.dddZ";
  for (std::size_t i = 0; i + 1 < iso.size(); ++i) {
    const char want = shape[i];
    if (want == 'd' ? !is_digit(iso[i]) : iso[i] != want) return bad();
  }
  if (iso.back() != 'Z') return bad();

  const auto num = [iso](std::size_t pos, std::size_t len) {
    unsigned v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) v = v * 10 + static_cast<unsigned>(iso[i] - '0');
    return v;
  };
  const unsigned year = num(0, 4);
  const unsigned month = num(5, 2);
  const unsigned day = num(8, 2);
  const unsigned hour = num(11, 2);
  const unsigned minute = num(14, 2);
  const unsigned second = num(17, 2);
  const unsigned millis = iso.size() == 24 ? num(20, 3) : 0U;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return bad();
  if (hour > 23 || minute > 59 || second > 59) return bad();  // no leap seconds: the clocks smear them

  const std::int64_t days = days_from_civil(year, month, day);
  return ((days * 24 + hour) * 60 + minute) * 60'000 + static_cast<std::int64_t>(second) * 1000 + millis;
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  const auto byte = [&s](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  while (i < n) {
    const unsigned char c = byte(i);
    if (c < 0x80U) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80U;  // allowed range of the second byte rules out overlongs and surrogates
    unsigned char hi = 0xBFU;
    if (c >= 0xC2U && c <= 0xDFU) {
      len = 2;
    } else if (c == 0xE0U) {
      len = 3;
      lo = 0xA0U;
    } else if ((c >= 0xE1U && c <= 0xECU) || c == 0xEEU || c == 0xEFU) {
      len = 3;
    } else if (c == 0xEDU) {
      len = 3;
      hi = 0x9FU;
    } else if (c == 0xF0U) {
      len = 4;
      lo = 0x90U;
    } else if (c >= 0xF1U && c <= 0xF3U) {
      len = 4;
    } else if (c == 0xF4U) {
      len = 4;
      hi = 0x8FU;
    } else {
      return false;
    }
    if (n - i < len) return false;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return false;
    for (std::size_t k = 2; k < len; ++k) {
      if ((byte(i + k) & 0xC0U) != 0x80U) return false;
    }
    i += len;
  }
  return true;
}

bool is_valid_nip(std::string_view s) { return s.size() == 18 && std::all_of(s.begin(), s.end(), is_digit); }

}  // namespace pantau

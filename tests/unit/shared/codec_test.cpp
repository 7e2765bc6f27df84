#include "pantau/shared/codec.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <functional>
#include <string>

namespace pantau {
namespace {

namespace json = boost::json;

const std::string nip = "198503302010011002";

event base_event(event_data data) {
  event e;
  e.id = "0b7e4c1a-5f3d-4c2b-9a8e-1d2c3b4a5f60";
  e.kiosk = "k-01";
  e.office = "binjai-dukcapil";
  e.seq = 1234;
  e.prev = std::string(64, 'c');
  e.boot = "8a4c3e2f-1b2d-4e5f-8a9b-0c1d2e3f4a5b";
  e.mono_ms = 8123456;
  e.ts_ms = 1795307462123;  // 2026-11-22T00:31:02.123Z
  e.clock = clock_state::synced;
  e.data = std::move(data);
  return e;
}

event attendance_event() {
  attendance_data d;
  d.employee = nip;
  d.action = attendance_data::action_t::out;
  d.method = attendance_data::method_t::pin;
  d.face = attendance_data::face_t::present;
  d.photo = "sha256:" + std::string(64, 'a');
  return base_event(d);
}

event counter_event() {
  counter_data d;
  d.counter = "loket-3";
  d.employee = nip;
  d.action = counter_data::action_t::break_;
  return base_event(d);
}

event service_event() {
  service_data d;
  d.counter = "Loket 3.A_b";
  d.employee = nip;
  d.ticket = "A017";
  d.action = service_data::action_t::end;
  return base_event(d);
}

event rating_event() {
  rating_data d;
  d.counter = "loket-3";
  d.employee = nip;
  d.overall = 4;
  d.elements = std::array<std::optional<int>, 9>{1, 2, 3, 4, std::nullopt, 4, 3, 2, 1};
  d.misuse = true;
  return base_event(d);
}

// ---- round trips ----------------------------------------------------------------------------

TEST(codec, encodes_the_exact_wire_shape) {
  EXPECT_EQ(encode_event(rating_event()),
            R"({"v":1,"id":"0b7e4c1a-5f3d-4c2b-9a8e-1d2c3b4a5f60","kiosk":"k-01","office":"binjai-dukcapil",)"
            R"("seq":1234,"prev":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",)"
            R"("boot":"8a4c3e2f-1b2d-4e5f-8a9b-0c1d2e3f4a5b","mono_ms":8123456,)"
            R"("ts":"2026-11-22T00:31:02.123Z","clock":"synced","type":"rating",)"
            R"("data":{"counter":"loket-3","employee":"198503302010011002","overall":4,)"
            R"("elements":[1,2,3,4,null,4,3,2,1],"misuse":true}})");
  EXPECT_EQ(encode_event(attendance_event()).substr(encode_event(attendance_event()).find("\"data\"")),
            R"("data":{"employee":"198503302010011002","action":"out","method":"pin","face":"present",)"
            R"("photo":"sha256:)" + std::string(64, 'a') + R"("}})");
}

TEST(codec, round_trips_every_type) {
  for (const event& e : {attendance_event(), counter_event(), service_event(), rating_event()}) {
    SCOPED_TRACE(to_string(e.type()));
    const std::string wire = encode_event(e);
    EXPECT_LE(wire.size(), max_event_bytes);
    const auto back = decode_event(wire);
    ASSERT_TRUE(back.ok()) << back.err().code << ": " << back.err().message;
    EXPECT_EQ(*back, e);
    EXPECT_EQ(encode_event(*back), wire);
  }
}

TEST(codec, round_trips_nulls_and_unsynced_clock) {
  event a = attendance_event();
  std::get<attendance_data>(a.data).photo.reset();
  a.clock = clock_state::unsynced;
  a.ts_ms = 0;
  a.mono_ms = 0;
  a.seq = 1;
  event r = rating_event();
  auto& rd = std::get<rating_data>(r.data);
  rd.employee.reset();
  rd.elements.reset();
  rd.misuse = false;
  event q = rating_event();
  std::get<rating_data>(q.data).overall.reset();
  for (const event& e : {a, r, q}) {
    const auto back = decode_event(encode_event(e));
    ASSERT_TRUE(back.ok()) << back.err().message;
    EXPECT_EQ(*back, e);
  }
  EXPECT_NE(encode_event(a).find(R"("ts":"1970-01-01T00:00:00.000Z","clock":"unsynced")"), std::string::npos);
}

TEST(codec, counter_actions_use_wire_names) {
  for (auto [action, name] : {std::pair{counter_data::action_t::open, "open"},
                              std::pair{counter_data::action_t::break_, "break"},
                              std::pair{counter_data::action_t::resume, "resume"},
                              std::pair{counter_data::action_t::close, "close"}}) {
    event e = counter_event();
    std::get<counter_data>(e.data).action = action;
    const std::string wire = encode_event(e);
    EXPECT_NE(wire.find(std::string(R"("action":")") + name + "\""), std::string::npos) << wire;
    EXPECT_EQ(*decode_event(wire), e);
  }
}

TEST(codec, accepts_ts_without_milliseconds_and_large_unsigned_ints) {
  json::object o = json::parse(encode_event(counter_event())).as_object();
  o["ts"] = "2026-11-22T00:31:02Z";
  o["mono_ms"] = std::uint64_t{9'000'000'000'000'000'000ULL};
  const auto r = decode_event(json::serialize(o));
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->ts_ms, 1795307462000);
  EXPECT_EQ(r->mono_ms, 9'000'000'000'000'000'000LL);
}

// ---- validation: one failing case per rule --------------------------------------------------

struct bad_case {
  const char* name;
  std::function<event()> make;
  std::function<void(json::object&)> patch;
  const char* code;
  const char* mentions;  // the message must name this field
};

std::string patched(const bad_case& c) {
  json::object o = json::parse(encode_event(c.make())).as_object();
  c.patch(o);
  return json::serialize(o);
}

json::object& data(json::object& o) { return o["data"].as_object(); }

class codec_rules : public ::testing::TestWithParam<bad_case> {};

TEST_P(codec_rules, rejects_with_code_and_names_the_field) {
  const bad_case& c = GetParam();
  const std::string payload = patched(c);
  const auto r = decode_event(payload);
  ASSERT_FALSE(r.ok()) << payload;
  EXPECT_EQ(to_string(r.err().code), c.code) << r.err().message;
  EXPECT_NE(r.err().message.find(c.mentions), std::string::npos) << r.err().message;
}

const bad_case rules[] = {
    {"prev_missing", rating_event, [](json::object& o) { o.erase("prev"); }, "missing_field", "\"prev\""},
    {"prev_short", rating_event, [](json::object& o) { o["prev"] = std::string(63, 'a'); }, "invalid_field",
     "\"prev\""},
    {"prev_upper", rating_event, [](json::object& o) { o["prev"] = std::string(64, 'A'); }, "invalid_field",
     "\"prev\""},
    {"v_missing", rating_event, [](json::object& o) { o.erase("v"); }, "missing_field", "\"v\""},
    {"v_2", rating_event, [](json::object& o) { o["v"] = 2; }, "unsupported_version", "\"v\""},
    {"v_string", rating_event, [](json::object& o) { o["v"] = "1"; }, "unsupported_version", "\"v\""},
    {"v_double", rating_event, [](json::object& o) { o["v"] = 1.0; }, "unsupported_version", "\"v\""},
    {"type_missing", rating_event, [](json::object& o) { o.erase("type"); }, "missing_field", "\"type\""},
    {"type_unknown", rating_event, [](json::object& o) { o["type"] = "teleport"; }, "unknown_type", "\"type\""},
    {"type_not_string", rating_event, [](json::object& o) { o["type"] = 3; }, "unknown_type", "\"type\""},
    {"unknown_top_key", rating_event, [](json::object& o) { o["pad"] = "x"; }, "unknown_field", "\"pad\""},
    {"unknown_data_key", rating_event, [](json::object& o) { data(o)["bonus"] = 1; }, "unknown_field",
     "\"data.bonus\""},
    {"id_missing", rating_event, [](json::object& o) { o.erase("id"); }, "missing_field", "\"id\""},
    {"id_upper", rating_event, [](json::object& o) { o["id"] = "0B7E4C1A-5F3D-4C2B-9A8E-1D2C3B4A5F60"; },
     "invalid_field", "\"id\""},
    {"id_short", rating_event, [](json::object& o) { o["id"] = "0b7e4c1a-5f3d-4c2b-9a8e"; }, "invalid_field",
     "\"id\""},
    {"id_braced", rating_event, [](json::object& o) { o["id"] = "{0b7e4c1a-5f3d-4c2b-9a8e-1d2c3b4a5f6}"; },
     "invalid_field", "\"id\""},
    {"kiosk_missing", rating_event, [](json::object& o) { o.erase("kiosk"); }, "missing_field", "\"kiosk\""},
    {"kiosk_upper", rating_event, [](json::object& o) { o["kiosk"] = "K-01"; }, "invalid_field", "\"kiosk\""},
    {"kiosk_wildcard", rating_event, [](json::object& o) { o["kiosk"] = "+"; }, "invalid_field", "\"kiosk\""},
    {"office_long", rating_event, [](json::object& o) { o["office"] = std::string(49, 'a'); }, "invalid_field",
     "\"office\""},
    {"office_empty", rating_event, [](json::object& o) { o["office"] = ""; }, "invalid_field", "\"office\""},
    {"seq_missing", rating_event, [](json::object& o) { o.erase("seq"); }, "missing_field", "\"seq\""},
    {"seq_zero", rating_event, [](json::object& o) { o["seq"] = 0; }, "invalid_field", "\"seq\": expected an integer >= 1"},
    {"seq_negative", rating_event, [](json::object& o) { o["seq"] = -5; }, "invalid_field", "\"seq\""},
    {"seq_double", rating_event, [](json::object& o) { o["seq"] = 12.0; }, "invalid_field", "\"seq\""},
    {"seq_string", rating_event, [](json::object& o) { o["seq"] = "12"; }, "invalid_field", "\"seq\""},
    {"seq_too_big", rating_event, [](json::object& o) { o["seq"] = std::uint64_t{18'000'000'000'000'000'000ULL}; },
     "invalid_field", "\"seq\""},
    {"boot_missing", rating_event, [](json::object& o) { o.erase("boot"); }, "missing_field", "\"boot\""},
    {"boot_empty", rating_event, [](json::object& o) { o["boot"] = ""; }, "invalid_field", "\"boot\""},
    {"boot_long", rating_event, [](json::object& o) { o["boot"] = std::string(65, 'b'); }, "invalid_field",
     "\"boot\""},
    {"boot_control", rating_event, [](json::object& o) { o["boot"] = "a\nb"; }, "invalid_field", "\"boot\""},
    {"mono_missing", rating_event, [](json::object& o) { o.erase("mono_ms"); }, "missing_field", "\"mono_ms\""},
    {"mono_negative", rating_event, [](json::object& o) { o["mono_ms"] = -1; }, "invalid_field", "\"mono_ms\""},
    {"ts_missing", rating_event, [](json::object& o) { o.erase("ts"); }, "missing_field", "\"ts\""},
    {"ts_offset", rating_event, [](json::object& o) { o["ts"] = "2026-11-22T07:31:02.123+07:00"; },
     "invalid_field", "\"ts\""},
    {"ts_no_z", rating_event, [](json::object& o) { o["ts"] = "2026-11-22T00:31:02.123"; }, "invalid_field",
     "\"ts\""},
    {"ts_micros", rating_event, [](json::object& o) { o["ts"] = "2026-11-22T00:31:02.123456Z"; },
     "invalid_field", "\"ts\""},
    {"ts_feb_30", rating_event, [](json::object& o) { o["ts"] = "2026-02-30T00:00:00.000Z"; }, "invalid_field",
     "\"ts\""},
    {"ts_number", rating_event, [](json::object& o) { o["ts"] = 1795307462123; }, "invalid_field", "\"ts\""},
    {"clock_missing", rating_event, [](json::object& o) { o.erase("clock"); }, "missing_field", "\"clock\""},
    {"clock_bad", rating_event, [](json::object& o) { o["clock"] = "ntp"; }, "invalid_field", "\"clock\""},
    {"data_missing", rating_event, [](json::object& o) { o.erase("data"); }, "missing_field", "\"data\""},
    {"data_array", rating_event, [](json::object& o) { o["data"] = json::array{}; }, "invalid_field",
     "\"data\""},
    // attendance
    {"att_employee_missing", attendance_event, [](json::object& o) { data(o).erase("employee"); },
     "missing_field", "\"data.employee\""},
    {"att_nip_short", attendance_event, [](json::object& o) { data(o)["employee"] = "12345"; }, "invalid_field",
     "\"data.employee\""},
    {"att_nip_letters", attendance_event, [](json::object& o) { data(o)["employee"] = "19850330201001100X"; },
     "invalid_field", "\"data.employee\""},
    {"att_nip_null", attendance_event, [](json::object& o) { data(o)["employee"] = nullptr; }, "invalid_field",
     "\"data.employee\""},
    {"att_action", attendance_event, [](json::object& o) { data(o)["action"] = "open"; }, "invalid_field",
     "\"data.action\""},
    {"att_method", attendance_event, [](json::object& o) { data(o)["method"] = "face"; }, "invalid_field",
     "\"data.method\""},
    {"att_face", attendance_event, [](json::object& o) { data(o)["face"] = true; }, "invalid_field",
     "\"data.face\""},
    {"att_photo_missing", attendance_event, [](json::object& o) { data(o).erase("photo"); }, "missing_field",
     "\"data.photo\""},
    {"att_photo_upper", attendance_event,
     [](json::object& o) { data(o)["photo"] = "sha256:" + std::string(64, 'A'); }, "invalid_field",
     "\"data.photo\""},
    {"att_photo_short", attendance_event,
     [](json::object& o) { data(o)["photo"] = "sha256:" + std::string(63, 'a'); }, "invalid_field",
     "\"data.photo\""},
    {"att_photo_md5", attendance_event, [](json::object& o) { data(o)["photo"] = "md5:" + std::string(32, 'a'); },
     "invalid_field", "\"data.photo\""},
    // counter
    {"ctr_counter_missing", counter_event, [](json::object& o) { data(o).erase("counter"); }, "missing_field",
     "\"data.counter\""},
    {"ctr_counter_empty", counter_event, [](json::object& o) { data(o)["counter"] = ""; }, "invalid_field",
     "\"data.counter\""},
    {"ctr_counter_long", counter_event, [](json::object& o) { data(o)["counter"] = std::string(49, 'x'); },
     "invalid_field", "\"data.counter\""},
    {"ctr_counter_chars", counter_event, [](json::object& o) { data(o)["counter"] = "loket/3"; },
     "invalid_field", "\"data.counter\""},
    {"ctr_action", counter_event, [](json::object& o) { data(o)["action"] = "break_"; }, "invalid_field",
     "\"data.action\""},
    {"ctr_employee", counter_event, [](json::object& o) { data(o)["employee"] = 198503302010011002LL; },
     "invalid_field", "\"data.employee\""},
    // service
    {"svc_ticket_missing", service_event, [](json::object& o) { data(o).erase("ticket"); }, "missing_field",
     "\"data.ticket\""},
    {"svc_ticket_empty", service_event, [](json::object& o) { data(o)["ticket"] = ""; }, "invalid_field",
     "\"data.ticket\""},
    {"svc_ticket_long", service_event, [](json::object& o) { data(o)["ticket"] = std::string(33, 'T'); },
     "invalid_field", "\"data.ticket\""},
    {"svc_action", service_event, [](json::object& o) { data(o)["action"] = "stop"; }, "invalid_field",
     "\"data.action\""},
    // rating
    {"rat_overall_5", rating_event, [](json::object& o) { data(o)["overall"] = 5; }, "invalid_field",
     "\"data.overall\""},
    {"rat_overall_0", rating_event, [](json::object& o) { data(o)["overall"] = 0; }, "invalid_field",
     "\"data.overall\""},
    {"rat_overall_double", rating_event, [](json::object& o) { data(o)["overall"] = 3.5; }, "invalid_field",
     "\"data.overall\""},
    {"rat_overall_missing", rating_event, [](json::object& o) { data(o).erase("overall"); }, "missing_field",
     "\"data.overall\""},
    {"rat_elements_3", rating_event, [](json::object& o) { data(o)["elements"] = json::array{4, 4, 4}; },
     "invalid_field", "\"data.elements\""},
    {"rat_elements_item", rating_event,
     [](json::object& o) { data(o)["elements"] = json::array{1, 2, 3, 4, 5, 1, 2, 3, 4}; }, "invalid_field",
     "\"data.elements[4]\""},
    {"rat_elements_object", rating_event, [](json::object& o) { data(o)["elements"] = json::object{}; },
     "invalid_field", "\"data.elements\""},
    {"rat_employee_bad", rating_event, [](json::object& o) { data(o)["employee"] = "1985"; }, "invalid_field",
     "\"data.employee\""},
    {"rat_employee_missing", rating_event, [](json::object& o) { data(o).erase("employee"); }, "missing_field",
     "\"data.employee\""},
    {"rat_misuse_int", rating_event, [](json::object& o) { data(o)["misuse"] = 0; }, "invalid_field",
     "\"data.misuse\""},
    {"rat_misuse_missing", rating_event, [](json::object& o) { data(o).erase("misuse"); }, "missing_field",
     "\"data.misuse\""},
    {"rat_no_score", rating_event,
     [](json::object& o) {
       data(o)["overall"] = nullptr;
       data(o)["elements"] = nullptr;
     },
     "invalid_field", "\"data.overall\""},
    {"rat_wrong_shape_for_type", rating_event,
     [](json::object& o) { o["data"] = json::parse(encode_event(counter_event())).at("data"); },
     "unknown_field", "\"data.action\""},
};

INSTANTIATE_TEST_SUITE_P(all, codec_rules, ::testing::ValuesIn(rules),
                         [](const ::testing::TestParamInfo<bad_case>& i) { return std::string(i.param.name); });

TEST(codec, all_nine_elements_may_be_null_when_overall_is_given) {
  event e = rating_event();
  std::get<rating_data>(e.data).elements = std::array<std::optional<int>, 9>{};
  const auto r = decode_event(encode_event(e));
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(*r, e);
}

TEST(codec, rejects_oversized_payloads_before_parsing) {
  std::string big = encode_event(rating_event());
  big.insert(big.size() - 1, R"(,"pad":")" + std::string(max_event_bytes, 'x') + "\"");
  const auto r = decode_event(big);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::too_large);
  EXPECT_EQ(decode_event(std::string(max_event_bytes + 1, ' ')).err().code, errc::too_large);
}

TEST(codec, payload_of_exactly_the_limit_is_parsed) {
  std::string s = encode_event(rating_event());
  s.append(max_event_bytes - s.size(), ' ');  // trailing whitespace is valid JSON
  ASSERT_EQ(s.size(), max_event_bytes);
  EXPECT_TRUE(decode_event(s).ok());
}

TEST(codec, rejects_invalid_utf8) {
  std::string s = encode_event(rating_event());
  s.replace(s.find("k-01"), 4, "k\xff\xfe");
  const auto r = decode_event(s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::invalid_utf8);
}

TEST(codec, rejects_non_json_and_non_objects) {
  for (const std::string bad : {"", "not json", "[1,2,3]", "\"text\"", "42", "null",
                                R"({"v":1,"id":"x","seq":4,"kiosk":)", R"({"v":1,})", "{\"v\":1} trailing",
                                "{\"v\":1 /* comment */}"}) {
    SCOPED_TRACE(bad);
    const auto r = decode_event(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.err().code, errc::invalid_json);
  }
}

TEST(codec, rejects_too_deep_nesting_without_crashing) {
  std::string deep = R"({"v":1,"type":"rating","data":)";
  for (int i = 0; i < 1000; ++i) deep += "[";
  const auto r = decode_event(deep.substr(0, max_event_bytes));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::invalid_json);
}

TEST(codec, control_characters_in_unknown_keys_are_escaped_in_the_message) {
  json::object o = json::parse(encode_event(rating_event())).as_object();
  o["bad\nkey"] = 1;
  const auto r = decode_event(json::serialize(o));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::unknown_field);
  EXPECT_EQ(r.err().message.find('\n'), std::string::npos) << r.err().message;
}

// ---- peek -----------------------------------------------------------------------------------

TEST(codec, peek_reads_id_and_seq_from_broken_payloads) {
  const std::string good = encode_event(rating_event());
  auto h = peek_event_header(good);
  EXPECT_EQ(h.id, "0b7e4c1a-5f3d-4c2b-9a8e-1d2c3b4a5f60");
  EXPECT_EQ(h.seq, 1234);

  std::string big = good;
  big.insert(big.size() - 1, R"(,"pad":")" + std::string(100000, 'x') + "\"");
  EXPECT_EQ(peek_event_header(big).seq, 1234);

  std::string not_utf8 = good;
  not_utf8.replace(not_utf8.find("synced"), 6, "\xff\xfe");
  EXPECT_EQ(peek_event_header(not_utf8).seq, 1234);

  h = peek_event_header(R"({"v":1,"id":"abc","seq":4,"kiosk":)");
  EXPECT_EQ(h.id, "abc");
  EXPECT_EQ(h.seq, 4);
}

TEST(codec, peek_ignores_nested_and_wrongly_typed_values) {
  auto h = peek_event_header(R"({"data":{"id":"inner","seq":9},"seq":"7","id":5})");
  EXPECT_EQ(h.id, "");
  EXPECT_EQ(h.seq, 0);
  h = peek_event_header(R"({"x":[{"seq":3}],"seq":-2})");
  EXPECT_EQ(h.seq, 0);
  h = peek_event_header(R"([{"id":"a","seq":3}])");
  EXPECT_EQ(h.seq, 0);
  EXPECT_EQ(peek_event_header("").seq, 0);
  EXPECT_EQ(peek_event_header("\xff\xff\xff").seq, 0);
  h = peek_event_header(R"({"seq":1.5,"id":")" + std::string(200, 'a') + R"("})");
  EXPECT_EQ(h.seq, 0);
  EXPECT_EQ(h.id, "");  // too long to be an id: not kept
}

// ---- ack ------------------------------------------------------------------------------------

TEST(codec, ack_round_trip_and_wire_shape) {
  ack a;
  a.acked = {{1, 5}, {7, 7}};
  a.rejected = {{6, "invalid_field"}};
  const std::string wire = encode_ack(a);
  EXPECT_EQ(wire, R"({"v":1,"acked":[[1,5],[7,7]],"rejected":[{"seq":6,"error":"invalid_field"}]})");
  const auto back = decode_ack(wire);
  ASSERT_TRUE(back.ok()) << back.err().message;
  EXPECT_EQ(*back, a);
  EXPECT_EQ(encode_ack(ack{}), R"({"v":1,"acked":[],"rejected":[]})");
  ack short_form;
  short_form.acked = {{2, 3}};
  EXPECT_EQ(*decode_ack(R"({"v":1,"acked":[[2,3]]})"), short_form);
  // Whom it is for travels with it (DESIGN §10).
  ack named = a;
  named.office = "binjai-dukcapil";
  named.kiosk = "k-01";
  named.key = "0123456789abcdef";
  EXPECT_EQ(*decode_ack(encode_ack(named)), named);
}

TEST(codec, ack_decode_validates_shape) {
  for (const std::string bad :
       {"", "[]", R"({"acked":[]})", R"({"v":2,"acked":[]})", R"({"v":1,"acked":[[5,4]]})",
        R"({"v":1,"acked":[[0,4]]})", R"({"v":1,"acked":[[1,2,3]]})", R"({"v":1,"acked":[1]})",
        R"({"v":1,"acked":{}})", R"({"v":1,"acked":[[1.5,2]]})", R"({"v":1,"rejected":[{"seq":0,"error":"x"}]})",
        R"({"v":1,"rejected":[{"seq":3}]})", R"({"v":1,"rejected":[{"seq":3,"error":7}]})",
        R"({"v":1,"rejected":[3]})"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(decode_ack(bad).ok());
  }
}

TEST(codec, to_ranges_sorts_dedups_and_collapses) {
  using ranges = std::vector<std::pair<std::int64_t, std::int64_t>>;
  EXPECT_EQ(to_ranges({}), ranges{});
  EXPECT_EQ(to_ranges({5}), (ranges{{5, 5}}));
  EXPECT_EQ(to_ranges({3, 1, 2, 2, 7, 9, 8, 11}), (ranges{{1, 3}, {7, 9}, {11, 11}}));
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(to_ranges({max, max - 1, 1}), (ranges{{1, 1}, {max - 1, max}}));
}

// ---- status ---------------------------------------------------------------------------------

TEST(codec, status_round_trip_and_wire_shape) {
  kiosk_status s;
  s.version = "0.1.0";
  s.backlog = 12;
  s.last_seq = 1234;
  s.clock = "unsynced";
  s.camera = "ok";
  const std::string wire = encode_status(s);
  EXPECT_EQ(wire,
            R"({"v":1,"state":"online","version":"0.1.0","backlog":12,"last_seq":1234,"clock":"unsynced","camera":"ok",)"
            R"("refused":0})");
  EXPECT_EQ(*decode_status(wire), s);
}

TEST(codec, status_carries_the_kernel_clock_reading_when_known) {
  kiosk_status s;
  s.clock_offset_ms = -3;
  s.clock_error_ms = 120;
  const std::string wire = encode_status(s);
  EXPECT_NE(wire.find(R"("clock_offset_ms":-3,"clock_error_ms":120)"), std::string::npos) << wire;
  EXPECT_EQ(*decode_status(wire), s);
  EXPECT_EQ(encode_status(kiosk_status{}).find("clock_offset_ms"), std::string::npos);
  for (const std::string bad : {R"({"state":"online","clock_offset_ms":"3"})",
                                R"({"state":"online","clock_offset_ms":86400001})",
                                R"({"state":"online","clock_error_ms":-1})"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(decode_status(bad).ok());
  }
}

TEST(codec, status_accepts_the_short_will_forms) {
  for (const std::string_view will : {std::string_view(R"({"state":"offline"})"), offline_will_payload}) {
    const auto r = decode_status(will);
    ASSERT_TRUE(r.ok()) << r.err().message;
    EXPECT_EQ(r->state, "offline");
    EXPECT_EQ(r->backlog, 0);
    EXPECT_EQ(r->clock, "synced");
    EXPECT_EQ(r->camera, "none");
  }
}

TEST(codec, status_decode_validates) {
  for (const std::string bad : {"", "[]", R"({"v":1})", R"({"state":"sleeping"})", R"({"v":2,"state":"online"})",
                                R"({"state":"online","backlog":-1})", R"({"state":"online","last_seq":"3"})",
                                R"({"state":"online","clock":"maybe"})", R"({"state":"online","version":5})"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(decode_status(bad).ok());
  }
}

// ---- text -----------------------------------------------------------------------------------

TEST(codec, utf8_validation_is_strict) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("Terima kasih"));
  EXPECT_TRUE(is_valid_utf8("\xc3\xa9"));              // é
  EXPECT_TRUE(is_valid_utf8("\xe2\x82\xac"));          // €
  EXPECT_TRUE(is_valid_utf8("\xf0\x9f\x98\x80"));      // emoji
  EXPECT_TRUE(is_valid_utf8("\xf4\x8f\xbf\xbf"));      // U+10FFFF
  EXPECT_TRUE(is_valid_utf8("\xed\x9f\xbf"));          // U+D7FF
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));             // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xe0\x80\xaf"));         // overlong
  EXPECT_FALSE(is_valid_utf8("\xf0\x80\x80\xaf"));     // overlong
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));         // surrogate U+D800
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));     // > U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xf5\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\x80"));                 // lone continuation
  EXPECT_FALSE(is_valid_utf8("\xc3"));                 // truncated
  EXPECT_FALSE(is_valid_utf8("\xe2\x82"));
  EXPECT_FALSE(is_valid_utf8("\xe2\x28\xa1"));         // bad continuation
  EXPECT_FALSE(is_valid_utf8("\xff"));
}

TEST(codec, nip_is_exactly_18_digits) {
  EXPECT_TRUE(is_valid_nip("198503302010011002"));
  EXPECT_FALSE(is_valid_nip("19850330201001100"));
  EXPECT_FALSE(is_valid_nip("1985033020100110021"));
  EXPECT_FALSE(is_valid_nip("19850330201001100a"));
  EXPECT_FALSE(is_valid_nip("19850330 201001100"));
  EXPECT_FALSE(is_valid_nip(""));
}

}  // namespace
}  // namespace pantau

namespace pantau {
namespace {

TEST(codec, rejects_repeated_keys) {
  const std::string good = encode_event(rating_event());
  std::string top = good;
  top.insert(top.size() - 1, R"(,"seq":99)");
  auto r = decode_event(top);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::invalid_json);
  EXPECT_EQ(peek_event_header(top).seq, 99);  // the last value, as a DOM parser reads it

  std::string nested = good;
  nested.insert(nested.size() - 2, R"(,"misuse":true)");
  r = decode_event(nested);
  ASSERT_FALSE(r.ok()) << nested;
  EXPECT_EQ(r.err().code, errc::invalid_json);
}

}  // namespace
}  // namespace pantau

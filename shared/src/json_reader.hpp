#pragma once
// Reading JSON objects of the wire contract strictly: the first error sticks and names the field.
// Private to pantau::shared; every decoder uses it. Thread-safety: an object_reader belongs to one call.
#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "pantau/shared/result.hpp"

namespace pantau::detail {

namespace json = boost::json;

// error{code, "field \"<path>\": <what>"}.
error make_error(errc code, std::string_view path, std::string_view what);

// Integers as JSON gives them (int64 or uint64), when they fit an int64.
std::optional<std::int64_t> as_int64(const json::value& v);

// The payload as a JSON object, or null with `err` set (invalid_json).
json::value parse_object(std::string_view payload, error& err);

// What the decoders say a field should have been, where several of them check the same rule.
inline constexpr std::string_view nip_expected = "expected an NIP of exactly 18 digits";
inline constexpr std::string_view counter_expected =
    "expected a counter name of 1..48 characters from A-Z a-z 0-9 space _ . -";

// A wire name and the enum value it stands for.
template <class E>
struct named {
  std::string_view name;
  E value;
};

template <class E, std::size_t N>
std::string_view name_of(const std::array<named<E>, N>& choices, E value) {
  for (const auto& c : choices) {
    if (c.value == value) return c.name;
  }
  return choices[0].name;
}

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
        fail(errc::unknown_field, quoted.substr(1, quoted.size() - 2), expected);
        return;
      }
    }
  }

  const json::value* required(std::string_view key) {
    if (failed()) return nullptr;
    const json::value* v = obj_.if_contains(key);
    if (v == nullptr) fail(errc::missing_field, key, "required but missing");
    return v;
  }

  template <class Pred>
  std::string string(std::string_view key, Pred ok, std::string_view expected) {
    const json::value* v = required(key);
    if (v == nullptr) return {};
    if (!v->is_string() || !ok(std::string_view(v->get_string()))) {
      fail(errc::invalid_field, key, expected);
      return {};
    }
    return std::string(v->get_string());
  }

  template <class Pred>
  std::optional<std::string> nullable_string(std::string_view key, Pred ok, std::string_view expected) {
    const json::value* v = required(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_string() || !ok(std::string_view(v->get_string()))) {
      fail(errc::invalid_field, key, expected);
      return std::nullopt;
    }
    return std::string(v->get_string());
  }

  std::int64_t integer(std::string_view key, std::int64_t min, std::string_view expected) {
    const json::value* v = required(key);
    if (v == nullptr) return 0;
    const auto i = as_int64(*v);
    if (!i || *i < min) {
      fail(errc::invalid_field, key, expected);
      return 0;
    }
    return *i;
  }

  std::optional<int> nullable_score(const json::value& v, std::string_view path) {
    if (failed() || v.is_null()) return std::nullopt;
    const auto i = as_int64(v);
    if (!i || *i < 1 || *i > 4) {
      fail(errc::invalid_field, path, "expected an integer 1..4 or null", true);
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
      fail(errc::invalid_field, key, "expected true or false");
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
    fail(errc::invalid_field, key, expected);
    return choices[0].value;
  }

  // Takes over the error of a nested reader (array items).
  void adopt(error e) {
    if (!failed()) err_ = std::move(e);
  }

  void fail(errc code, std::string_view key, std::string_view what, bool key_is_path = false) {
    if (failed()) return;
    err_ = make_error(code, key_is_path ? std::string(key) : full_path(key), what);
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

}  // namespace pantau::detail

#pragma once
// A value or an error with a stable machine code and a human message. Expected failures travel as
// values (DESIGN §8); exceptions stay at start-up and adapter edges.
#include <string>
#include <utility>
#include <variant>

#include "pantau/shared/error_code.hpp"

namespace pantau {

struct error {
  errc code{};          // one of the closed set; to_string(code) is the label on the wire and in metrics
  std::string message;  // for people: what was wrong and what was expected
};

template <class T>
class result {
 public:
  result(T value) : v_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  result(error err) : v_(std::move(err)) {}          // NOLINT(google-explicit-constructor)
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const error& err() const { return std::get<1>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, error> v_;
};

}  // namespace pantau

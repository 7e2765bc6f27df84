#pragma once
// The events an outbox holds, decoded, in seq order: what the kiosk's logic committed.
// Thread-safety: none; the test's own outbox.
#include <gtest/gtest.h>

#include <vector>

#include "pantau/kiosk/outbox.hpp"
#include "pantau/shared/codec.hpp"

namespace pantau::kiosk::test {

inline std::vector<event> committed_events(outbox& box) {
  std::vector<event> out;
  auto rows = box.pending(0, 1000);
  EXPECT_TRUE(rows.ok());
  if (!rows) return out;
  for (const auto& r : *rows) {
    auto e = decode_event(r.payload);
    EXPECT_TRUE(e.ok()) << r.payload;
    if (e) out.push_back(*e);
  }
  return out;
}

}  // namespace pantau::kiosk::test

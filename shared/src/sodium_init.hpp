#pragma once
// libsodium wants sodium_init() before any other call. Private to pantau::shared.
#include <sodium.h>

namespace pantau::detail {

// Idempotent and thread-safe; sodium_init only fails without a randomness source, which hashing and
// MACs do not use.
inline void ensure_sodium() { [[maybe_unused]] static const int ready = sodium_init(); }

}  // namespace pantau::detail

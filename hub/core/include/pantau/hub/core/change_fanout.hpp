#pragma once
// The ingest pipeline tells one change_listener; this one passes every committed batch on to several
// (the live channel and the alert monitor), in the order they were added.
// Thread-safety: add() before the pipeline starts; committed() then runs on the ingest worker only.
#include <exception>
#include <vector>

#include "pantau/hub/core/live_events.hpp"

namespace pantau::hub {

class change_fanout final : public change_listener {
 public:
  void add(change_listener* listener) {
    if (listener != nullptr) listeners_.push_back(listener);
  }

  // One listener failing must not keep the batch from the others; the first failure is rethrown
  // afterwards so the pipeline still logs it.
  void committed(const committed_batch& batch) override {
    std::exception_ptr first;
    for (auto* l : listeners_) {
      try {
        l->committed(batch);
      } catch (...) {
        if (!first) first = std::current_exception();
      }
    }
    if (first) std::rethrow_exception(first);
  }

 private:
  std::vector<change_listener*> listeners_;
};

}  // namespace pantau::hub

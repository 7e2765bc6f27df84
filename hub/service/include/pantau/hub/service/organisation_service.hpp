#pragma once
// The one owner of the hub's organisation while the hub runs. It is read from the store once, at
// start, and kept in memory; an edit is written to the store first, and only what the store accepted
// reaches memory and the listeners. Readers keep org_directory (load_org() answers from memory, never
// from the store), the ones that keep state of their own subscribe and are told of each change.
// Thread-safety: every member is safe from any thread (HTTP worker, ingest worker, alert thread,
// publisher thread); edits are written and announced one at a time, in order, on the editing thread.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "pantau/hub/core/live_events.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub {

class organisation_service final : public org_directory, public org_source {
 public:
  // Reads the organisation from `store`, which must outlive the service.
  static result<std::unique_ptr<organisation_service>> open(org_directory& store);
  organisation_service(const organisation_service&) = delete;
  organisation_service& operator=(const organisation_service&) = delete;

  // A copy of the organisation in memory.
  result<organisation> load_org() override;
  // Written through to the store; when it said yes, memory follows and the listeners are told (not
  // when the organisation came out the same). A refused edit changes nothing.
  result<bool> put_org(const organisation& items) override;

  // An edit computed from the organisation as it is, with no other edit in between (read-modify-write);
  // an empty result writes nothing.
  result<bool> amend(const std::function<organisation(const organisation&)>& items_of);

  std::shared_ptr<const organisation> current() const override;
  void subscribe(org_listener& listener) override;
  void unsubscribe(org_listener& listener) override;

 private:
  organisation_service(org_directory& store, organisation org);
  result<bool> put_locked(const organisation& items);

  org_directory& store_;
  std::mutex edit_mu_;  // one edit and its announcement at a time; guards listeners_
  std::vector<org_listener*> listeners_;
  mutable std::mutex current_mu_;  // held only to copy the pointer: readers never wait on an edit
  std::shared_ptr<const organisation> current_;
};

// Sets each unit's tracking start from the events its office sends (tracking_starts): the day an office
// goes live is the first day Pantau judges it. Thread-safety: committed() on the ingest worker only.
class go_live_watcher final : public change_listener {
 public:
  go_live_watcher(organisation_service& org, std::function<std::int64_t()> now_ms);
  void committed(const committed_batch& batch) override;
  // Whether writing a start ever failed (the next event of the office tries again).
  bool failed() const { return failed_; }

 private:
  organisation_service& org_;
  std::function<std::int64_t()> now_ms_;
  bool failed_ = false;
};

}  // namespace pantau::hub

#include "pantau/hub/service/organisation_service.hpp"

#include <algorithm>
#include <utility>

namespace pantau::hub {

result<std::unique_ptr<organisation_service>> organisation_service::open(org_directory& store) {
  auto org = store.load_org();
  if (!org) return org.err();
  return std::unique_ptr<organisation_service>(new organisation_service(store, std::move(org).value()));
}

organisation_service::organisation_service(org_directory& store, organisation org)
    : store_(store), current_(std::make_shared<const organisation>(std::move(org))) {}

result<organisation> organisation_service::load_org() { return *current(); }

result<bool> organisation_service::put_org(const organisation& items) {
  std::lock_guard edit(edit_mu_);
  return put_locked(items);
}

result<bool> organisation_service::amend(const std::function<organisation(const organisation&)>& items_of) {
  std::lock_guard edit(edit_mu_);
  const organisation items = items_of(*current());
  if (items == organisation{}) return true;
  return put_locked(items);
}

result<bool> organisation_service::put_locked(const organisation& items) {
  auto stored = store_.put_org(items);
  if (!stored) return stored;
  // The store merged the same way (merge_org): memory now holds what a fresh read would give.
  auto next = std::make_shared<const organisation>(merge_org(*current(), items));
  if (*next == *current()) return stored;
  {
    std::lock_guard lock(current_mu_);
    current_ = next;
  }
  for (auto* l : listeners_) l->org_changed(next);
  return stored;
}

std::shared_ptr<const organisation> organisation_service::current() const {
  std::lock_guard lock(current_mu_);
  return current_;
}

void organisation_service::subscribe(org_listener& listener) {
  std::lock_guard edit(edit_mu_);
  listeners_.push_back(&listener);
  listener.org_changed(current());
}

void organisation_service::unsubscribe(org_listener& listener) {
  std::lock_guard edit(edit_mu_);
  std::erase(listeners_, &listener);
}

go_live_watcher::go_live_watcher(organisation_service& org, std::function<std::int64_t()> now_ms)
    : org_(org), now_ms_(std::move(now_ms)) {}

void go_live_watcher::committed(const committed_batch& batch) {
  if (batch.events.empty()) return;
  // Nearly every batch changes nothing: decided on the copy in memory before any edit is begun.
  const std::int64_t now = now_ms_();
  if (tracking_starts(*org_.current(), batch.events, now).empty()) return;
  auto r = org_.amend([&](const organisation& current) {
    organisation items;
    items.units = tracking_starts(current, batch.events, now);
    return items;
  });
  if (!r) failed_ = true;
}

}  // namespace pantau::hub

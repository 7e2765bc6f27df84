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

}  // namespace pantau::hub

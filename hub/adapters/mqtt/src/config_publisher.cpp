#include "pantau/hub/mqtt/config_publisher.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "pantau/hub/mqtt/mqtt_link.hpp"
#include "pantau/shared/codec.hpp"
#include "pantau/shared/topics.hpp"

namespace pantau::hub {

config_publisher::config_publisher(org_source& org, publish_fn publish, epoch_fn epoch, const clock& clk,
                                   config_publisher_options options)
    : source_(org), publish_(std::move(publish)), epoch_(std::move(epoch)), clock_(clk), options_(options) {
  source_.subscribe(*this);
}

config_publisher::config_publisher(org_source& org, mqtt_link& link, const clock& clk,
                                   config_publisher_options options)
    : config_publisher(
          org, [&link](const std::string& t, const std::string& p) { return link.publish_retained(t, p); },
          [&link] { return link.connected() ? link.connections() : 0; }, clk, std::move(options)) {}

config_publisher::~config_publisher() {
  source_.unsubscribe(*this);
  stop();
}

void config_publisher::add_kiosk(const std::string& office, const std::string& kiosk, const std::string& public_key) {
  std::lock_guard lock(mu_);
  auto [it, added] = kiosks_.try_emplace({office, kiosk}, public_key);
  if (added || it->second != public_key) {
    it->second = public_key;
    dirty_ = true;
    cv_.notify_one();
  }
}

void config_publisher::committed(const committed_batch& batch) {
  for (const auto& k : batch.kiosks) add_kiosk(k.office, k.kiosk, k.public_key);
}

void config_publisher::org_changed(std::shared_ptr<const organisation> org) {
  std::lock_guard lock(mu_);
  org_ = std::move(org);
  dirty_ = true;
  cv_.notify_one();
}

void config_publisher::start() {
  std::lock_guard lock(mu_);
  if (worker_.joinable()) return;
  stopping_ = false;
  worker_ = std::thread([this] { run(); });
}

void config_publisher::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (worker_.joinable()) worker_.join();
}

void config_publisher::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, options_.every, [this] { return stopping_ || dirty_; });
    if (stopping_) break;
    dirty_ = false;
    lock.unlock();
    refresh();
    lock.lock();
  }
}

int config_publisher::refresh() {
  std::lock_guard guard(refresh_mu_);
  const std::uint64_t epoch = epoch_();
  if (epoch == 0) return 0;  // not connected: the next pass after the reconnect sends everything
  if (epoch != published_epoch_) published_.clear();
  std::map<std::pair<std::string, std::string>, std::string> kiosks;
  std::shared_ptr<const organisation> org;
  {
    std::lock_guard lock(mu_);
    kiosks = kiosks_;
    org = org_;
  }
  if (kiosks.empty()) {
    published_epoch_ = epoch;
    return 0;
  }
  if (!org) return 0;
  // Nothing new since the last complete pass: the usual case, and the only cheap one in a city with
  // thousands of employees on every kiosk's roster.
  if (epoch == published_epoch_ && kiosks.size() == published_.size() && org == last_org_ &&
      std::all_of(kiosks.begin(), kiosks.end(), [this](const auto& k) {
        auto it = published_.find(k.first);
        return it != published_.end() && it->second.public_key == k.second;
      }))
    return 0;
  int sent = 0;
  bool all_sent = true;
  // Every kiosk of an office gets the same content but for its own id: built and kept once per
  // office (a city's roster is thousands of names), each kiosk remembers which version it has.
  std::set<std::string, std::less<>> built;
  for (const auto& [key, public_key] : kiosks) {
    auto& office = offices_[key.first];
    if (built.insert(key.first).second) {
      auto content = settings_for_kiosk(*org, key.first, "", options_.screen, clock_.utc_ms());
      if (office.version == 0 || !same_content(office.content, content)) {
        office.content = std::move(content);
        office.version = ++versions_;
      }
    }
    const auto it = published_.find(key);
    if (it != published_.end() && it->second.version == office.version && it->second.public_key == public_key)
      continue;
    const auto topic = topics::make(key.first, key.second, topics::kind::config);
    office.content.kiosk = key.second;
    // Sealed for this kiosk's key: replayed to another kiosk, or to this one after re-provisioning,
    // it names the wrong key and is ignored.
    auto parsed = signing::parse_public_key(public_key);
    office.content.key = parsed ? signing::key_id(*parsed) : std::string();
    std::string payload = encode_settings(office.content);
    office.content.kiosk.clear();  // kept without a kiosk, so that the next build compares equal
    office.content.key.clear();
    if (options_.hub_key) payload = signing::seal(payload, *options_.hub_key);
    if (publish_(topic, payload)) {
      published_[key] = sent_config{office.version, public_key};
      ++sent;
    } else {
      all_sent = false;
    }
  }
  // A pass that could not send everything is retried on the next interval.
  if (all_sent) {
    published_epoch_ = epoch;
    last_org_ = std::move(org);
  }
  if (sent > 0) spdlog::info("kiosk config published to {} kiosk(s)", sent);
  return sent;
}

}  // namespace pantau::hub

#pragma once
// Keeps every known kiosk's retained config topic (DESIGN §4) in step with the organisation data:
// on start, for each kiosk that appears in an ingest batch, as soon as it is told the organisation
// changed, and after every reconnect of the link (checked every `every`). A kiosk's config is
// published again only when its content changed; the organisation is never read from the store here.
// Thread-safety: committed() on the ingest worker, org_changed() on the editing thread, everything
// else from any thread; the publishing runs on the publisher's own thread, so neither ingest nor an
// edit waits on the broker.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "pantau/hub/core/kiosk_config.hpp"
#include "pantau/hub/core/live_events.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/shared/clock.hpp"
#include "pantau/shared/signing.hpp"

namespace pantau::hub {

class mqtt_link;

struct config_publisher_options {
  kiosk_screen_defaults screen;
  std::chrono::milliseconds every{5000};  // how often a reconnect is looked for
  // Seals every config, naming the kiosk's key id (DESIGN §10); null: unsealed (tests of this class).
  std::shared_ptr<const signing::secret_key> hub_key;
};

class config_publisher final : public change_listener, public org_listener {
 public:
  using publish_fn = std::function<bool(const std::string& topic, const std::string& payload)>;
  using epoch_fn = std::function<std::uint64_t()>;  // changes when retained messages may need resending

  // Subscribes to `org` for its lifetime (`org` must outlive it).
  config_publisher(org_source& org, publish_fn publish, epoch_fn epoch, const clock& clk,
                   config_publisher_options options = {});
  // Over the hub's link: publish_retained and connections().
  config_publisher(org_source& org, mqtt_link& link, const clock& clk, config_publisher_options options = {});
  ~config_publisher() override;
  config_publisher(const config_publisher&) = delete;
  config_publisher& operator=(const config_publisher&) = delete;

  // `public_key`: the kiosk's registered key (base64; empty: none yet); a new one gets the config again.
  void add_kiosk(const std::string& office, const std::string& kiosk, const std::string& public_key = {});
  void committed(const committed_batch& batch) override;
  void org_changed(std::shared_ptr<const organisation> org) override;
  void start();
  void stop();
  // One pass now, on the caller's thread; returns how many configs were published.
  int refresh();

 private:
  void run();

  org_source& source_;
  publish_fn publish_;
  epoch_fn epoch_;
  const clock& clock_;
  config_publisher_options options_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::pair<std::string, std::string>, std::string> kiosks_;  // -> public key
  std::shared_ptr<const organisation> org_;  // the latest told
  bool dirty_ = true;
  bool stopping_ = false;
  std::thread worker_;

  // Refresh-only state (one refresh at a time).
  std::mutex refresh_mu_;
  std::uint64_t published_epoch_ = 0;
  // Of the last pass that published everything it had to (each change is a new snapshot).
  std::shared_ptr<const organisation> last_org_;
  struct office_config {
    kiosk_settings content;  // with an empty `kiosk`: filled in per kiosk when sent
    std::uint64_t version = 0;
  };
  std::map<std::string, office_config, std::less<>> offices_;
  std::uint64_t versions_ = 0;
  struct sent_config {
    std::uint64_t version = 0;  // office version it has
    std::string public_key;     // that it was sealed for
  };
  std::map<std::pair<std::string, std::string>, sent_config> published_;
};

}  // namespace pantau::hub

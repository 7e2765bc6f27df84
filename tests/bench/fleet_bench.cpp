// The hub's capacity with signature checks on, fed by many light kiosks, next to the raw broker rate of
// the same fleet shape, in one run on one machine (issue: at least 1,000 kiosks, ratio >= 0.7).
//   raw_fleet_qos1: N libmosquitto clients publish QoS 1 messages of a sealed event's size to one subscriber.
//   hub_fleet:      the same N clients are kiosks: each seals and chains its events with its own Ed25519 key
//                   (registered at the hub), keeps a window in flight, and counts the hub's signed acks. The
//                   clock stops when every event of every kiosk is acked, i.e. verified, committed and
//                   acknowledged by pantau-hub.
// All clients share one thread and one epoll set: the point is the hub, not this process.
// Environment: PANTAU_FLEET_KIOSKS (default 1000), PANTAU_FLEET_EVENTS (per kiosk, default 50),
// PANTAU_FLEET_WINDOW (per kiosk, default 20).
#include <benchmark/benchmark.h>
#include <mosquitto.h>
#include <sys/epoll.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "pantau/shared/ack_codec.hpp"
#include "pantau/shared/event_codec.hpp"
#include "pantau/shared/sha256.hpp"
#include "pantau/shared/signing.hpp"
#include "pantau/shared/topics.hpp"
#include "pantau/shared/uuid.hpp"
#include "pantau/test/services.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

std::int64_t fleet_size() { return env_int("PANTAU_FLEET_KIOSKS", 1000); }
std::int64_t events_each() { return env_int("PANTAU_FLEET_EVENTS", 50); }
std::int64_t window_each() { return env_int("PANTAU_FLEET_WINDOW", 20); }

constexpr const char* office = "binjai-dukcapil";
std::string kiosk_name(std::int64_t i) { return "k-" + std::to_string(i + 1); }
// Each kiosk's key follows from its name, so the hub can register it before the kiosk exists.
signing::key_pair kiosk_key(const std::string& name) {
  return signing::from_seed(std::string(32 - std::min<std::size_t>(32, name.size()), 'f') + name);
}

// One light kiosk: its key, its chain and its window; no SQLite.
struct light_kiosk {
  std::string name;
  signing::key_pair key;
  std::string events_topic, ack_topic;
  mosquitto* m = nullptr;
  std::int64_t next_seq = 1;  // the next to publish
  std::int64_t acked = 0;     // every seq <= acked is acked
  std::string prev{chain_start};
  std::string boot;
  bool subscribed = false;
};

struct fleet {
  std::vector<std::unique_ptr<light_kiosk>> kiosks;
  std::atomic<std::int64_t> acked_total{0};
  std::atomic<std::int64_t> raw_received{0};
  std::optional<signing::public_key> hub_key;
  std::int64_t per_kiosk = 0;
  std::int64_t window = 0;
  bool hub_mode = false;
  uuid_generator ids;
  std::int64_t refused_acks = 0;
};

std::string next_event(fleet& f, light_kiosk& k) {
  event e;
  e.id = f.ids.next();
  e.kiosk = k.name;
  e.office = office;
  e.seq = k.next_seq;
  e.prev = k.prev;
  e.boot = k.boot;
  e.mono_ms = 1000 + k.next_seq;
  e.ts_ms = suite_clock().now_ms() + k.next_seq;
  e.clock = clock_state::synced;
  e.data = rating_data{"loket-1", std::nullopt, 4, std::nullopt, false};  // a quick-mode rating
  std::string payload = signing::seal(encode_event(e), k.key.secret);
  k.prev = sha256_hex(payload);
  ++k.next_seq;
  return payload;
}

void fill_window(fleet& f, light_kiosk& k) {
  while (k.next_seq <= f.per_kiosk && k.next_seq - 1 - k.acked < f.window) {
    const auto payload = next_event(f, k);
    mosquitto_publish(k.m, nullptr, (f.hub_mode ? k.events_topic : std::string("bench/raw")).c_str(),
                      static_cast<int>(payload.size()), payload.data(), 1, false);
  }
}

void on_ack(mosquitto*, void* user, const mosquitto_message* msg) {
  auto* f = static_cast<fleet*>(user);
  // The kiosk this client is: found by topic (pantau/v1/<office>/<kiosk>/ack).
  const std::string_view topic(msg->topic);
  const auto end = topic.rfind('/');
  const auto start = topic.rfind('/', end - 1);
  const std::string name(topic.substr(start + 1, end - start - 1));
  const auto i = std::stoll(name.substr(2)) - 1;
  if (i < 0 || i >= static_cast<std::int64_t>(f->kiosks.size())) return;
  light_kiosk& k = *f->kiosks[static_cast<std::size_t>(i)];
  const std::string_view payload(static_cast<const char*>(msg->payload), static_cast<std::size_t>(msg->payloadlen));
  std::string scratch;
  auto opened = signing::open(payload, *f->hub_key, scratch);
  if (!opened) {
    ++f->refused_acks;
    return;
  }
  auto a = decode_ack(*opened);
  if (!a) {
    ++f->refused_acks;
    return;
  }
  std::int64_t top = k.acked;
  for (const auto& [from, to] : a->acked)
    if (from <= top + 1 && to > top) top = to;
  if (top > k.acked) {
    f->acked_total += top - k.acked;
    k.acked = top;
  }
  fill_window(*f, k);
}

// Drives every client's socket on this thread until `done` or `limit` passes.
template <class Done>
bool run_loop(std::vector<mosquitto*> clients, Done done, std::chrono::seconds limit) {
  const int ep = epoll_create1(EPOLL_CLOEXEC);
  for (std::size_t i = 0; i < clients.size(); ++i) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    epoll_ctl(ep, EPOLL_CTL_ADD, mosquitto_socket(clients[i]), &ev);
  }
  const auto deadline = steady::now() + limit;
  auto misc_due = steady::now();
  std::vector<epoll_event> ready(256);
  bool finished = false;
  while (!(finished = done()) && steady::now() < deadline) {
    for (auto* c : clients)
      if (mosquitto_want_write(c)) mosquitto_loop_write(c, 1);
    const int n = epoll_wait(ep, ready.data(), static_cast<int>(ready.size()), 5);
    for (int j = 0; j < n; ++j) mosquitto_loop_read(clients[ready[static_cast<std::size_t>(j)].data.u64], 1);
    if (steady::now() >= misc_due) {
      for (auto* c : clients) mosquitto_loop_misc(c);
      misc_due = steady::now() + 100ms;
    }
  }
  ::close(ep);
  return finished;
}

mosquitto* connect_client(const std::string& id, void* user, std::uint16_t port) {
  mosquitto* m = mosquitto_new(id.c_str(), true, user);
  mosquitto_int_option(m, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
  mosquitto_int_option(m, MOSQ_OPT_SEND_MAXIMUM, 1000);
  if (mosquitto_connect(m, "127.0.0.1", port, 60) != MOSQ_ERR_SUCCESS) {
    mosquitto_destroy(m);
    return nullptr;
  }
  return m;
}

struct fleet_clients {
  std::vector<mosquitto*> all;
  ~fleet_clients() {
    for (auto* m : all) {
      mosquitto_disconnect(m);
      mosquitto_destroy(m);
    }
  }
};

// The fleet's kiosks with keys and topics; clients connected to `port`.
bool make_fleet(fleet& f, fleet_clients& clients, std::uint16_t port) {
  f.per_kiosk = events_each();
  f.window = window_each();
  for (std::int64_t i = 0; i < fleet_size(); ++i) {
    auto k = std::make_unique<light_kiosk>();
    k->name = kiosk_name(i);
    k->key = kiosk_key(k->name);
    k->events_topic = topics::make(office, k->name, topics::kind::events);
    k->ack_topic = topics::make(office, k->name, topics::kind::ack);
    k->boot = f.ids.next();
    k->m = connect_client("bench-" + k->name, &f, port);
    if (k->m == nullptr) return false;
    clients.all.push_back(k->m);
    f.kiosks.push_back(std::move(k));
  }
  return true;
}

void raw_fleet_qos1(benchmark::State& state) {
  mosquitto_lib_init();
  for (auto _ : state) {
    temp_dir dir("pantau-bench");
    mosquitto_broker broker(dir.path());
    broker.start();
    fleet f;
    fleet_clients clients;
    if (!make_fleet(f, clients, broker.port())) {
      state.SkipWithError("a client cannot connect");
      return;
    }
    mosquitto* sub = connect_client("bench-sub", &f, broker.port());
    clients.all.push_back(sub);
    mosquitto_message_callback_set(sub, [](mosquitto*, void* user, const mosquitto_message*) {
      ++static_cast<fleet*>(user)->raw_received;
    });
    mosquitto_subscribe(sub, nullptr, "bench/raw", 1);
    run_loop(clients.all, [] { return false; }, 1s);  // the subscription settles
    const std::int64_t total = f.per_kiosk * static_cast<std::int64_t>(f.kiosks.size());
    f.window = f.per_kiosk;  // no hub acks here: each publisher hands the broker everything at once
    const double broker_cpu_before = usage_of(broker.proc().pid()).cpu_s;
    const auto t0 = steady::now();
    for (auto& k : f.kiosks) fill_window(f, *k);
    const bool done = run_loop(clients.all, [&] { return f.raw_received.load() >= total; }, 600s);
    const auto secs = std::chrono::duration<double>(steady::now() - t0).count();
    if (!done) state.SkipWithError("not every message arrived");
    state.counters["broker_cpu_s"] = usage_of(broker.proc().pid()).cpu_s - broker_cpu_before;
    state.SetIterationTime(secs);
    state.counters["kiosks"] = static_cast<double>(f.kiosks.size());
    state.counters["events"] = static_cast<double>(f.raw_received.load());
    state.counters["events_per_s"] = static_cast<double>(f.raw_received.load()) / secs;
  }
}

void hub_fleet(benchmark::State& state) {
  mosquitto_lib_init();
  for (auto _ : state) {
    temp_dir dir("pantau-bench");
    mosquitto_broker broker(dir.path());
    broker.start();
    fleet f;
    f.hub_mode = true;
    hub_options ho;
    hub_process hub(dir.path(), broker.url(), ho);
    // Every kiosk registered with its public key before the hub starts.
    for (std::int64_t i = 0; i < fleet_size(); ++i) {
      const auto name = kiosk_name(i);
      const auto key = kiosk_key(name);
      if (hub.run_command({"kiosk", "add", office, name, "--public-key", signing::to_text(key.pub)}) != 0) {
        state.SkipWithError("kiosk add failed");
        return;
      }
    }
    hub.start();
    auto hub_key = signing::parse_public_key(test_hub_public_key());
    if (!hub_key) {
      state.SkipWithError("the test hub's public key does not parse");
      return;
    }
    f.hub_key = *hub_key;
    fleet_clients clients;
    if (!make_fleet(f, clients, broker.port())) {
      state.SkipWithError("a client cannot connect");
      return;
    }
    for (auto& k : f.kiosks) {
      mosquitto_message_callback_set(k->m, on_ack);
      mosquitto_subscribe(k->m, nullptr, k->ack_topic.c_str(), 1);
    }
    run_loop(clients.all, [] { return false; }, 2s);  // subscriptions settle
    const std::int64_t total = f.per_kiosk * static_cast<std::int64_t>(f.kiosks.size());
    const double hub_cpu_before = usage_of(hub.proc().pid()).cpu_s;
    const double broker_cpu_before = usage_of(broker.proc().pid()).cpu_s;
    const auto t0 = steady::now();
    for (auto& k : f.kiosks) fill_window(f, *k);
    const bool done = run_loop(clients.all, [&] { return f.acked_total.load() >= total; }, 600s);
    const auto secs = std::chrono::duration<double>(steady::now() - t0).count();
    if (!done) state.SkipWithError("not every event was acked");
    state.counters["hub_cpu_s"] = usage_of(hub.proc().pid()).cpu_s - hub_cpu_before;
    state.counters["broker_cpu_s"] = usage_of(broker.proc().pid()).cpu_s - broker_cpu_before;
    const auto stored = sql_int(hub.db_path(), "SELECT count(*) FROM events");
    state.SetIterationTime(secs);
    state.counters["kiosks"] = static_cast<double>(f.kiosks.size());
    state.counters["events"] = static_cast<double>(stored);
    state.counters["events_per_s"] = static_cast<double>(f.acked_total.load()) / secs;
    state.counters["refused_acks"] = static_cast<double>(f.refused_acks);
    state.counters["hub_rss_mb"] = static_cast<double>(usage_of(hub.proc().pid()).rss_kb) / 1024.0;
    hub.stop();
  }
}

BENCHMARK(raw_fleet_qos1)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);
BENCHMARK(hub_fleet)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

}  // namespace
}  // namespace pantau::test

BENCHMARK_MAIN();

// Ed25519 on the event path (DESIGN §10): what sealing costs the kiosk per event at append time and
// what opening costs the hub per event before it reads anything, on a typical attendance event.
#include <benchmark/benchmark.h>

#include <string>

#include "pantau/shared/codec.hpp"
#include "pantau/shared/signing.hpp"

namespace {

std::string typical_event() {
  pantau::event e;
  e.id = "0b7e4c1a-5f3d-4c2b-9a8e-1d2c3b4a5f60";
  e.kiosk = "k-01";
  e.office = "binjai-dukcapil";
  e.seq = 1234;
  e.prev = std::string(pantau::chain_start);
  e.boot = "8a4c3e2f-1b2d-4e5f-8a9b-0c1d2e3f4a5b";
  e.mono_ms = 8123456;
  e.ts_ms = 1795307462123;
  pantau::attendance_data d;
  d.employee = "198909122019121001";
  d.photo = "sha256:" + std::string(64, 'a');
  e.data = d;
  return pantau::encode_event(e);
}

void BM_seal(benchmark::State& state) {
  const auto keys = pantau::signing::generate();
  const std::string json = typical_event();
  for (auto _ : state) benchmark::DoNotOptimize(pantau::signing::seal(json, keys.secret));
  state.SetLabel(std::to_string(json.size()) + " bytes");
}
BENCHMARK(BM_seal);

void BM_open(benchmark::State& state) {
  const auto keys = pantau::signing::generate();
  const std::string payload = pantau::signing::seal(typical_event(), keys.secret);
  std::string scratch;
  for (auto _ : state) {
    auto opened = pantau::signing::open(payload, keys.pub, scratch);
    if (!opened) state.SkipWithError("did not verify");
    benchmark::DoNotOptimize(opened);
  }
  state.SetLabel(std::to_string(payload.size()) + " bytes");
}
BENCHMARK(BM_open);

// The hub's whole per-event authentication and parse, for scale.
void BM_open_and_decode(benchmark::State& state) {
  const auto keys = pantau::signing::generate();
  const std::string payload = pantau::signing::seal(typical_event(), keys.secret);
  std::string scratch;
  for (auto _ : state) {
    auto opened = pantau::signing::open(payload, keys.pub, scratch);
    auto e = pantau::decode_event(*opened);
    if (!e) state.SkipWithError("did not decode");
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(BM_open_and_decode);

}  // namespace

BENCHMARK_MAIN();

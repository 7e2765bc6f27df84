// Shared pieces of the browser tests: free loopback ports, a real mosquitto, the Pantau programs as
// child processes with their logs kept, HTTP polling and a headless Debian Chromium through
// playwright-core. Everything listens on 127.0.0.1 only; everything started here is stopped by
// cleanup() (call it from an `after` hook), even when a test fails.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const started = [];

export const binDir = process.env.PANTAU_BIN_DIR ?? path.resolve('build/bin');
export const artifactDir = process.env.PANTAU_ARTIFACT_DIR ?? path.resolve('build/test-artifacts');
export const chromiumPath = process.env.PANTAU_CHROMIUM ?? '/usr/bin/chromium';

// The wall time the Pantau programs see (PANTAU_CLOCK_OFFSET_MS, read by both programs): a fixed
// instant, so no outcome depends on the machine's clock, weekday or zone. Every program started here
// gets the same offset unless a test passes its own; tests stamp their events with clock.now().
export function clockAt(instant) {
  const offsetMs = Date.parse(instant) - Date.now();
  if (!Number.isFinite(offsetMs)) throw new Error(`bad instant ${instant}`);
  return {
    offsetMs,
    now: () => new Date(Date.now() + offsetMs),
    env: { PANTAU_CLOCK_OFFSET_MS: String(offsetMs), PANTAU_CLOCK_SYNC: 'synced' },
  };
}
// Thursday 26 November 2026, 07:00 WIB: a working day before the start and the 08:00 attendance check.
export const suiteInstant = '2026-11-26T00:00:00Z';
export const suiteClock = clockAt(suiteInstant);

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `pantau-${prefix}-`));
}

// Ports below Linux's ephemeral range (32768-60999): one the kernel hands out for listen(0) can be
// taken by an outgoing connection (Chromium opens many) before the server under test binds it.
const portFirst = 20000;
const portCount = 32768 - portFirst;
let nextPort = (process.pid * 7919) % portCount;

function bindable(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

export async function freePort() {
  for (let attempt = 0; attempt < portCount; attempt++) {
    const port = portFirst + (nextPort++ % portCount);
    if (await bindable(port)) return port;
  }
  throw new Error('no free loopback port in 20000-32767');
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls `probe` (async, truthy = done) until it holds or `timeoutMs` passes; returns its value.
export async function waitFor(probe, timeoutMs = 15000, what = 'condition') {
  const until = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${last}`);
    await sleep(100);
  }
}

// Starts a program; its stdout and stderr go to `logFile`. Stopped by cleanup() or stop().
export function startProcess(cmd, args, { logFile, env = {}, cwd } = {}) {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...suiteClock.env, ...env }, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const proc = {
    child,
    logFile,
    log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      await proc.exited;
      clearTimeout(timer);
    },
  };
  started.push(proc);
  return proc;
}

// Runs a program to completion (e.g. `pantau-hub user add`); throws with its output on failure.
export function runOnce(cmd, args, { input, env = {} } = {}) {
  const r = spawnSync(cmd, args, { input, env: { ...process.env, ...suiteClock.env, ...env }, encoding: 'utf8', timeout: 60000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

// Provisioning as scripts/provision-kiosk does it (DESIGN §10): the hub's key pair made by
// `pantau-hub keygen` in `dir`; returns the [signing] lines for its hub.toml.
export function hubSigning(dir) {
  const secret = path.join(dir, 'hub.key');
  if (!fs.existsSync(secret)) {
    runOnce(path.join(binDir, 'pantau-hub'), ['keygen', '--secret', secret, '--public', path.join(dir, 'hub.pub')]);
  }
  return ['[signing]', `key_file = "${secret}"`];
}

// A hub.toml in `dir` for a hub on `broker` answering HTTP on `httpPort`, its store and key in `dir`,
// the demo organisation seeded (`seed-demo`); returns the file's path.
export function demoHubToml(dir, broker, httpPort, clientId) {
  const toml = path.join(dir, 'hub.toml');
  fs.writeFileSync(toml, [
    '[mqtt]', `url = "${broker.url}"`, `client_id = "${clientId}"`,
    '[http]', `listen = "127.0.0.1:${httpPort}"`,
    '[store]', `path = "${path.join(dir, 'hub.db')}"`,
    ...hubSigning(dir), '',
  ].join('\n'));
  runOnce(path.join(binDir, 'pantau-hub'), ['--config', toml, 'seed-demo']);
  return toml;
}

// Logs into the dashboard at `base` and waits for it.
export async function loginDashboard(page, base, user, password) {
  await page.goto(base);
  await page.getByTestId('login-form').waitFor();
  await page.getByTestId('login-user').fill(user);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('dashboard').waitFor();
}

// A kiosk's key pair made by `pantau-hub keygen` and its public key registered with the hub of
// `hubToml` (`kiosk add --public-key @file`); returns the [signing] lines for its kiosk.toml.
export function kioskSigning(dir, hubToml, office, kiosk) {
  const secret = path.join(dir, `${kiosk}.key`);
  const pub = path.join(dir, `${kiosk}.pub`);
  runOnce(path.join(binDir, 'pantau-hub'), ['keygen', '--secret', secret, '--public', pub]);
  runOnce(path.join(binDir, 'pantau-hub'), ['--config', hubToml, 'kiosk', 'add', office, kiosk, '--public-key', `@${pub}`]);
  const hubPublic = fs.readFileSync(path.join(path.dirname(hubToml), 'hub.pub'), 'utf8').trim();
  return ['[signing]', `key_file = "${secret}"`, `hub_public_key = "${hubPublic}"`];
}

// A kiosk that only exists on the wire: its own Ed25519 key, registered with the hub of `hubToml`;
// seal(json) appends the "sig" member as pantau::signing::seal does.
export function wireKiosk(hubToml, office, kiosk) {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
  runOnce(path.join(binDir, 'pantau-hub'), ['--config', hubToml, 'kiosk', 'add', office, kiosk, '--public-key', raw]);
  return {
    seal(json) {
      const sig = crypto.sign(null, Buffer.from(json), privateKey).toString('base64');
      return `${json.slice(0, -1)},"sig":"${sig}"}`;
    },
  };
}

export function portAccepts(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

// A real mosquitto on a free loopback port with the limits the demo uses (no silent caps).
export async function startMosquitto(dir) {
  const port = await freePort();
  const conf = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(conf, [
    `listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false',
    'max_queued_messages 100000', 'max_inflight_messages 0', 'log_dest stdout', '',
  ].join('\n'));
  const proc = startProcess('/usr/sbin/mosquitto', ['-c', conf], { logFile: path.join(dir, 'mosquitto.log') });
  await waitFor(() => portAccepts(port), 10000, 'mosquitto');
  return { ...proc, port, url: `tcp://127.0.0.1:${port}` };
}

// GET/POST over loopback with fetch; returns { status, body, json, headers }.
export async function http(url, { method = 'GET', body, headers = {} } = {}) {
  const res = await fetch(url, { method, body, headers });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, body: text, json, headers: res.headers };
}

// Headless Debian Chromium. The flags keep it from reaching anything but loopback.
export async function launchBrowser() {
  // The browser stands for the user's own machine and keeps its own clock: a whole-suite run under
  // libfaketime (scripts/test-at) fakes the Pantau programs' clocks, not Chromium's (under it page loads
  // stall), so the pages must take the time from the hub.
  const env = Object.fromEntries(Object.entries(process.env)
    .filter(([k]) => k !== 'LD_PRELOAD' && !k.startsWith('FAKETIME')));
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    env,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--metrics-recording-only',
      '--disable-default-apps', '--disable-features=Translate,MediaRouter,OptimizationHints'],
  });
  started.push({ stop: () => browser.close() });
  return browser;
}

export async function screenshot(page, name) {
  fs.mkdirSync(artifactDir, { recursive: true });
  const file = path.join(artifactDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// Stops everything started here, newest first.
export async function cleanup() {
  while (started.length) {
    const p = started.pop();
    try { await p.stop(); } catch { /* already gone */ }
  }
}

// The hub answers /healthz with MQTT connected: events published before it subscribed would wait for nobody.
export async function hubConnected(base) {
  const h = await http(`${base}/healthz`);
  return h.status === 200 && h.json?.mqtt === 'connected';
}

// One sealed event published by the wire kiosk (a payload of DESIGN §4, signed as §10 asks).
export function publishSealed(broker, signer, office, kiosk, payload, clientId) {
  runOnce('/usr/bin/mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-q', '1', '-i', clientId,
    '-t', `pantau/v1/${office}/${kiosk}/events`, '-m', signer.seal(payload)]);
}

// A pantau-hub of the test's own in `dir` on `broker`: the demo organisation, a wire kiosk registered, the
// accounts asked for ({name, role, units, password}), started and connected. Returns the hub process,
// its base URL, its hub.toml and the wire kiosk's signer.
export async function startDemoHub(dir, broker, { clientId, office, kiosk, users = [] }) {
  const httpPort = await freePort();
  const toml = demoHubToml(dir, broker, httpPort, clientId);
  const hubBinary = path.join(binDir, 'pantau-hub');
  const signer = wireKiosk(toml, office, kiosk);
  for (const u of users) {
    runOnce(hubBinary, ['--config', toml, 'user', 'add', u.name, '--role', u.role,
      ...(u.units ?? []).flatMap((unit) => ['--unit', unit]), '--password-stdin'], { input: `${u.password}\n` });
  }
  const hub = startProcess(hubBinary, ['--config', toml], { logFile: path.join(dir, 'hub.log') });
  const base = `http://127.0.0.1:${httpPort}`;
  await waitFor(() => hubConnected(base), 20000, 'pantau-hub /healthz with MQTT connected');
  return { hub, base, toml, signer };
}

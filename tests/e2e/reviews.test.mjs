// The review queue in a real headless Chromium against a real pantau-hub and mosquitto: a check-in
// from a kiosk whose clock never synced (stamped in 1970) waits in the supervisor's queue with its
// evidence; the supervisor enters the real time (06:50 on the office's wall clock) and a reason, the
// row leaves the queue, and the hub's audit and attendance numbers show the accepted time.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  binDir, cleanup, demoHubToml, freePort, http, launchBrowser, loginDashboard, runOnce, screenshot, startMosquitto,
  startProcess, tempDir, waitFor, wireKiosk,
} from './lib/harness.mjs';

const office = 'binjai-dukcapil';
const kiosk = 'k-review';
const nipAgus = '198909122019121001';  // demo unit pendaftaran
const password = 'atasan-rahasia-3';
const otherPassword = 'atasan-rahasia-4';

let dir;
let broker;
let base;
let browser;
let signer;
const eventId = randomUUID();

function hubBinary() { return path.join(binDir, 'pantau-hub'); }


async function apiAs(user, pass, target, init = {}) {
  const s = await http(`${base}/api/v1/session`, {
    method: 'POST', body: JSON.stringify({ user, password: pass }), headers: { 'Content-Type': 'application/json' },
  });
  assert.equal(s.status, 200, s.body);
  const cookie = s.headers.get('set-cookie').split(';')[0];
  return http(`${base}${target}`, { ...init, headers: { ...(init.headers ?? {}), Cookie: cookie } });
}

describe('review queue', () => {
  before(async () => {
    dir = tempDir('reviews');
    broker = await startMosquitto(dir);
    const httpPort = await freePort();
    const toml = demoHubToml(dir, broker, httpPort, 'pantau-hub-e2e-reviews');
    signer = wireKiosk(toml, office, kiosk);
    runOnce(hubBinary(), ['--config', toml, 'user', 'add', 'atasan', '--role', 'supervisor', '--unit', 'pendaftaran',
      '--password-stdin'], { input: `${password}\n` });
    runOnce(hubBinary(), ['--config', toml, 'user', 'add', 'lain', '--role', 'supervisor', '--unit', 'pengaduan',
      '--password-stdin'], { input: `${otherPassword}\n` });
    startProcess(hubBinary(), ['--config', toml], { logFile: path.join(dir, 'hub.log') });
    base = `http://127.0.0.1:${httpPort}`;
    await waitFor(async () => {
      const h = await http(`${base}/healthz`);
      return h.status === 200 && h.json?.mqtt === 'connected';
    }, 20000, 'pantau-hub /healthz with MQTT connected');
    // Before NTP: stamped 1970, 1 000 s after the kiosk's boot, and this boot never syncs.
    const payload = JSON.stringify({
      v: 1, id: eventId, kiosk, office, seq: 1, prev: '0'.repeat(64), boot: 'b-never', mono_ms: 1000000,
      ts: '1970-01-01T00:16:40.000Z', clock: 'unsynced', type: 'attendance',
      data: { employee: nipAgus, action: 'in', method: 'badge', face: 'present', photo: `sha256:${'ab'.repeat(32)}` },
    });
    runOnce('/usr/bin/mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-q', '1', '-i', 'e2e-review-pub',
      '-t', `pantau/v1/${office}/${kiosk}/events`, '-m', signer.seal(payload)]);
    browser = await launchBrowser();
  });

  after(async () => { await cleanup(); });

  test('a supervisor accepts a time with a reason; the queue empties and the audit keeps it', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginDashboard(page, base, 'atasan', password);
    const row = page.getByTestId(`review-row-${eventId}`);
    // The queue is read at start and after kiosk frames: reload until the hub has stored the event.
    await waitFor(async () => {
      if (await row.count() > 0) return true;
      await page.reload();
      await page.getByTestId('dashboard').waitFor();
      return false;
    }, 20000, 'the check-in in the review queue');
    assert.equal(await page.getByTestId('reviews-count').textContent(), '1');
    const text = await row.textContent();
    assert.match(text, /1970-01-01/);
    assert.match(text, /b-never/);
    assert.match(text, /0:16:40/, 'the monotonic offset since boot');
    await screenshot(page, 'reviews-pending-1366x900');

    await page.getByTestId(`review-time-${eventId}`).fill('2026-11-26T06:50');
    await page.getByTestId(`review-reason-${eventId}`).fill('Buku jaga satpam / guard log book');
    // A re-drawn queue (here a language switch; kiosk reports re-fetch it too) keeps what was typed.
    const typedInto = await page.getByTestId(`review-reason-${eventId}`).elementHandle();
    await page.getByTestId('lang-toggle').click();
    await page.getByTestId('lang-toggle').click();
    await waitFor(async () => !(await typedInto.evaluate((n) => n.isConnected)), 5000, 'the queue re-drawn');
    assert.equal(await page.getByTestId(`review-time-${eventId}`).inputValue(), '2026-11-26T06:50');
    assert.equal(await page.getByTestId(`review-reason-${eventId}`).inputValue(), 'Buku jaga satpam / guard log book');
    await page.getByTestId(`review-accept-${eventId}`).click();
    await row.waitFor({ state: 'detached' });
    await page.getByTestId('reviews-empty').waitFor();
    assert.equal(await page.getByTestId('reviews-count').textContent(), '0');
    await screenshot(page, 'reviews-accepted-1366x900');

    const done = await apiAs('atasan', password, '/api/v1/reviews?state=done');
    assert.equal(done.status, 200);
    assert.equal(done.json.length, 1);
    assert.equal(done.json[0].new, '2026-11-25T23:50:00.000Z', '06:50 WIB');
    assert.equal(done.json[0].reviewer, 'atasan');
    assert.equal(done.json[0].reason, 'Buku jaga satpam / guard log book');
    const kpi = await apiAs('atasan', password,
      `/api/v1/kpi?scope=employee&id=${nipAgus}&from=2026-11-26&to=2026-11-26`);
    assert.equal(kpi.status, 200, kpi.body);
    assert.equal(kpi.json.attendance.present, 1);
    assert.equal(kpi.json.attendance.on_time, 1);
    assert.equal(kpi.json.attendance.needs_review, 0);
    // Another unit's supervisor never saw it and cannot decide it.
    const other = await apiAs('lain', otherPassword, '/api/v1/reviews?state=done');
    assert.deepEqual(other.json, []);
    await page.close();
  });
});

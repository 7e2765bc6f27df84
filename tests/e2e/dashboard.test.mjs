// The supervisors' dashboard in a real headless Chromium against a real pantau-hub and mosquitto:
// the hub serves the pages itself, an admin logs in and sees the overview, rating events published
// through mosquitto move the numbers on screen over the live channel without any page load, the
// language switches to English and stays switched, and a supervisor sees only his own unit.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  binDir, cleanup, demoHubToml, freePort, http, launchBrowser, loginDashboard, runOnce, screenshot, startMosquitto, startProcess,
  suiteClock, tempDir, waitFor, wireKiosk,
} from './lib/harness.mjs';

const office = 'binjai-dukcapil';
const kiosk = 'k-e2e';
const nipAgus = '198909122019121001';  // demo unit pendaftaran, counter loket-1
const adminPassword = 'admin-rahasia-1';
const supervisorPassword = 'atasan-rahasia-2';

let dir;
let broker;
let hub;
let hubToml;
let base;
let browser;
let seq = 0;
let signer;  // the wire kiosk's key (DESIGN §10): the hub takes only sealed events

function hubBinary() { return path.join(binDir, 'pantau-hub'); }

// One rating at a counter (loket-1 naming Agus by default), as a kiosk would publish it (DESIGN §4),
// stamped now by the programs' clock (the suite's instant, Thursday 07:00 WIB, and on from there).
function ratingEvent(overall, counter = 'loket-1', employee = nipAgus) {
  seq += 1;
  return JSON.stringify({
    v: 1, id: randomUUID(), kiosk, office, seq, prev: '0'.repeat(64), boot: 'b-e2e', mono_ms: seq * 1000,
    ts: suiteClock.now().toISOString(), clock: 'synced', type: 'rating',
    data: { counter, employee, overall, elements: null, misuse: false },
  });
}

// Agus checks in now.
function checkInEvent() {
  seq += 1;
  return JSON.stringify({
    v: 1, id: randomUUID(), kiosk, office, seq, prev: '0'.repeat(64), boot: 'b-e2e', mono_ms: seq * 1000,
    ts: suiteClock.now().toISOString(), clock: 'synced', type: 'attendance',
    data: { employee: nipAgus, action: 'in', method: 'badge', face: 'present', photo: null },
  });
}

function publish(payload) {
  runOnce('/usr/bin/mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-q', '1', '-i', `e2e-pub-${seq}`,
    '-t', `pantau/v1/${office}/${kiosk}/events`, '-m', signer.seal(payload)]);
}

// Events published before the hub subscribed would wait for nobody.
async function hubReady() {
  const h = await http(`${base}/healthz`);
  return h.status === 200 && h.json?.mqtt === 'connected';
}

function login(page, user, password) { return loginDashboard(page, base, user, password); }

// A request line exactly as written, bypassing fetch's own clean-up of "..".
function rawGet(port, target) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let data = '';
    s.on('connect', () => s.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    s.on('data', (c) => { data += c; });
    s.on('end', () => resolve(Number(data.split(' ')[1])));
    s.on('error', reject);
  });
}

describe('dashboard', () => {
  before(async () => {
    dir = tempDir('dashboard');
    broker = await startMosquitto(dir);
    const httpPort = await freePort();
    const toml = demoHubToml(dir, broker, httpPort, 'pantau-hub-e2e');
    hubToml = toml;
    signer = wireKiosk(toml, office, kiosk);
    runOnce(hubBinary(), ['--config', toml, 'user', 'add', 'admin', '--role', 'admin', '--password-stdin'],
      { input: `${adminPassword}\n` });
    runOnce(hubBinary(), ['--config', toml, 'user', 'add', 'atasan', '--role', 'supervisor', '--unit', 'pencatatan-sipil',
      '--password-stdin'], { input: `${supervisorPassword}\n` });
    hub = startProcess(hubBinary(), ['--config', toml], { logFile: path.join(dir, 'hub.log') });
    base = `http://127.0.0.1:${httpPort}`;
    await waitFor(hubReady, 20000, 'pantau-hub /healthz with MQTT connected');
    browser = await launchBrowser();
  });

  after(async () => {
    await cleanup();
    if (hub) process.stdout.write(`hub log: ${hub.logFile}\n`);
  });

  test('the hub serves the pages without a session, and nothing outside its web folder', async () => {
    const index = await http(`${base}/`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type'), /^text\/html/);
    assert.match(index.body, /data-testid="login-form"/);
    assert.equal(index.headers.get('cache-control'), 'no-cache');
    assert.equal(index.headers.get('x-content-type-options'), 'nosniff');

    const app = await http(`${base}/static/app.js`);
    assert.equal(app.status, 200);
    assert.match(app.headers.get('content-type'), /^text\/javascript/);
    const again = await http(`${base}/static/app.js`, { headers: { 'If-None-Match': app.headers.get('etag') } });
    assert.equal(again.status, 304);

    const css = await http(`${base}/static/style.css`);
    assert.match(css.headers.get('content-type'), /^text\/css/);
    const uplot = await http(`${base}/vendor/uplot/uPlot.esm.js`);
    assert.equal(uplot.status, 200);
    assert.match(uplot.body, /export \{ uPlot as default \}/);

    const port = Number(new URL(base).port);
    assert.equal(await rawGet(port, '/static/../index.html'), 400);
    assert.equal(await rawGet(port, '/static/%2e%2e/%2e%2e/package.json'), 400);
    assert.equal(await rawGet(port, '/static/..%2F..%2Fpackage.json'), 400);
    assert.equal(await rawGet(port, '/vendor/uplot/..%2Fpackage.json'), 400);
    assert.equal(await rawGet(port, '/static/.hidden'), 400);
    assert.equal((await http(`${base}/static/nothing-here.js`)).status, 404);
    assert.equal((await http(`${base}/package.json`)).status, 404);

    // The data behind the pages does need a session.
    assert.equal((await http(`${base}/api/v1/kpi?scope=unit&id=pendaftaran&from=2026-01-01&to=2026-01-01`)).status, 401);
    assert.equal((await http(`${base}/api/v1/checkins?scope=unit&id=pendaftaran`)).status, 401);
  });

  test('an admin logs in and watches the numbers change live, without a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    let navigations = 0;
    page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations += 1; });

    await login(page, 'admin', adminPassword);
    for (const unit of ['pendaftaran', 'pencatatan-sipil', 'pengaduan']) await page.getByTestId(`unit-card-${unit}`).waitFor();
    await page.getByTestId(`office-card-${office}`).waitFor();
    const responses = page.getByTestId('unit-pendaftaran-responses');
    await waitFor(async () => (await responses.textContent()) === '0', 15000, 'pendaftaran ratings shown as 0');
    await waitFor(async () => (await page.getByTestId('live-status').getAttribute('data-state')) === 'open', 15000,
      'live channel open');
    assert.equal(await page.getByTestId('unit-pendaftaran-ikm').textContent(), '—');

    // Anything that reloads the page would lose this.
    await page.evaluate(() => { window.pantauTestMarker = 'still-here'; });
    const navigationsBefore = navigations;

    publish(ratingEvent(4));
    publish(ratingEvent(3));
    publish(ratingEvent(4));
    await waitFor(async () => (await responses.textContent()) === '3', 15000, 'pendaftaran ratings shown as 3');
    // quick index = mean(4,3,4) x 25 = 91.67 (id-ID: comma decimals), grade A; 3 of 3 satisfied.
    await waitFor(async () => (await page.getByTestId('unit-pendaftaran-ikm').textContent()) === '91,67', 10000, 'index 91,67');
    assert.equal(await page.getByTestId('unit-pendaftaran-grade').textContent(), 'A');
    assert.equal(await page.getByTestId('unit-pendaftaran-csat').textContent(), '100%');
    await waitFor(async () => (await page.getByTestId(`office-${office}-responses`).textContent()) === '3', 10000,
      'office total 3');
    assert.equal(await page.getByTestId('unit-pencatatan-sipil-responses').textContent(), '0');
    // The kiosk appeared in the fleet table from the live kiosk frame.
    await page.getByTestId(`kiosk-row-${kiosk}`).waitFor({ timeout: 10000 });
    assert.equal(await page.getByTestId(`kiosk-${kiosk}-state`).textContent(), 'daring');
    assert.equal(await page.getByTestId(`kiosk-${kiosk}-gaps`).textContent(), 'tidak ada');

    // An admin registers a kiosk ahead of its installation: listed at once, as never connected.
    await page.getByTestId('kiosk-add-form').waitFor();
    await page.getByTestId('kiosk-add-office').selectOption(office);
    await page.getByTestId('kiosk-add-name').fill('k-baru');
    await page.getByTestId('kiosk-add-submit').click();
    await page.getByTestId('kiosk-row-k-baru').waitFor({ timeout: 10000 });
    assert.equal(await page.getByTestId('kiosk-k-baru-state').textContent(), 'belum terhubung');
    const registration = page.getByTestId('kiosk-add-message');
    await waitFor(async () => (await registration.textContent()) === `${office}/k-baru: terdaftar`, 5000, 'registered');
    await page.getByTestId('kiosk-add-name').fill('k-baru');
    await page.getByTestId('kiosk-add-submit').click();
    await waitFor(async () => (await registration.textContent()) === `${office}/k-baru: sudah terdaftar`, 5000,
      'already registered');
    const stored = await page.evaluate(async () => (await (await fetch('/api/v1/kiosks')).json()).map((k) => k.kiosk));
    assert.ok(stored.includes('k-baru'), 'the hub keeps it');

    // Drill down: unit -> counters and employees -> one employee.
    await page.getByTestId('unit-card-pendaftaran').click();
    await page.getByTestId('unit-detail').waitFor();
    await waitFor(async () => (await page.getByTestId('counter-loket-1-responses').textContent()) === '3', 10000,
      'loket-1 ratings');
    await page.getByTestId(`employee-row-${nipAgus}`).click();
    await waitFor(async () => (await page.getByTestId('employee-detail-name').textContent()) === 'Agus Setiawan', 10000,
      'employee detail');

    // A fourth rating while the unit is open: the detail follows too.
    publish(ratingEvent(1));
    await waitFor(async () => (await responses.textContent()) === '4', 15000, 'pendaftaran ratings shown as 4');
    await waitFor(async () => (await page.getByTestId('counter-loket-1-responses').textContent()) === '4', 10000,
      'loket-1 ratings follow');

    // A check-in moves the check-in chart (its data comes from /api/v1/checkins).
    assert.equal(await page.getByTestId('chart-checkins').getAttribute('data-count'), '0');
    publish(checkInEvent());
    await waitFor(async () => (await page.getByTestId('chart-checkins').getAttribute('data-count')) === '1', 15000,
      'one check-in on the chart');
    // The hub's today, whatever the browser's clock says.
    const hubToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(suiteClock.now());
    const daily = await page.evaluate(async (today) => {
      const res = await fetch(`/api/v1/kpi/daily?scope=unit&id=pendaftaran&from=${today}&to=${today}`);
      return { status: res.status, body: await res.json() };
    }, hubToday);
    assert.equal(daily.status, 200);
    assert.equal(daily.body.length, 1);
    assert.equal(daily.body[0].responses, 4);
    assert.equal(daily.body[0].quick_index, 75);

    // Alerts and appraisal panels are there whatever this hub offers (an endpoint may still be missing).
    await page.getByTestId('alerts-panel').waitFor();
    await page.getByTestId('appraisal-panel').waitFor();

    assert.equal(await page.evaluate(() => window.pantauTestMarker), 'still-here');
    assert.equal(navigations, navigationsBefore, 'the page navigated while the numbers changed');

    // English, remembered.
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'id');
    await page.getByTestId('lang-toggle').click();
    await waitFor(async () => (await page.evaluate(() => document.documentElement.lang)) === 'en', 5000, 'lang=en');
    assert.match(await page.getByTestId('overview-title').textContent(), /Office overview/);
    assert.equal(await page.getByTestId(`kiosk-${kiosk}-state`).textContent(), 'online');
    assert.equal(await page.getByTestId('unit-pendaftaran-ikm').textContent(), '75.00');  // mean(4,3,4,1) x 25
    assert.equal(await page.evaluate(() => localStorage.getItem('pantau.lang')), 'en');
    // The appraisal's official ratings read in English too, with the official term kept beside them.
    const terms = await page.evaluate(async () => {
      const { officialTerm } = await import('/static/i18n.js');
      return [officialTerm('Sangat Baik'), officialTerm('Di Bawah Ekspektasi'), officialTerm('Lain-lain')];
    });
    assert.deepEqual(terms, ['Outstanding (Sangat Baik)', 'Below expectations (Di Bawah Ekspektasi)', 'Lain-lain']);
    assert.equal(navigations, navigationsBefore);

    // Readable on a 1366x768 laptop: nothing sticks out sideways.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scroll');
    const shot = await screenshot(page, 'dashboard-admin-1366x768');
    assert.ok(fs.statSync(shot).size > 10000, 'screenshot written');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the page rides out a hub restart: the live channel reconnects and the numbers keep moving', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    let navigations = 0;
    page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations += 1; });
    await login(page, 'admin', adminPassword);
    const live = page.getByTestId('live-status');
    await waitFor(async () => (await live.getAttribute('data-state')) === 'open', 15000, 'live channel open');
    const responses = page.getByTestId('unit-pendaftaran-responses');
    await waitFor(async () => (await responses.textContent()) === '4', 10000, 'the 4 earlier ratings');
    const navigationsBefore = navigations;

    await hub.stop();
    await waitFor(async () => (await live.getAttribute('data-state')) !== 'open', 10000, 'live channel lost');
    hub = startProcess(hubBinary(), ['--config', hubToml], { logFile: path.join(dir, 'hub-2.log') });
    await waitFor(hubReady, 20000, 'pantau-hub back with MQTT connected');
    await waitFor(async () => (await live.getAttribute('data-state')) === 'open', 40000, 'live channel reconnected');

    publish(ratingEvent(2));
    await waitFor(async () => (await responses.textContent()) === '5', 15000, 'pendaftaran ratings shown as 5');
    assert.equal(navigations, navigationsBefore, 'the page navigated across the restart');
    await context.close();
  });

  test('low ratings at a counter raise an alert that appears live', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await login(page, 'admin', adminPassword);
    await waitFor(async () => (await page.getByTestId('live-status').getAttribute('data-state')) === 'open', 15000,
      'live channel open');
    const alerts = page.getByTestId('alert-list').locator('li.alert.active');
    assert.equal(await alerts.count(), 0);
    // loket-3 (pengaduan) had no ratings: four 1s are 100 % low with >= 4 responses (DESIGN §5).
    for (let i = 0; i < 4; i += 1) publish(ratingEvent(1, 'loket-3', null));
    await alerts.first().waitFor({ timeout: 15000 });
    assert.equal(await alerts.first().getAttribute('data-kind'), 'low_satisfaction');
    assert.match(await alerts.first().textContent(), /Kepuasan rendah/);
    assert.match(await alerts.first().textContent(), /loket-3/);
    await context.close();
  });

  test('a supervisor sees only his own unit', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await login(page, 'atasan', supervisorPassword);
    await page.getByTestId('unit-card-pencatatan-sipil').waitFor();
    await waitFor(async () => (await page.getByTestId('unit-pencatatan-sipil-responses').textContent()) === '0', 10000,
      'own unit numbers');
    assert.equal(await page.getByTestId('unit-card-pendaftaran').count(), 0);
    assert.equal(await page.getByTestId('unit-card-pengaduan').count(), 0);
    assert.equal(await page.getByTestId(`office-card-${office}`).count(), 0);
    assert.equal(await page.getByTestId('kiosk-add-form').isHidden(), true, 'registering kiosks is for admins');
    // The loket-3 (pengaduan) alert of the test before is not his.
    await page.getByTestId('alerts-empty').waitFor();
    assert.equal(await page.getByTestId('alert-list').locator('li').count(), 0);
    // And the hub agrees: another unit's numbers are refused to this session.
    const status = await page.evaluate(async () =>
      (await fetch('/api/v1/kpi?scope=unit&id=pendaftaran&from=2026-01-01&to=2026-01-01')).status);
    assert.equal(status, 403);
    await screenshot(page, 'dashboard-supervisor-1920x1080');
    await context.close();
  });
});

// The kiosk's touch screen in headless Chromium against the real programs: mosquitto, pantau-hub and
// pantau-kiosk on loopback. A citizen taps a face, answers the follow-up and sees the thank-you; the
// rating reaches the hub's store. The screen confirms only what the outbox committed: the reply
// carries the outbox seq, a locked outbox shows an error instead of the thank-you, and with the
// broker down taps are still confirmed (the row is in the outbox) and drain once it is back. A tap
// during the lock after a rating is stored flagged misuse.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  binDir, cleanup, freePort, http, hubSigning, kioskSigning, launchBrowser, portAccepts, runOnce, screenshot,
  startMosquitto, startProcess, tempDir, waitFor,
} from './lib/harness.mjs';

const office = 'binjai-dukcapil';
const kiosk = 'k-ui';
const password = 'kata-sandi-uji-123';

let dir;
let broker;
let hubPort;
let hubDb;
let outboxDb;
let uiPort;
let page;
let cookie;
const replies = [];

function sql(db, query) {
  const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', db, query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 ${db}: ${r.stderr}`);
  return r.stdout.trim();
}

async function hubKiosk() {
  const res = await http(`http://127.0.0.1:${hubPort}/api/v1/kiosks`, { headers: { cookie } });
  assert.equal(res.status, 200, res.body);
  return res.json.find((k) => k.kiosk === kiosk);
}

// The reply the kiosk sent for the last tap, once it came.
async function lastReplyAfter(count) {
  return waitFor(() => (replies.length > count ? replies[replies.length - 1] : null), 15000, 'a reply from the kiosk');
}

async function idle() {
  await page.getByTestId('screen-idle').waitFor({ state: 'visible', timeout: 15000 });
  // The lock after the previous rating is over when the faces are no longer dimmed.
  await waitFor(async () => !(await page.getByTestId('faces').getAttribute('class')).includes('dimmed'), 15000,
    'the faces to wake up');
}

// Everything started here (both kiosks, the hub, mosquitto, the browsers) stops after the last test.
after(async () => {
  await cleanup();
});

describe('kiosk touch screen', () => {
  before(async () => {
    dir = tempDir('kiosk-ui');
    broker = await startMosquitto(dir);
    hubPort = await freePort();
    hubDb = path.join(dir, 'hub.db');
    const hubToml = path.join(dir, 'hub.toml');
    fs.writeFileSync(hubToml, [
      '[mqtt]', `url = "${broker.url}"`, 'client_id = "pantau-hub-kiosk-ui"',
      '[http]', `listen = "127.0.0.1:${hubPort}"`,
      '[store]', `path = "${hubDb}"`,
      ...hubSigning(dir), '',
    ].join('\n'));
    runOnce(path.join(binDir, 'pantau-hub'), ['--config', hubToml, 'user', 'add', 'admin', '--role', 'admin',
      '--password-stdin'], { input: `${password}\n` });
    startProcess(path.join(binDir, 'pantau-hub'), ['--config', hubToml], { logFile: path.join(dir, 'hub.log') });
    await waitFor(() => portAccepts(hubPort), 20000, 'pantau-hub');
    const login = await http(`http://127.0.0.1:${hubPort}/api/v1/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'admin', password }),
    });
    assert.equal(login.status, 200, login.body);
    cookie = login.headers.get('set-cookie').split(';')[0];

    uiPort = await freePort();
    outboxDb = path.join(dir, 'outbox.db');
    const kioskToml = path.join(dir, 'kiosk.toml');
    fs.writeFileSync(kioskToml, [
      '[kiosk]', `id = "${kiosk}"`, `office = "${office}"`,
      '[mqtt]', `url = "${broker.url}"`,
      '[store]', `path = "${outboxDb}"`,
      '[ui]', `listen = "127.0.0.1:${uiPort}"`, 'counter = "loket-1"', 'lock_ms = 6000',
      '[delivery]', 'status_interval_s = 1', 'resend_after_ms = 1000',
      ...kioskSigning(dir, path.join(dir, 'hub.toml'), office, kiosk), '',
    ].join('\n'));
    startProcess(path.join(binDir, 'pantau-kiosk'), ['--config', kioskToml], { logFile: path.join(dir, 'kiosk.log') });
    await waitFor(() => portAccepts(uiPort), 20000, 'the kiosk UI');

    const browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => {
      const m = JSON.parse(payload);
      if (m.type === 'reply') replies.push(m);
    }));
    await page.goto(`http://127.0.0.1:${uiPort}/`);
    await waitFor(async () => (await page.getByTestId('connection').getAttribute('data-state')) === 'online', 20000,
      'the kiosk to reach the broker');
  });

  test('a low rating with its follow-up is confirmed after the commit and reaches the hub', async () => {
    await idle();
    assert.match(await page.getByTestId('screen-idle').innerText(), /Bagaimana pelayanan kami hari ini\?/);
    assert.match(await page.getByTestId('screen-idle').innerText(), /How was our service today\?/);
    const before = replies.length;
    await page.getByTestId('face-2').tap();
    await page.getByTestId('screen-follow-up').waitFor({ state: 'visible' });
    assert.equal(await page.getByTestId('screen-thanks').isVisible(), false);
    await screenshot(page, 'kiosk-ui-follow-up');
    await page.getByTestId('element-3').tap();
    await page.getByTestId('screen-thanks').waitFor({ state: 'visible' });
    assert.match(await page.getByTestId('screen-thanks').innerText(), /Terima kasih!/);
    await screenshot(page, 'kiosk-ui-thanks');
    const reply = await lastReplyAfter(before + 1);
    assert.equal(reply.ok, true);
    assert.equal(typeof reply.seq, 'number');

    // The hub stored exactly this rating: overall 2, element U3 named as the problem.
    const stored = await waitFor(() => sql(hubDb,
      `SELECT payload FROM events WHERE kiosk='${kiosk}' AND seq=${reply.seq}`), 20000, 'the rating in the hub');
    const ev = JSON.parse(stored);
    assert.equal(ev.type, 'rating');
    assert.equal(ev.data.overall, 2);
    assert.deepEqual(ev.data.elements, [null, null, 2, null, null, null, null, null, null]);
    assert.equal(ev.data.misuse, false);
    assert.equal(ev.data.counter, 'loket-1');
    const k = await waitFor(async () => {
      const x = await hubKiosk();
      return x && x.events >= 1 ? x : null;
    }, 20000, 'the hub to count the event');
    assert.ok(k.last_seq >= reply.seq);
    // Thank-you over, the screen goes back to the question by itself.
    await page.getByTestId('screen-idle').waitFor({ state: 'visible', timeout: 15000 });
  });

  test('a second tap during the lock after a rating is stored flagged misuse, not dropped', async () => {
    await idle();
    let count = replies.length;
    await page.getByTestId('face-4').tap();
    const first = await lastReplyAfter(count);
    assert.equal(first.ok, true);
    assert.equal(first.misuse, false);
    await page.getByTestId('screen-thanks').waitFor({ state: 'visible' });
    // Well inside the 6 s lock of this kiosk's config.
    count = replies.length;
    await page.getByTestId('face-1').tap();
    const second = await lastReplyAfter(count);
    assert.equal(second.ok, true);
    assert.equal(second.misuse, true);
    assert.equal(second.seq, first.seq + 1);
    const stored = await waitFor(() => sql(hubDb,
      `SELECT payload FROM events WHERE kiosk='${kiosk}' AND seq=${second.seq}`), 20000, 'the misuse tap in the hub');
    const ev = JSON.parse(stored);
    assert.equal(ev.data.overall, 1);
    assert.equal(ev.data.misuse, true);
  });

  test('a tap the outbox cannot commit shows an error, never the thank-you', async () => {
    await idle();
    // Another connection holds the outbox's write lock, as a stuck writer would.
    const locker = spawn('sqlite3', [outboxDb], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    locker.stdout.on('data', (d) => { out += d; });
    locker.stdin.write("BEGIN EXCLUSIVE;\nSELECT 'locked';\n");
    await waitFor(() => out.includes('locked'), 10000, 'the outbox lock');
    const rowsBefore = Number(sql(outboxDb, 'SELECT count(*) FROM outbox'));
    const lastBefore = Number(sql(outboxDb, "SELECT COALESCE(max(seq),0) FROM sqlite_sequence WHERE name='outbox'"));
    try {
      const count = replies.length;
      await page.getByTestId('face-4').tap();
      const reply = await lastReplyAfter(count);
      assert.equal(reply.ok, false);
      await page.getByTestId('error').waitFor({ state: 'visible' });
      assert.match(await page.getByTestId('error').innerText(), /Gagal menyimpan/);
      assert.equal(await page.getByTestId('screen-thanks').isVisible(), false);
      await screenshot(page, 'kiosk-ui-not-saved');
    } finally {
      locker.stdin.end('ROLLBACK;\n.quit\n');
      await new Promise((r) => locker.on('exit', r));
    }
    assert.ok(Number(sql(outboxDb, 'SELECT count(*) FROM outbox')) <= rowsBefore);
    assert.equal(Number(sql(outboxDb, "SELECT COALESCE(max(seq),0) FROM sqlite_sequence WHERE name='outbox'")),
      lastBefore);
    // With the lock gone the same tap is saved and thanked.
    const count = replies.length;
    await page.getByTestId('face-4').tap();
    await page.getByTestId('screen-thanks').waitFor({ state: 'visible' });
    assert.equal((await lastReplyAfter(count)).ok, true);
  });

  test('with the broker down taps are still confirmed from the outbox and drain later', async () => {
    await broker.stop();
    await waitFor(async () => (await page.getByTestId('connection').getAttribute('data-state')) === 'offline', 30000,
      'the screen to show offline');
    await idle();
    const count = replies.length;
    await page.getByTestId('face-3').tap();
    await page.getByTestId('screen-thanks').waitFor({ state: 'visible' });
    const reply = await lastReplyAfter(count);
    assert.equal(reply.ok, true);
    // Confirmed while offline: the row is in the outbox, waiting.
    assert.equal(sql(outboxDb, `SELECT count(*) FROM outbox WHERE seq=${reply.seq}`), '1');
    await waitFor(async () => /^belum terkirim \/ unsent: [1-9]/.test(await page.getByTestId('backlog').innerText()), 15000,
      'the backlog on screen');
    await screenshot(page, 'kiosk-ui-offline');

    // The broker comes back on the same port; the kiosk reconnects and delivers.
    startProcess('/usr/sbin/mosquitto', ['-c', path.join(dir, 'mosquitto.conf')],
      { logFile: path.join(dir, 'mosquitto-2.log') });
    await waitFor(() => portAccepts(broker.port), 10000, 'mosquitto again');
    const stored = await waitFor(() => sql(hubDb,
      `SELECT payload FROM events WHERE kiosk='${kiosk}' AND seq=${reply.seq}`), 60000, 'the offline rating in the hub');
    assert.equal(JSON.parse(stored).data.overall, 3);
    await waitFor(() => sql(outboxDb, 'SELECT count(*) FROM outbox') === '0', 30000, 'the outbox to drain');
    await waitFor(async () => (await page.getByTestId('connection').getAttribute('data-state')) === 'online', 30000,
      'the screen to show online');
  });
});

describe('kiosk touch screen in SKM survey mode', () => {
  let skmPage;
  const skmReplies = [];
  const skmKiosk = 'k-skm';

  before(async () => {
    const port = await freePort();
    const toml = path.join(dir, 'kiosk-skm.toml');
    fs.writeFileSync(toml, [
      '[kiosk]', `id = "${skmKiosk}"`, `office = "${office}"`,
      '[mqtt]', `url = "${broker.url}"`,
      '[store]', `path = "${path.join(dir, 'outbox-skm.db')}"`,
      '[ui]', `listen = "127.0.0.1:${port}"`, 'counter = "loket-2"', 'survey = "skm"',
      ...kioskSigning(dir, path.join(dir, 'hub.toml'), office, skmKiosk), '',
    ].join('\n'));
    startProcess(path.join(binDir, 'pantau-kiosk'), ['--config', toml], { logFile: path.join(dir, 'kiosk-skm.log') });
    await waitFor(() => portAccepts(port), 20000, 'the SKM kiosk UI');
    const browser = await launchBrowser();
    skmPage = await browser.newPage({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    skmPage.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => {
      const m = JSON.parse(payload);
      if (m.type === 'reply') skmReplies.push(m);
    }));
    await skmPage.goto(`http://127.0.0.1:${port}/`);
    await skmPage.getByTestId('screen-idle').waitFor({ state: 'visible' });
  });

  test('the nine SKM elements are asked one by one and stored with the overall score', async () => {
    await skmPage.getByTestId('face-3').tap();
    const answers = [4, 3, null, 2, 4, 4, 3, null, 1];
    for (let i = 0; i < 9; i++) {
      await skmPage.getByTestId('screen-survey').waitFor({ state: 'visible' });
      await waitFor(async () => (await skmPage.getByTestId('survey-step').innerText()).startsWith(`U${i + 1} `), 15000,
        `question U${i + 1}`);
      if (i === 6) await screenshot(skmPage, 'kiosk-ui-skm-question');
      await skmPage.getByTestId(answers[i] === null ? 'survey-skip' : `survey-${answers[i]}`).tap();
    }
    await skmPage.getByTestId('screen-thanks').waitFor({ state: 'visible' });
    const reply = await waitFor(() => skmReplies.find((r) => r.ok && typeof r.seq === 'number'), 15000, 'the commit');
    assert.equal(skmReplies.filter((r) => typeof r.seq === 'number').length, 1, 'one rating, committed once');
    const stored = await waitFor(() => sql(hubDb,
      `SELECT payload FROM events WHERE kiosk='${skmKiosk}' AND seq=${reply.seq}`), 60000, 'the survey in the hub');
    const ev = JSON.parse(stored);
    assert.equal(ev.data.overall, 3);
    assert.deepEqual(ev.data.elements, answers);
    assert.equal(ev.data.counter, 'loket-2');
  });
});

describe('kiosk touch screen in the language the hub names', () => {
  let enPage;
  let startEnHub;
  const enKiosk = 'k-en';

  // A hub of its own whose [kiosks] language is English; its kiosk starts with no config at all and
  // before that hub runs.
  before(async () => {
    const enDir = tempDir('kiosk-ui-en');
    const enBroker = await startMosquitto(enDir);
    const enHubPort = await freePort();
    const toml = path.join(enDir, 'hub.toml');
    fs.writeFileSync(toml, [
      '[mqtt]', `url = "${enBroker.url}"`, 'client_id = "pantau-hub-kiosk-ui-en"',
      '[http]', `listen = "127.0.0.1:${enHubPort}"`,
      '[store]', `path = "${path.join(enDir, 'hub.db')}"`,
      ...hubSigning(enDir),
      '[kiosks]', 'language = "en"', '',
    ].join('\n'));
    // The hub starts in the test, once the screen has shown its default.
    startEnHub = async () => {
      startProcess(path.join(binDir, 'pantau-hub'), ['--config', toml], { logFile: path.join(enDir, 'hub.log') });
      await waitFor(() => portAccepts(enHubPort), 20000, 'the English pantau-hub');
    };
    const port = await freePort();
    const kioskToml = path.join(enDir, 'kiosk.toml');
    fs.writeFileSync(kioskToml, [
      '[kiosk]', `id = "${enKiosk}"`, `office = "${office}"`,
      '[mqtt]', `url = "${enBroker.url}"`,
      '[store]', `path = "${path.join(enDir, 'outbox.db')}"`,
      '[ui]', `listen = "127.0.0.1:${port}"`, 'counter = "loket-4"', 'lock_ms = 0',
      ...kioskSigning(enDir, toml, office, enKiosk), '',
    ].join('\n'));
    startProcess(path.join(binDir, 'pantau-kiosk'), ['--config', kioskToml], { logFile: path.join(enDir, 'kiosk.log') });
    await waitFor(() => portAccepts(port), 20000, 'the English kiosk UI');
    const browser = await launchBrowser();
    enPage = await browser.newPage({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    await enPage.goto(`http://127.0.0.1:${port}/`);
    await enPage.getByTestId('screen-idle').waitFor({ state: 'visible' });
  });

  // The languages of the idle question in the order they stand, and their font sizes.
  const question = () => enPage.getByTestId('screen-idle').evaluate((el) =>
    [...el.querySelectorAll('h1 > [lang]')].map((s) => ({
      lang: s.lang, text: s.textContent.trim(), size: parseFloat(getComputedStyle(s).fontSize),
    })));

  test('the idle question switches to English first when the hub config arrives, Indonesian below', async () => {
    // No config yet: the default, Bahasa Indonesia first.
    await waitFor(async () => (await enPage.getByTestId('where').innerText()).includes(enKiosk), 15000,
      'the first state from the kiosk');
    const first = await question();
    assert.equal(first[0].lang, 'id');
    assert.ok(first[0].size > first[1].size);
    // The hub comes up, learns of the kiosk (its status, its first event) and sends it its config:
    // the open screen switches without a reload.
    await startEnHub();
    await enPage.getByTestId('face-4').tap();
    await enPage.getByTestId('screen-thanks').waitFor({ state: 'visible' });
    const q = await waitFor(async () => {
      const x = await question();
      return x[0].lang === 'en' ? x : null;
    }, 30000, 'English first after the hub config');
    assert.equal(q.length, 2);
    assert.equal(q[0].text, 'How was our service today?');
    assert.equal(q[1].lang, 'id');
    assert.equal(q[1].text, 'Bagaimana pelayanan kami hari ini?');
    assert.ok(q[0].size > q[1].size, `the English line is the main one (${q[0].size} > ${q[1].size})`);
    await enPage.getByTestId('screen-idle').waitFor({ state: 'visible', timeout: 15000 });
    assert.match(await enPage.getByTestId('screen-idle').innerText(), /^How was our service today\?\s+Bagaimana/);
    // The status texts built by the screen follow too.
    assert.match(await enPage.getByTestId('backlog').innerText(), /^unsent \/ belum terkirim: /);
    assert.match(await enPage.getByTestId('face-4').innerText(), /^Very good\s+Sangat Baik/);
    const panel = await enPage.getByTestId('employee-panel').innerText();
    assert.match(panel, /Counter \/ Loket/);
    assert.match(panel, /Serving \/ Nomor dilayani/);
    assert.match(panel, /served today \/ selesai hari ini/);
    await screenshot(enPage, 'kiosk-ui-english-first');
  });
});

// Every kiosk screen on the real small touch screens it is installed on: 800×480 (the Raspberry Pi 7"
// panel), 1024×600 and 1280×800, landscape. The real programs run on loopback (mosquitto, pantau-hub
// with the demo organisation, pantau-kiosk with its camera on a folder of badges the hub printed); the
// test drives the kiosk to each screen and, at each size, checks that nothing scrolls or is cut off,
// that every visible button lies wholly inside the viewport and is at least 48×48 px, and saves a
// screenshot: build/test-artifacts/kiosk-screens/<width>x<height>/<screen>.png.
// Along the way: the employee's greeting stands on the citizens' side only for its moment and speaks of
// minutes late (the band only small in the staff panel); a refused badge says why in both languages;
// the outbox count reads as "belum terkirim / unsent", not as a queue.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  artifactDir, binDir, cleanup, clockAt, freePort, launchBrowser, portAccepts, runOnce, startMosquitto, startProcess,
  tempDir, waitFor, hubSigning, kioskSigning,
} from './lib/harness.mjs';

const sizes = [[800, 480], [1024, 600], [1280, 800]];
const office = 'binjai-dukcapil';
const kiosk = 'k-screens';
// Agus Setiawan of the demo organisation (unit pendaftaran, loket-1); units start at 07:30, no grace.
const nip = '198909122019121001';
// Thursday 26 November 2026, 07:42 WIB: a check-in now is 12 minutes late (TL1).
const clock = clockAt('2026-11-26T00:42:00Z');
const keyHex = (b) => Buffer.alloc(32, b).toString('hex');

let dir;
let broker;
let hubToml;
let hubPort;
let hub;
let uiPort;
let page;
let running = null;

const shot = (name, w, h) => path.join(artifactDir, 'kiosk-screens', `${w}x${h}`, `${name}.png`);

// What does not fit at the page's current size: scrolling, content cut off by its panel or its button,
// a visible button outside the viewport or smaller than 48×48 px.
async function misfits() {
  return page.evaluate(() => {
    const out = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const de = document.scrollingElement;
    if (de.scrollHeight > vh || de.scrollWidth > vw) out.push(`the page scrolls: ${de.scrollWidth}×${de.scrollHeight}`);
    const shown = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const label = (el) => el.dataset.testid || el.className || el.tagName;
    const inside = (r, box) => r.left >= box.left - 1 && r.top >= box.top - 1 && r.right <= box.right + 1
      && r.bottom <= box.bottom + 1;
    for (const area of document.querySelectorAll('.bar, [data-testid="citizen-panel"], [data-testid="employee-panel"], button')) {
      if (!shown(area)) continue;
      const box = area.getBoundingClientRect();
      for (const el of area.querySelectorAll('*')) {
        if (!shown(el)) continue;
        const r = el.getBoundingClientRect();
        if (!inside(r, box)) {
          out.push(`${label(el)} is cut off by ${label(area)}: [${Math.round(r.left)},${Math.round(r.top)} `
            + `${Math.round(r.right)},${Math.round(r.bottom)}] outside [${Math.round(box.left)},${Math.round(box.top)} `
            + `${Math.round(box.right)},${Math.round(box.bottom)}]`);
        }
      }
    }
    for (const el of document.querySelectorAll('button, a, input, [role="button"]')) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.left < 0 || r.top < 0 || r.right > vw + 0.5 || r.bottom > vh + 0.5)
        out.push(`${label(el)} lies outside the ${vw}×${vh} viewport`);
      if (r.width < 48 || r.height < 48) out.push(`${label(el)} is ${r.width.toFixed(1)}×${r.height.toFixed(1)} px`);
    }
    return out;
  });
}

// The screen as it stands, at each size: it fits, and its picture is kept.
async function atEverySize(name) {
  for (const [w, h] of sizes) {
    await page.setViewportSize({ width: w, height: h });
    // Reading a size lays the page out at the new size (animation frames may be held by the test's clock).
    await page.evaluate(() => document.body.getBoundingClientRect().height);
    const problems = await misfits();
    const file = shot(name, w, h);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file });
    assert.deepEqual(problems, [], `${name} at ${w}×${h} (see ${file})`);
  }
}

function badge(name, keyring, extra = []) {
  const out = path.join(dir, `${name}.png`);
  runOnce(path.join(binDir, 'pantau-hub'), ['--config', hubToml, 'badge', nip, '--keyring', keyring, '--out', out,
    ...extra], { env: clock.env });
  return out;
}

function keyring(name, id, hex) {
  const file = path.join(dir, `${name}.toml`);
  fs.writeFileSync(file, `${id} = "${hex}"\n`);
  return file;
}

// The kiosk's key, made and registered with the hub once (the same install across restarts).
let kioskSigningLines;
function signingOfKiosk() {
  kioskSigningLines ??= kioskSigning(dir, hubToml, office, kiosk);
  return kioskSigningLines;
}

// (Re)starts the kiosk on the same outbox and port; `frames` lists the badge pictures its camera sees, in
// order. Resolves once the screen shows it connected to the broker.
async function startKiosk(run, { frames = [], survey, counter = 'loket-1', greetingMs = 3600000 } = {}) {
  if (running) {
    await running.stop();
    // The screen has noticed: what it shows from here on comes from the new kiosk.
    await page.getByTestId('link-lost').waitFor({ state: 'visible', timeout: 15000 });
  }
  const lines = [
    '[kiosk]', `id = "${kiosk}"`, `office = "${office}"`,
    '[mqtt]', `url = "${broker.url}"`,
    '[store]', `path = "${path.join(dir, 'outbox.db')}"`,
    '[ui]', `listen = "127.0.0.1:${uiPort}"`, `counter = "${counter}"`, 'lock_ms = 0',
    `greeting_ms = ${greetingMs}`, 'notice_ms = 3600000',
    ...(survey ? [`survey = "${survey}"`] : []),
    '[delivery]', 'status_interval_s = 1', '',
    ...signingOfKiosk(), '',
  ];
  if (frames.length) {
    const folder = path.join(dir, `frames-${run}`);
    fs.mkdirSync(folder, { recursive: true });
    frames.forEach((f, i) => fs.copyFileSync(f, path.join(folder, `${i}.png`)));
    lines.push('[camera]', `source = "${folder}"`, `keyring = "${path.join(dir, 'badge-keys.toml')}"`,
      `evidence_dir = "${path.join(dir, 'evidence')}"`, 'zone = "WIB"', '');
  }
  const toml = path.join(dir, `kiosk-${run}.toml`);
  fs.writeFileSync(toml, lines.join('\n'));
  running = startProcess(path.join(binDir, 'pantau-kiosk'), ['--config', toml],
    { logFile: path.join(dir, `kiosk-${run}.log`), env: clock.env });
  await waitFor(() => portAccepts(uiPort), 20000, 'the kiosk UI');
  if (page.url() === 'about:blank') await page.goto(`http://127.0.0.1:${uiPort}/`);
  await page.getByTestId('link-lost').waitFor({ state: 'hidden', timeout: 15000 });
  await waitFor(async () => (await page.getByTestId('connection').getAttribute('data-state')) === 'online', 30000,
    'the kiosk to reach the broker');
}

function writeHubToml(extra = []) {
  fs.writeFileSync(hubToml, [
    '[mqtt]', `url = "${broker.url}"`, 'client_id = "pantau-hub-kiosk-screens"',
    '[http]', `listen = "127.0.0.1:${hubPort}"`,
    '[store]', `path = "${path.join(dir, 'hub.db')}"`,
    ...hubSigning(dir), ...extra, '',
  ].join('\n'));
}

async function startHub() {
  hub = startProcess(path.join(binDir, 'pantau-hub'), ['--config', hubToml],
    { logFile: path.join(dir, 'hub.log'), env: clock.env });
  await waitFor(() => portAccepts(hubPort), 20000, 'pantau-hub');
}

const visible = (id) => page.getByTestId(id).isVisible();
const text = (id) => page.getByTestId(id).innerText();

async function refusedWith(reason) {
  await waitFor(async () => (await visible('badge-refused'))
    && (await page.getByTestId('badge-refused').getAttribute('data-reason')) === reason, 30000, `a ${reason} badge`);
}

after(async () => {
  await cleanup();
});

describe('kiosk screens at 800×480, 1024×600 and 1280×800', () => {
  let printed;
  before(async () => {
    dir = tempDir('kiosk-screens');
    broker = await startMosquitto(dir);
    hubPort = await freePort();
    hubToml = path.join(dir, 'hub.toml');
    writeHubToml();
    runOnce(path.join(binDir, 'pantau-hub'), ['--config', hubToml, 'seed-demo'], { env: clock.env });
    // The kiosk's keyring, and two others: a forger's under the same key id, and a key the kiosk never got.
    const real = keyring('badge-keys', 'k2026a', keyHex(0x11));
    printed = {
      good: badge('good', real, ['--expiry', '20991231']),
      expired: badge('expired', real, ['--expiry', '20251231']),
      forged: badge('forged', keyring('forger-keys', 'k2026a', keyHex(0x22)), ['--expiry', '20991231']),
      unknown: badge('unknown', keyring('other-keys', 'k2031z', keyHex(0x33)), ['--expiry', '20991231']),
    };
    await startHub();
    uiPort = await freePort();
    const browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    // The page's own timers (how long an error stays) run on a clock the test can hold still.
    await page.clock.install();
    await startKiosk('quick');
  });

  test('the page names itself and carries its icon', async () => {
    assert.match(await page.title(), /^Pantau · loket-1 — Kios Pelayanan \/ Service Kiosk$/);
    const icon = await page.evaluate(async () => {
      const link = document.querySelector('link[rel="icon"]');
      const res = await fetch(link.href);
      return { type: link.type, status: res.status, contentType: res.headers.get('content-type'), body: await res.text() };
    });
    assert.equal(icon.status, 200);
    assert.equal(icon.type, 'image/svg+xml');
    assert.match(icon.contentType, /^image\/svg\+xml/);
    assert.match(icon.body, /<svg/);
  });

  test('idle, follow-up with all nine elements and skip, thank-you', async () => {
    await page.getByTestId('screen-idle').waitFor({ state: 'visible' });
    // The outbox count is a small staff indicator, not a queue.
    assert.match(await text('backlog'), /^belum terkirim \/ unsent: \d+$/);
    await atEverySize('idle');
    await page.getByTestId('face-2').tap();
    await page.getByTestId('screen-follow-up').waitFor({ state: 'visible' });
    for (let i = 1; i <= 9; i++) assert.ok(await visible(`element-${i}`), `U${i}`);
    assert.match(await text('element-7'), /Perilaku Petugas/);
    assert.ok(await visible('follow-up-skip'));
    await atEverySize('follow-up');
    await page.getByTestId('element-7').tap();
    await page.getByTestId('screen-thanks').waitFor({ state: 'visible' });
    await atEverySize('thanks');
    await page.getByTestId('screen-idle').waitFor({ state: 'visible', timeout: 15000 });
  });

  test('with the kiosk gone the screen says so, and a tap says it was not saved', async () => {
    await running.stop();
    running = null;
    await page.getByTestId('link-lost').waitFor({ state: 'visible', timeout: 15000 });
    // Hold the page's clock: the error stays until the pictures are taken. (A held clock holds animation
    // frames too, so the tap is dispatched rather than waited on for stability.)
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 100);
    try {
      await page.getByTestId('face-3').dispatchEvent('click');
      await page.getByTestId('error').waitFor({ state: 'visible' });
      assert.match(await text('error'), /Kios belum terhubung.*\/ The kiosk is not connected/);
      await atEverySize('error-offline');
    } finally {
      await page.clock.resume();
    }
  });

  test('a badge scan greets the employee on the citizens\' side in minutes late; the counter panel works', async () => {
    await startKiosk('greeting', { frames: [printed.good] });
    await page.getByTestId('error').waitFor({ state: 'hidden', timeout: 15000 });
    await page.getByTestId('greeting-banner').waitFor({ state: 'visible', timeout: 30000 });
    const banner = await text('greeting-banner');
    assert.match(banner, /Selamat bekerja,\s+Welcome,\s+Agus Setiawan/);
    assert.match(banner, /masuk 07:42 — terlambat 12 menit/);
    assert.match(banner, /checked in 07:42 — 12 minutes late/);
    assert.doesNotMatch(banner, /TL\d/, 'the band is not for citizens');
    await atEverySize('greeting');

    await page.getByTestId('counter-open').tap();
    await waitFor(async () => !(await page.getByTestId('next-citizen').isDisabled()), 15000, 'the counter open');
    await page.getByTestId('next-citizen').tap();
    await waitFor(async () => (await text('ticket')) === 'A001', 15000, 'ticket A001');
    assert.equal(await text('employee-band'), 'TL1');
    await atEverySize('counter-panel');
  });

  test('after the greeting\'s moment only the staff panel keeps it; an expired badge is refused; the nine SKM steps', async () => {
    // A restart later the same day: the employee is still at the counter, but nobody is greeted again.
    await startKiosk('skm', { frames: [printed.expired], survey: 'skm' });
    await refusedWith('expired');
    assert.match(await text('badge-refused'), /Kartu ditolak: kedaluwarsa\s+Badge refused: expired/);
    await page.getByTestId('employee-present').waitFor({ state: 'visible' });
    assert.equal(await visible('greeting-banner'), false);
    assert.match(await text('employee-panel'), /terlambat 12 menit/);
    assert.equal(await text('employee-band'), 'TL1');
    assert.doesNotMatch(await text('citizen-panel'), /TL\d|terlambat/);
    await atEverySize('refused-expired');

    await page.getByTestId('face-2').tap();
    for (let step = 1; step <= 9; step++) {
      await waitFor(async () => (await visible('screen-survey')) && (await text('survey-step')).startsWith(`U${step} `),
        15000, `SKM step ${step}`);
      assert.ok(await visible('survey-skip'));
      await atEverySize(`skm-${step}`);
      await page.getByTestId('survey-3').tap();
    }
    await page.getByTestId('screen-thanks').waitFor({ state: 'visible' });
  });

  test('a forged badge is refused as invalid; an unlisted counter warns the staff', async () => {
    await startKiosk('forged', { frames: [printed.forged], counter: 'loket-9' });
    await refusedWith('invalid');
    assert.match(await text('badge-refused'), /Kartu ditolak: tidak sah\s+Badge refused: invalid/);
    await page.getByTestId('counter-unknown').waitFor({ state: 'visible', timeout: 30000 });
    await atEverySize('refused-invalid');
  });

  test('a badge under an unknown key is refused as unknown; a greeting leaves after its moment', async () => {
    // The good badge again (a check-out now), greeted for one second only, then the unknown one.
    await startKiosk('unknown', { frames: [printed.good, printed.unknown], greetingMs: 1000 });
    await refusedWith('unknown');
    assert.match(await text('badge-refused'), /Kartu ditolak: tidak dikenal\s+Badge refused: unknown/);
    await waitFor(async () => /pulang/.test(await text('employee-greeting')), 30000, 'the check-out in the staff panel');
    await page.getByTestId('greeting-banner').waitFor({ state: 'hidden', timeout: 30000 });
    assert.ok(await visible('employee-present'));
    await atEverySize('refused-unknown');
  });

  test('English first, as a hub may ask: the longer words fit too', async () => {
    await hub.stop();
    writeHubToml(['[kiosks]', 'language = "en"']);
    await startHub();
    await waitFor(async () => (await page.evaluate(() => document.documentElement.lang)) === 'en', 30000,
      'English first from the hub config');
    await page.getByTestId('screen-idle').waitFor({ state: 'visible', timeout: 15000 });
    assert.match(await text('backlog'), /^unsent \/ belum terkirim: \d+$/);
    await atEverySize('en-idle');
    await page.getByTestId('face-1').tap();
    await page.getByTestId('screen-follow-up').waitFor({ state: 'visible' });
    assert.match(await text('element-8'), /Complaint handling\s+Penanganan Pengaduan/);
    await atEverySize('en-follow-up');
    await page.getByTestId('follow-up-skip').tap();
    await page.getByTestId('screen-thanks').waitFor({ state: 'visible' });
    await atEverySize('en-thanks');
  });

  test('the respondent profile after a rating: each step fits, the answers reach the hub, one tap skips', async () => {
    await hub.stop();
    writeHubToml(['[kiosks]', 'respondent_profile = true']);
    await startHub();
    await waitFor(async () => (await page.evaluate(() => document.documentElement.lang)) === 'id', 30000,
      'Indonesian first again from the hub config');
    await page.getByTestId('screen-idle').waitFor({ state: 'visible', timeout: 15000 });
    await page.getByTestId('face-4').tap();
    // The rating is saved first: the thank-you heads the profile screen.
    await page.getByTestId('screen-profile').waitFor({ state: 'visible' });
    assert.match(await text('screen-profile'), /Terima kasih! Penilaian Anda sudah tersimpan\./);
    assert.ok(await visible('profile-skip'));
    // loket-1 belongs to pendaftaran, whose services (demo organisation) are the last step.
    const steps = [['gender', 'p', /Jenis kelamin Anda\?/], ['age', '30-39', /Berapa usia Anda\?/],
      ['education', 'd4-s1', /Pendidikan terakhir Anda\?/], ['occupation', 'wirausaha', /Pekerjaan utama Anda\?/],
      ['service', 'kk', /Layanan apa yang Anda terima\?/]];
    for (const [field, code, question] of steps) {
      await waitFor(async () => (await page.getByTestId('profile-choices').getAttribute('data-field')) === field,
        15000, `the ${field} question`);
      assert.match(await text('profile-question'), question);
      assert.doesNotMatch(await text('screen-profile'), /nama Anda|your name/i);
      assert.equal(await page.locator('[data-testid="screen-profile"] input, textarea').count(), 0, 'no free text');
      await atEverySize(`profile-${field}`);
      await page.getByTestId(`profile-${code}`).tap();
    }
    await page.getByTestId('screen-thanks').waitFor({ state: 'visible' });
    const stored = await waitFor(() => {
      const out = runOnce('sqlite3', [path.join(dir, 'hub.db'),
        "SELECT payload FROM events WHERE type = 'profile' ORDER BY received_ms DESC LIMIT 1"]).trim();
      return out || null;
    }, 30000, 'the profile in the hub');
    const profile = JSON.parse(stored).data;
    assert.deepEqual({ ...profile, rating: undefined }, {
      rating: undefined, counter: 'loket-1', gender: 'p', age: '30-39', education: 'd4-s1', occupation: 'wirausaha',
      service: 'kk',
    });

    // The next citizen declines in one tap: back to the question, nothing more stored.
    await page.getByTestId('screen-idle').waitFor({ state: 'visible', timeout: 15000 });
    await page.getByTestId('face-3').tap();
    await page.getByTestId('screen-profile').waitFor({ state: 'visible' });
    await page.getByTestId('profile-skip').tap();
    await page.getByTestId('screen-idle').waitFor({ state: 'visible', timeout: 15000 });
  });
});

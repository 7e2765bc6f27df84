// The follow-up (RTL) section of the dashboard in a real headless Chromium against a real pantau-hub and
// mosquitto: a supervisor accepts the proposal drawn from the weakest survey elements, the form refuses
// a due date before the period with the hub's message naming the field, a new overdue item raises the
// rtl_overdue alert, closing it with evidence clears it, and the survey report downloads as PDF and XLSX.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';

import {
  cleanup, launchBrowser, publishSealed, screenshot, startDemoHub, startMosquitto, suiteClock, tempDir, waitFor,
} from './lib/harness.mjs';

const office = 'binjai-dukcapil';
const kiosk = 'k-rtl';
const nipAgus = '198909122019121001';  // demo unit pendaftaran, counter loket-1
const supervisorPassword = 'atasan-rahasia-3';

let dir;
let broker;
let hub;
let base;
let browser;
let seq = 0;
let signer;

// A full survey answer at loket-1: U3 Waktu Penyelesaian scored 1, every other element 4.
function surveyEvent() {
  seq += 1;
  return JSON.stringify({
    v: 1, id: randomUUID(), kiosk, office, seq, prev: '0'.repeat(64), boot: 'b-rtl', mono_ms: seq * 1000,
    ts: suiteClock.now().toISOString(), clock: 'synced', type: 'rating',
    data: { counter: 'loket-1', employee: nipAgus, overall: 4, elements: [4, 4, 1, 4, 4, 4, 4, 4, 4], misuse: false },
  });
}

function publish(payload) { publishSealed(broker, signer, office, kiosk, payload, `rtl-pub-${seq}`); }

describe('follow-up (RTL) and the survey report', () => {
  before(async () => {
    dir = tempDir('rtl');
    broker = await startMosquitto(dir);
    ({ hub, base, signer } = await startDemoHub(dir, broker, {
      clientId: 'pantau-hub-rtl', office, kiosk,
      users: [{ name: 'atasan', role: 'supervisor', units: ['pendaftaran'], password: supervisorPassword }],
    }));
    for (let i = 0; i < 3; i += 1) publish(surveyEvent());
    browser = await launchBrowser();
  });

  after(async () => {
    await cleanup();
    if (hub) process.stdout.write(`hub log: ${hub.logFile}\n`);
  });

  test('a supervisor plans, edits and closes follow-up items and downloads the report', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base);
    await page.getByTestId('login-user').fill('atasan');
    await page.getByTestId('login-password').fill(supervisorPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('rtl-panel').waitFor();
    await page.getByTestId('rtl-unit').selectOption('pendaftaran');
    // 26 November 2026 by the hub's clock: the first period offered is this semester.
    assert.equal(await page.getByTestId('rtl-period').inputValue(), '2026-S2');

    // The three answers have arrived once the proposal counts them.
    await waitFor(async () => {
      const r = await page.request.get(`${base}/api/v1/rtl/proposal?unit=pendaftaran&period=2026-S2`);
      return r.ok() && (await r.json()).responses === 3;
    }, 20000, 'three survey answers stored');

    await page.getByTestId('rtl-propose').click();
    await page.getByTestId('rtl-draft-U3').waitFor();
    await page.getByTestId('rtl-accept').click();
    const rows = page.locator('[data-testid^="rtl-row-"]');
    await waitFor(async () => (await rows.count()) === 3, 10000, 'three accepted items');
    // Listed by element: U1 and U2 (the lowest of the rest, all at 4,00), then U3 (1,00, grade D).
    assert.match(await rows.nth(2).textContent(), /U3 Waktu Penyelesaian.*1,00.*mutu D/);

    // A due date before the period starts: refused, the hub's message names the field, nothing saved.
    await page.getByTestId('rtl-new-element').selectOption('U9');
    await page.getByTestId('rtl-new-problem').fill('Kursi tunggu kurang');
    await page.getByTestId('rtl-new-action').fill('Tambah 20 kursi');
    await page.getByTestId('rtl-new-owner-kind').selectOption('account');
    await page.getByTestId('rtl-new-owner').fill('atasan');
    await page.getByTestId('rtl-new-due').fill('2026-05-01');
    await page.getByTestId('rtl-new-submit').click();
    const message = page.getByTestId('rtl-message');
    await waitFor(async () => /^due:/.test(await message.textContent()), 5000, 'due refused');
    assert.equal(await rows.count(), 3);

    // Due 30 September, before today: saved, shown overdue, and the alert comes.
    await page.getByTestId('rtl-new-due').fill('2026-09-30');
    await page.getByTestId('rtl-new-submit').click();
    await waitFor(async () => (await rows.count()) === 4, 5000, 'the new item listed');
    const list = await (await page.request.get(`${base}/api/v1/rtl?unit=pendaftaran&period=2026-S2`)).json();
    const item = list.items.find((i) => i.element === 'U9');
    assert.ok(item.overdue);
    await page.getByTestId(`rtl-${item.id}-due`).getByText('lewat tenggat').waitFor();
    const alert = page.locator('[data-kind="rtl_overdue"].active');
    await alert.first().waitFor({ timeout: 15000 });
    assert.match(await alert.first().textContent(), /Tindak lanjut lewat tenggat/);
    await screenshot(page, 'rtl-overdue');

    await page.getByTestId(`rtl-${item.id}-status`).selectOption('in_progress');
    await waitFor(async () => (await message.textContent()) === 'Tersimpan', 5000, 'status saved');
    await page.getByTestId(`rtl-${item.id}-evidence`).fill('20 kursi dipasang 28 Oktober');
    // The list is re-drawn on a language switch (and whenever the live channel reconnects): what was
    // typed and not yet sent stays.
    const typedInto = await page.getByTestId(`rtl-${item.id}-evidence`).elementHandle();
    await page.getByTestId('lang-toggle').click();
    await page.getByTestId('lang-toggle').click();
    await waitFor(async () => !(await typedInto.evaluate((n) => n.isConnected)), 5000, 'the list re-drawn');
    assert.equal(await page.getByTestId(`rtl-${item.id}-evidence`).inputValue(), '20 kursi dipasang 28 Oktober');
    await page.getByTestId(`rtl-${item.id}-close`).click();
    await waitFor(async () => (await page.getByTestId(`rtl-${item.id}-status`).inputValue()) === 'done', 5000, 'closed');
    await page.locator('[data-kind="rtl_overdue"].cleared').first().waitFor({ timeout: 15000 });

    const detail = await (await page.request.get(`${base}/api/v1/rtl/${item.id}`)).json();
    assert.deepEqual(detail.audit.map((a) => [a.user, a.action]), [['atasan', 'create'], ['atasan', 'update'], ['atasan', 'close']]);

    // The report of the unit: both formats; the office's is not offered to a supervisor of one unit.
    for (const format of ['pdf', 'xlsx']) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`report-unit-${format}`).click()]);
      assert.equal(download.suggestedFilename(), `pantau-laporan-skm-pendaftaran-2026-S2.${format}`);
      const bytes = fs.readFileSync(await download.path());
      assert.equal(bytes.subarray(0, format === 'pdf' ? 5 : 2).toString(), format === 'pdf' ? '%PDF-' : 'PK');
    }
    assert.equal(await page.getByTestId('report-office-pdf').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

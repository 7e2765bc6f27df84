// The leave form of the dashboard in a real headless Chromium against a real pantau-hub and mosquitto:
// a supervisor records leave for an employee of his unit, sees it listed with who recorded it, gets
// the hub's refusal naming the field for overlapping leave and an inverted range, and is offered only
// the employees of his own unit; the hub holds exactly what was accepted.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  binDir, cleanup, loginDashboard, freePort, http, hubSigning, launchBrowser, runOnce, screenshot, startMosquitto, startProcess,
  tempDir, waitFor,
} from './lib/harness.mjs';

const nipAgus = '198909122019121001';   // demo unit pendaftaran
const nipRizky = '197302132002091005';  // pendaftaran
const nipIntan = '196807011993032004';  // pengaduan
const adminPassword = 'admin-rahasia-1';
const supervisorPassword = 'atasan-rahasia-2';

let dir;
let hub;
let base;
let browser;

function hubBinary() { return path.join(binDir, 'pantau-hub'); }

async function login(page, user, password) {
  await loginDashboard(page, base, user, password);
}

async function adminCookie() {
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: 'admin', password: adminPassword }),
  });
  assert.equal(r.status, 200);
  return r.headers.get('set-cookie').split(';')[0];
}

describe('leave form', () => {
  before(async () => {
    dir = tempDir('leave');
    const broker = await startMosquitto(dir);
    const httpPort = await freePort();
    const toml = path.join(dir, 'hub.toml');
    fs.writeFileSync(toml, [
      '[mqtt]', `url = "${broker.url}"`, 'client_id = "pantau-hub-e2e-leave"',
      '[http]', `listen = "127.0.0.1:${httpPort}"`,
      '[store]', `path = "${path.join(dir, 'hub.db')}"`,
      ...hubSigning(dir), '',
    ].join('\n'));
    runOnce(hubBinary(), ['--config', toml, 'seed-demo']);
    runOnce(hubBinary(), ['--config', toml, 'user', 'add', 'admin', '--role', 'admin', '--password-stdin'],
      { input: `${adminPassword}\n` });
    runOnce(hubBinary(), ['--config', toml, 'user', 'add', 'atasan', '--role', 'supervisor', '--unit', 'pendaftaran',
      '--password-stdin'], { input: `${supervisorPassword}\n` });
    hub = startProcess(hubBinary(), ['--config', toml], { logFile: path.join(dir, 'hub.log') });
    base = `http://127.0.0.1:${httpPort}`;
    await waitFor(async () => (await http(`${base}/healthz`)).status === 200, 20000, 'pantau-hub /healthz');
    browser = await launchBrowser();
  });

  after(async () => {
    await cleanup();
    if (hub) process.stdout.write(`hub log: ${hub.logFile}\n`);
  });

  test('a supervisor records leave, sees it listed, and gets refusals naming the field', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, 'atasan', supervisorPassword);
    await page.getByTestId('leave-panel').waitFor();

    // Only his unit's employees are offered.
    const offered = await page.getByTestId('leave-employee').locator('option').evaluateAll((os) => os.map((o) => o.value));
    assert.ok(offered.includes(nipAgus) && offered.includes(nipRizky), offered.join(','));
    assert.ok(!offered.includes(nipIntan), offered.join(','));
    // Kinds come from the hub with their labels; the ones counting as present say so.
    await waitFor(async () => (await page.getByTestId('leave-kind').locator('option').count()) === 10, 5000, '10 kinds');
    const travel = await page.getByTestId('leave-kind').locator('option[value="dinas_luar"]').textContent();
    assert.equal(travel, 'Dinas luar — dihitung hadir');
    assert.equal(await page.getByTestId('leave-empty').isVisible(), true);

    await page.getByTestId('leave-employee').selectOption(nipAgus);
    await page.getByTestId('leave-from').fill('2026-12-24');
    await page.getByTestId('leave-to').fill('2026-12-29');
    await page.getByTestId('leave-kind').selectOption('cuti_tahunan');
    await page.getByTestId('leave-note').fill('Surat cuti 800/12/2026');
    await page.getByTestId('leave-submit').click();
    const message = page.getByTestId('leave-message');
    await waitFor(async () => (await message.textContent()) === 'Tersimpan: 2026-12-24 – 2026-12-29', 5000, 'saved');
    const rows = page.getByTestId('leave-table').locator('tbody tr');
    await waitFor(async () => (await rows.count()) === 1, 5000, 'one leave row');
    const cells = await rows.first().locator('td').allTextContents();
    assert.deepEqual(cells, ['2026-12-24', '2026-12-29', 'Cuti tahunan', 'Surat cuti 800/12/2026', 'atasan', 'Berlaku']);
    assert.equal(await page.getByTestId('leave-empty').isVisible(), false);
    await screenshot(page, 'leave-form-saved');

    // Overlapping leave of the same employee: the hub's 400, shown with the field it names.
    await page.getByTestId('leave-from').fill('2026-12-29');
    await page.getByTestId('leave-to').fill('2026-12-31');
    await page.getByTestId('leave-kind').selectOption('izin');
    await page.getByTestId('leave-note').fill('Keperluan keluarga');
    await page.getByTestId('leave-submit').click();
    await waitFor(async () => (await message.textContent()).startsWith('Ditolak: from/to:'), 5000, 'overlap refused');
    assert.match(await message.textContent(), /overlaps leave 2026-12-24\.\.2026-12-29/);
    // An inverted range.
    await page.getByTestId('leave-from').fill('2027-01-10');
    await page.getByTestId('leave-to').fill('2027-01-05');
    await page.getByTestId('leave-submit').click();
    await waitFor(async () => (await message.textContent()).startsWith('Ditolak: to:'), 5000, 'inverted refused');
    assert.equal(await rows.count(), 1);

    // Another employee: his own (empty) list; the language switch keeps the form usable.
    await page.getByTestId('leave-employee').selectOption(nipRizky);
    await waitFor(async () => (await rows.count()) === 0, 5000, 'no rows for Rizky');
    await page.getByTestId('lang-toggle').click();
    await waitFor(async () => (await page.getByTestId('leave-submit').textContent()) === 'Save', 5000, 'English');
    await page.getByTestId('leave-employee').selectOption(nipAgus);
    await waitFor(async () => (await rows.count()) === 1, 5000, 'Agus again');
    assert.equal(await rows.first().locator('td').nth(2).textContent(), 'Annual leave');
    assert.deepEqual(errors, []);
    await context.close();

    // The hub holds exactly the one accepted record, with its audit trail.
    const cookie = await adminCookie();
    const list = await http(`${base}/api/v1/leave?unit=pendaftaran`, { headers: { Cookie: cookie } });
    assert.equal(list.status, 200);
    assert.equal(list.json.leave.length, 1);
    assert.equal(list.json.leave[0].created_by, 'atasan');
    assert.equal(list.json.leave[0].kind, 'cuti_tahunan');
  });

  test('a supervisor rosters a night shift in the grid; a shift running into the next day is refused', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await login(page, 'atasan', supervisorPassword);
    await page.getByTestId('roster-panel').waitFor();
    const units = await page.getByTestId('roster-unit').locator('option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(units, ['pendaftaran']);
    await page.getByTestId('roster-from').fill('2026-11-30');
    await page.getByTestId('roster-from').dispatchEvent('change');
    const monday = page.getByTestId(`roster-${nipAgus}-2026-11-30`);
    await waitFor(async () => (await monday.textContent()) === '07:30-16:00', 5000, 'the unit week on Monday');
    assert.equal(await page.getByTestId(`roster-${nipAgus}-2026-12-05`).textContent(), '-');  // Saturday

    await page.getByTestId('roster-employee').selectOption(nipAgus);
    await page.getByTestId('roster-set-from').fill('2026-11-30');
    await page.getByTestId('roster-set-to').fill('2026-11-30');
    await page.getByTestId('roster-shift').fill('22:00-06:00');
    await page.getByTestId('roster-submit').click();
    await waitFor(async () => (await monday.textContent()) === '22:00-06:00', 5000, 'night shift shown');
    assert.equal(await monday.getAttribute('class'), 'rostered');
    assert.equal(await page.getByTestId('roster-message').textContent(), 'Tersimpan, hari: 1');

    // Tuesday night until 08:00 runs into Wednesday's 07:30 start: refused, nothing changes.
    await page.getByTestId('roster-set-from').fill('2026-12-01');
    await page.getByTestId('roster-set-to').fill('2026-12-01');
    await page.getByTestId('roster-shift').fill('22:00-08:00');
    await page.getByTestId('roster-submit').click();
    const message = page.getByTestId('roster-message');
    await waitFor(async () => /runs into the next day's shift 07:30-16:00/.test(await message.textContent()), 5000,
      'clash refused');
    assert.equal(await page.getByTestId(`roster-${nipAgus}-2026-12-01`).textContent(), '07:30-16:00');
    // The leave recorded before shows in the grid.
    await page.getByTestId('roster-from').fill('2026-12-22');
    await page.getByTestId('roster-from').dispatchEvent('change');
    await waitFor(async () => (await page.getByTestId(`roster-${nipAgus}-2026-12-24`).textContent()) === '07:30-16:00 ✱',
      5000, 'leave marked');
    await screenshot(page, 'roster-grid');
    assert.deepEqual(errors, []);
    await context.close();
  });
});

// The supervisors' dashboard: login, office overview (a card per unit), unit -> counters and
// employees -> one employee, kiosk fleet, live alerts, appraisal, charts. Everything after the first
// load comes from the /api/v1/live channel: a "kpi" frame re-fetches only that unit's numbers (coalesced),
// "kiosk" and "alert" frames update their rows in place. The page never needs a reload, also across
// midnight (a timer notices the new day) and hub restarts (the channel reconnects and re-fetches).
import { api, ApiError, onUnauthorized, query } from './api.js';
import { CheckinsChart, SatisfactionChart, ianaOf } from './charts.js';
import {
  applyStatic, fmtDate, fmtDateTime, fmtDec, fmtDuration, fmtInt, fmtPct, language, officialTerm, setLanguage, t,
} from './i18n.js';
import { LiveChannel } from './live.js';
import { hubNow, syncWithHub } from './hub_clock.js';

const $ = (sel, root = document) => root.querySelector(sel);
const tid = (id, root = document) => root.querySelector(`[data-testid="${id}"]`);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'testid') node.dataset.testid = v;
    else if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) node.append(c);
  return node;
}

// ---- state ---------------------------------------------------------------------------------------

const state = {
  session: null,          // {user, role, units}
  org: { offices: [], units: [], counters: [], employees: [] },
  unitKpi: new Map(),     // unit -> /kpi answer for today
  officeKpi: new Map(),   // office -> /kpi answer for today (admins)
  kiosks: new Map(),      // "office/kiosk" -> row
  alerts: new Map(),      // id -> alert
  alertsAvailable: true,
  selectedUnit: null,
  selectedEmployee: null,
  today: new Map(),       // office -> "YYYY-MM-DD" the numbers were fetched for
  generation: 0,          // bumps on logout: late answers of the old session are dropped
};

let live = null;
let checkinsChart = null;
let satisfactionChart = null;

// ---- time of the office ----------------------------------------------------------------------------

const zoneAbbr = { 'asia/jakarta': 'WIB', 'asia/pontianak': 'WIB', 'asia/makassar': 'WITA', 'asia/jayapura': 'WIT' };
function normaliseZone(z) {
  if (!z) return 'WIB';
  const s = String(z);
  if (s.includes('/')) return zoneAbbr[s.toLowerCase()] ?? 'WIB';
  const up = s.toUpperCase();
  return up === 'WITA' || up === 'WIT' ? up : 'WIB';
}

function officeOf(id) { return state.org.offices.find((o) => o.office === id); }
function zoneOfOffice(id) { return officeOf(id)?.zone ?? 'WIB'; }
function unitOf(id) { return state.org.units.find((u) => u.unit === id); }

function todayIn(zone) {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: ianaOf(zone), year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(hubNow());
}
function todayOfUnit(unit) { return todayIn(zoneOfOffice(unitOf(unit)?.office)); }
function addDays(ymd, n) {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

// ---- coalescing ---------------------------------------------------------------------------------------

// The first request for `key` starts a timer of `ms`; more requests meanwhile ride along. Not a
// debounce: a unit busy enough to send a frame every 250 ms would postpone a debounce forever.
const timers = new Map();
function coalesce(key, ms, fn) {
  if (timers.has(key)) return;
  timers.set(key, setTimeout(() => { timers.delete(key); fn(); }, ms));
}
// Answers can overtake each other; only the newest request of a kind (and of this session) may paint.
const latest = new Map();
function fresh(key) {
  const n = (latest.get(key) ?? 0) + 1;
  latest.set(key, n);
  const gen = state.generation;
  return () => latest.get(key) === n && gen === state.generation;
}

function now(key, fn) {
  clearTimeout(timers.get(key));
  timers.delete(key);
  fn();
}

// ---- login -------------------------------------------------------------------------------------------

function showLogin() {
  state.generation += 1;
  if (live) { live.stop(); live = null; }
  tid('dashboard').hidden = true;
  tid('login-panel').hidden = false;
  tid('logout').hidden = true;
  tid('current-user').hidden = true;
  setLive('closed');
  tid('login-user').focus();
}

async function submitLogin(ev) {
  ev.preventDefault();
  const err = tid('login-error');
  err.hidden = true;
  const user = tid('login-user').value.trim();
  const password = tid('login-password').value;
  try {
    const who = await api.post('/api/v1/session', { user, password });
    tid('login-password').value = '';
    await startDashboard(who);
  } catch (e) {
    err.textContent = e instanceof ApiError && e.status === 401 ? t('login_failed')
      : e instanceof ApiError && e.status === 429 ? t('login_throttled') : `${t('login_error')}: ${e.message}`;
    err.hidden = false;
  }
}

async function logout() {
  try { await api.del('/api/v1/session'); } catch { /* gone already */ }
  showLogin();
}

// ---- organisation ------------------------------------------------------------------------------------

// GET /api/v1/org when the hub has it; otherwise the units are read off the employee list (names then
// are the unit ids and counters are unknown).
async function loadOrg() {
  let org;
  try {
    org = await api.get('/api/v1/org');
  } catch (e) {
    if (!(e instanceof ApiError) || (e.status !== 404 && e.status !== 405)) throw e;
    const employees = await api.get('/api/v1/employees');
    const units = new Map();
    for (const e2 of employees) if (!units.has(e2.unit)) units.set(e2.unit, { unit: e2.unit, office: e2.office, name: e2.unit });
    const offices = [...new Set(employees.map((e2) => e2.office).filter(Boolean))].map((o) => ({ office: o, name: o }));
    org = { offices, units: [...units.values()], counters: [], employees };
  }
  const visible = (u) => state.session.role === 'admin' || state.session.units.includes(u);
  const units = (org.units ?? []).filter((u) => visible(u.unit));
  const officeIds = new Set(units.map((u) => u.office));
  const offices = (org.offices ?? []).filter((o) => officeIds.has(o.office))
    .map((o) => ({ ...o, zone: normaliseZone(o.zone ?? o.tz ?? o.time_zone) }));
  for (const id of officeIds) if (!offices.some((o) => o.office === id)) offices.push({ office: id, name: id, zone: 'WIB' });
  state.org = {
    offices,
    units,
    counters: (org.counters ?? []).filter((c) => visible(c.unit)),
    employees: (org.employees ?? []).filter((e2) => visible(e2.unit)),
  };
}

// ---- overview ------------------------------------------------------------------------------------------

const metricDefs = [
  ['on_time', 'on_time'], ['tl', 'late'], ['psw', 'early_leave'], ['ikm', 'ikm'],
  ['csat', 'csat'], ['responses', 'responses'], ['served', 'served'], ['mean', 'mean_service'],
];

function buildCard(kind, id, title) {
  const prefix = `${kind}-${id}`;
  const metrics = metricDefs.map(([k, label]) => el('div', { class: 'metric' },
    el('span', { class: 'label', 'data-i18n': label }, t(label)),
    el('span', { class: 'value', testid: `${prefix}-${k}` }, '—'),
    k === 'ikm' ? el('span', { class: 'grade', testid: `${prefix}-grade` }) : null));
  const card = el('article', { class: `card ${kind}`, testid: `${kind}-card-${id}`, tabindex: kind === 'unit' ? '0' : null, role: kind === 'unit' ? 'button' : null },
    el('h3', {}, title),
    el('div', { class: 'headline' },
      el('span', { class: 'big', testid: `${prefix}-present` }, '—'),
      el('span', { class: 'sep' }, ' / '),
      el('span', { class: 'big soft', testid: `${prefix}-expected` }, '—'),
      el('span', { class: 'label', 'data-i18n': 'present_expected' }, t('present_expected'))),
    el('div', { class: 'metrics' }, metrics),
    el('p', { class: 'error small', testid: `${prefix}-error`, hidden: true }));
  if (kind === 'unit') {
    card.addEventListener('click', () => selectUnit(id));
    card.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); selectUnit(id); } });
  }
  return card;
}

function renderCards() {
  const box = tid('unit-cards');
  box.textContent = '';
  if (state.org.units.length === 0) {
    box.append(el('p', { class: 'muted', testid: 'no-units', 'data-i18n': 'no_units' }, t('no_units')));
    return;
  }
  if (state.session.role === 'admin') {
    for (const o of state.org.offices) box.append(buildCard('office', o.office, `${o.name || o.office} — ${t('office_total')}`));
  }
  for (const u of state.org.units) box.append(buildCard('unit', u.unit, u.name || u.unit));
}

function sum(obj) { return Object.values(obj ?? {}).reduce((a, b) => a + (Number(b) || 0), 0); }

function fillCard(kind, id, k) {
  const prefix = `${kind}-${id}`;
  const set = (key, text) => { const n = tid(`${prefix}-${key}`); if (n) n.textContent = text; };
  const a = k.attendance;
  const s = k.satisfaction;
  const v = k.service;
  set('present', fmtInt(a.present));
  set('expected', fmtInt(a.expected));
  set('on_time', fmtInt(a.on_time));
  set('tl', fmtInt(sum(a.late)));
  set('psw', fmtInt(sum(a.early_leave)));
  const index = s.ikm ?? s.quick_index;
  set('ikm', fmtDec(index));
  set('grade', s.ikm != null ? (s.grade ?? '') : (s.quick_grade ?? ''));
  const gradeEl = tid(`${prefix}-grade`);
  if (gradeEl) gradeEl.dataset.grade = (s.ikm != null ? s.grade : s.quick_grade) ?? '';
  set('csat', fmtPct(s.csat));
  set('responses', fmtInt(s.responses));
  set('served', fmtInt(v.served));
  set('mean', fmtDuration(v.mean_s));
  const err = tid(`${prefix}-error`);
  if (err) err.hidden = true;
}

function cardError(kind, id, e) {
  const err = tid(`${kind}-${id}-error`);
  if (!err) return;
  err.textContent = e instanceof ApiError && e.status === 403 ? t('forbidden') : `${t('load_failed')}: ${e.message}`;
  err.hidden = false;
}

async function kpi(scope, id, from, to, extra = {}) {
  return api.get(`/api/v1/kpi?${query({ scope, id, from, to, ...extra })}`);
}

function stamp() {
  const zone = state.org.offices[0]?.zone ?? 'WIB';
  tid('updated-at').textContent = new Intl.DateTimeFormat(language() === 'en' ? 'en-GB' : 'id-ID',
    { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: ianaOf(zone) }).format(hubNow());
}

async function refreshUnit(unit) {
  const current = fresh(`unit:${unit}`);
  const day = todayOfUnit(unit);
  try {
    const k = await kpi('unit', unit, day, day);
    if (!current()) return;
    state.unitKpi.set(unit, k);
    fillCard('unit', unit, k);
    stamp();
  } catch (e) {
    if (current()) cardError('unit', unit, e);
  }
}

async function refreshOffice(office) {
  if (state.session.role !== 'admin') return;
  const current = fresh(`office:${office}`);
  const day = todayIn(zoneOfOffice(office));
  try {
    const k = await kpi('office', office, day, day);
    if (!current()) return;
    state.officeKpi.set(office, k);
    fillCard('office', office, k);
  } catch (e) {
    if (current()) cardError('office', office, e);
  }
}

function todayLabel() {
  const first = state.org.offices[0];
  tid('today-label').textContent = first ? fmtDate(todayIn(first.zone)) : '';
}

// ---- unit and employee drill-down ------------------------------------------------------------------

async function selectUnit(unit) {
  state.selectedUnit = unit;
  state.selectedEmployee = null;
  for (const c of document.querySelectorAll('.card.unit')) c.classList.toggle('selected', c.dataset.testid === `unit-card-${unit}`);
  const panel = tid('unit-detail');
  panel.hidden = false;
  tid('unit-detail-name').textContent = unitOf(unit)?.name ?? unit;
  tid('employee-detail').hidden = true;
  await refreshDetail();
  chartsNow();
  panel.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

function closeDetail() {
  state.selectedUnit = null;
  state.selectedEmployee = null;
  tid('unit-detail').hidden = true;
  for (const c of document.querySelectorAll('.card.unit')) c.classList.remove('selected');
  chartsNow();
}

function bandOf(a) {
  const late = Object.entries(a.late ?? {}).find(([, n]) => n > 0);
  const early = Object.entries(a.early_leave ?? {}).find(([, n]) => n > 0);
  const parts = [];
  if (a.present > 0 && a.on_time > 0) parts.push(t('on_time'));
  if (late) parts.push(late[0]);
  if (early) parts.push(early[0]);
  if (a.present === 0 && a.expected > 0) parts.push(t('absent'));
  return parts.join(', ') || t('none');
}

async function refreshDetail() {
  const unit = state.selectedUnit;
  if (!unit) return;
  const current = fresh('detail');
  const day = todayOfUnit(unit);
  const office = unitOf(unit)?.office;
  const counters = state.org.counters.filter((c) => c.unit === unit);
  const employees = state.org.employees.filter((e) => e.unit === unit);
  const [counterRows, employeeRows] = await Promise.all([
    Promise.all(counters.map((c) => kpi('counter', c.counter, day, day, { office: c.office ?? office }).catch((e) => e))),
    Promise.all(employees.map((e) => kpi('employee', e.nip, day, day).catch((err) => err))),
  ]);
  if (!current() || unit !== state.selectedUnit) return;

  const cbody = $('tbody', tid('counter-table'));
  cbody.textContent = '';
  if (counters.length === 0) {
    cbody.append(el('tr', {}, el('td', { colspan: '6', class: 'muted', 'data-i18n': 'no_counters' }, t('no_counters'))));
  }
  counters.forEach((c, i) => {
    const k = counterRows[i];
    if (k instanceof Error) {
      cbody.append(el('tr', { testid: `counter-row-${c.counter}` }, el('td', {}, c.counter), el('td', { colspan: '5', class: 'error' }, k.message)));
      return;
    }
    const s = k.satisfaction;
    cbody.append(el('tr', { testid: `counter-row-${c.counter}` },
      el('td', {}, c.counter),
      el('td', { class: 'num', testid: `counter-${c.counter}-responses` }, fmtInt(s.responses)),
      el('td', { class: 'num' }, `${fmtDec(s.ikm ?? s.quick_index)} ${s.ikm != null ? (s.grade ?? '') : (s.quick_grade ?? '')}`),
      el('td', { class: 'num' }, fmtPct(s.csat)),
      el('td', { class: 'num', testid: `counter-${c.counter}-served` }, fmtInt(k.service.served)),
      el('td', { class: 'num' }, fmtDuration(k.service.mean_s))));
  });

  const ebody = $('tbody', tid('employee-table'));
  ebody.textContent = '';
  employees.forEach((e, i) => {
    const k = employeeRows[i];
    const ok = !(k instanceof Error);
    ebody.append(el('tr', {
      testid: `employee-row-${e.nip}`, tabindex: '0',
      class: state.selectedEmployee === e.nip ? 'selected' : null,
      onclick: () => selectEmployee(e.nip),
      onkeydown: (ev) => { if (ev.key === 'Enter') selectEmployee(e.nip); },
    },
    el('td', {}, e.name),
    el('td', { class: 'mono' }, e.nip),
    el('td', { testid: `employee-${e.nip}-band` }, ok ? bandOf(k.attendance) : k.message),
    el('td', { class: 'num' }, ok ? fmtInt(k.satisfaction.responses) : ''),
    el('td', { class: 'num' }, ok ? fmtInt(k.service.served) : '')));
  });
  if (state.selectedEmployee) await refreshEmployee();
}

async function selectEmployee(nip) {
  state.selectedEmployee = nip;
  for (const r of tid('employee-table').querySelectorAll('tbody tr')) r.classList.toggle('selected', r.dataset.testid === `employee-row-${nip}`);
  await refreshEmployee();
}

async function refreshEmployee() {
  const nip = state.selectedEmployee;
  if (!nip) return;
  const gen = state.generation;
  const box = tid('employee-detail');
  box.hidden = false;
  try {
    const who = await api.get(`/api/v1/employees/${encodeURIComponent(nip)}`);
    const day = todayOfUnit(who.unit);
    const monthStart = `${day.slice(0, 8)}01`;
    const [today, month] = await Promise.all([kpi('employee', nip, day, day), kpi('employee', nip, monthStart, day)]);
    if (gen !== state.generation || nip !== state.selectedEmployee) return;
    const column = (label, k) => el('div', { class: 'emp-col' },
      el('h4', { 'data-i18n': label }, t(label)),
      el('dl', {},
        el('dt', {}, t('attendance')), el('dd', {}, `${fmtInt(k.attendance.present)} / ${fmtInt(k.attendance.expected)} · ${bandOf(k.attendance)}`),
        el('dt', {}, t('late')), el('dd', {}, fmtInt(sum(k.attendance.late))),
        el('dt', {}, t('early_leave')), el('dd', {}, fmtInt(sum(k.attendance.early_leave))),
        el('dt', {}, t('absent')), el('dd', {}, fmtInt(k.attendance.absent)),
        el('dt', {}, t('responses')), el('dd', {}, fmtInt(k.satisfaction.responses)),
        el('dt', {}, `${t('ikm')} / ${t('quick_index')}`), el('dd', {}, `${fmtDec(k.satisfaction.ikm)} / ${fmtDec(k.satisfaction.quick_index)}`),
        el('dt', {}, t('csat')), el('dd', {}, fmtPct(k.satisfaction.csat)),
        el('dt', {}, t('served')), el('dd', {}, fmtInt(k.service.served)),
        el('dt', {}, t('mean_service')), el('dd', {}, fmtDuration(k.service.mean_s))));
    box.textContent = '';
    box.append(
      el('h3', {}, el('span', { 'data-i18n': 'employee_detail' }, t('employee_detail')), ': ',
        el('span', { testid: 'employee-detail-name' }, who.name), ' ',
        el('span', { class: 'mono muted', testid: 'employee-detail-nip' }, who.nip)),
      el('div', { class: 'emp-cols' }, column('today', today), column('this_month', month)));
  } catch (e) {
    if (gen !== state.generation) return;
    box.textContent = e instanceof ApiError && e.status === 403 ? t('forbidden') : `${t('load_failed')}: ${e.message}`;
  }
}

// ---- kiosks --------------------------------------------------------------------------------------------

function kioskKey(k) { return `${k.office}/${k.kiosk}`; }

// A kiosk registered ahead of its installation has never spoken: neither online nor offline yet.
function kioskStatePill(k) {
  if (!k.last_seen && !k.events) return el('span', { class: 'pill never' }, t('never_seen'));
  return el('span', { class: `pill ${k.state}` }, t(k.state === 'online' ? 'online' : 'offline'));
}

function kioskRow(k) {
  const zone = zoneOfOffice(k.office);
  return el('tr', { testid: `kiosk-row-${k.kiosk}`, 'data-key': kioskKey(k), class: k.state === 'online' ? 'online' : 'offline' },
    el('td', { class: 'mono' }, k.kiosk),
    el('td', { class: 'mono', title: officeOf(k.office)?.name ?? k.office }, k.office),
    el('td', { testid: `kiosk-${k.kiosk}-state` }, kioskStatePill(k)),
    el('td', { class: 'num', testid: `kiosk-${k.kiosk}-backlog` }, fmtInt(k.backlog)),
    el('td', { testid: `kiosk-${k.kiosk}-clock` }, k.clock ? t(k.clock === 'synced' ? 'synced' : 'unsynced') : t('none')),
    el('td', { testid: `kiosk-${k.kiosk}-last-seen` }, fmtDateTime(k.last_seen, ianaOf(zone))));
}

function renderKiosks() {
  const body = $('tbody', tid('kiosk-table'));
  body.textContent = '';
  const rows = [...state.kiosks.values()].sort((a, b) => kioskKey(a).localeCompare(kioskKey(b)));
  for (const k of rows) body.append(kioskRow(k));
  tid('kiosks-empty').hidden = rows.length > 0;
}

function upsertKiosk(k) {
  if (!k || !k.kiosk) return;
  state.kiosks.set(kioskKey(k), { ...(state.kiosks.get(kioskKey(k)) ?? {}), ...k });
  const body = $('tbody', tid('kiosk-table'));
  const existing = body.querySelector(`tr[data-key="${CSS.escape(kioskKey(k))}"]`);
  if (existing) existing.replaceWith(kioskRow(state.kiosks.get(kioskKey(k))));
  else renderKiosks();
  tid('kiosks-empty').hidden = true;
}

// Admins register kiosks ahead of installation (hub.toml auto_register = false keeps strangers out).
function renderKioskForm() {
  const form = tid('kiosk-add-form');
  form.hidden = state.session?.role !== 'admin';
  if (form.hidden) return;
  const select = tid('kiosk-add-office');
  const chosen = select.value;
  select.textContent = '';
  for (const o of state.org.offices) select.append(el('option', { value: o.office }, `${o.name} (${o.office})`));
  if (chosen) select.value = chosen;
}

async function submitKiosk(ev) {
  ev.preventDefault();
  const office = tid('kiosk-add-office').value;
  const name = tid('kiosk-add-name').value.trim();
  const message = tid('kiosk-add-message');
  const known = state.kiosks.has(`${office}/${name}`);
  try {
    const row = await api.post('/api/v1/kiosks', { office, kiosk: name });
    upsertKiosk(row);
    message.textContent = `${office}/${name}: ${t(known ? 'kiosk_already_registered' : 'kiosk_registered')}`;
    tid('kiosk-add-name').value = '';
  } catch (e) {
    message.textContent = `${t('register_failed')}: ${e.message}`;
  }
}

async function refreshKiosks() {
  const gen = state.generation;
  try {
    const list = await api.get('/api/v1/kiosks');
    if (gen !== state.generation) return;
    state.kiosks = new Map(list.map((k) => [kioskKey(k), k]));
    renderKiosks();
  } catch { /* the table keeps what it had */ }
}

// ---- alerts --------------------------------------------------------------------------------------------

function renderAlerts() {
  const list = tid('alert-list');
  list.textContent = '';
  const all = [...state.alerts.values()].sort((a, b) => {
    if ((a.state === 'active') !== (b.state === 'active')) return a.state === 'active' ? -1 : 1;
    return String(b.raised_at).localeCompare(String(a.raised_at));
  }).slice(0, 50);
  for (const a of all) {
    const zone = ianaOf(zoneOfOffice(a.office));
    list.append(el('li', { testid: `alert-${a.id}`, class: `alert ${a.state}`, 'data-kind': a.kind },
      el('div', { class: 'alert-head' },
        el('strong', {}, t(`kind_${a.kind}`) === `kind_${a.kind}` ? String(a.kind) : t(`kind_${a.kind}`)),
        el('span', { class: `pill ${a.state}` }, t(a.state === 'active' ? 'alert_active' : 'alert_cleared'))),
      el('div', {}, [a.subject, a.unit ? (unitOf(a.unit)?.name ?? a.unit) : null].filter(Boolean).join(' · ')),
      a.message ? el('div', { class: 'small' }, a.message) : null,
      el('div', { class: 'small muted' }, fmtDateTime(a.raised_at, zone), a.cleared_at ? ` → ${fmtDateTime(a.cleared_at, zone)}` : '')));
  }
  tid('alerts-empty').hidden = !state.alertsAvailable || all.some((a) => a.state === 'active');
  tid('alerts-unavailable').hidden = state.alertsAvailable;
}

async function refreshAlerts() {
  const gen = state.generation;
  try {
    const list = await api.get('/api/v1/alerts?state=all');
    if (gen !== state.generation) return;
    state.alertsAvailable = true;
    state.alerts = new Map((Array.isArray(list) ? list : []).map((a) => [a.id, a]));
  } catch (e) {
    if (gen !== state.generation) return;
    // 404: this hub has no alerts endpoint (yet); live alert frames still show up if they come.
    if (e instanceof ApiError && e.status === 404) state.alertsAvailable = false;
  }
  renderAlerts();
}

function onAlert(a) {
  if (!a || !a.id) return;
  state.alertsAvailable = true;
  state.alerts.set(a.id, { ...(state.alerts.get(a.id) ?? {}), ...a });
  // A wall screen runs for weeks: keep every active alert but only the newest cleared ones.
  const cleared = [...state.alerts.values()].filter((x) => x.state !== 'active');
  if (cleared.length > 200) {
    cleared.sort((x, y) => String(x.raised_at).localeCompare(String(y.raised_at)));
    for (const old of cleared.slice(0, cleared.length - 200)) state.alerts.delete(old.id);
  }
  renderAlerts();
}

// ---- appraisal -----------------------------------------------------------------------------------------

function periodOptions() {
  // The periods of the office's today as the hub counts it.
  const [y, m] = todayIn(state.org.offices[0]?.zone ?? 'WIB').split('-').map(Number);
  const now = new Date(Date.UTC(y, m - 1, 15));
  const s = m <= 6 ? 1 : 2;
  const prev = s === 1 ? `${y - 1}-S2` : `${y}-S1`;
  const month = `${y}-${String(m).padStart(2, '0')}`;
  return [
    [`${y}-S${s}`, `${t('semester')} ${s === 1 ? 'I' : 'II'} ${y}`],
    [prev, `${t('semester')} ${s === 1 ? 'II' : 'I'} ${s === 1 ? y - 1 : y}`],
    [month, `${t('month')} ${new Intl.DateTimeFormat(language() === 'en' ? 'en-GB' : 'id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(now)}`],
    [`${y}`, `${t('year')} ${y}`],
  ];
}

function renderPeriodSelect() {
  const sel = tid('appraisal-period');
  const current = sel.value;
  sel.textContent = '';
  for (const [value, label] of periodOptions()) sel.append(el('option', { value }, label));
  if (current && [...sel.options].some((o) => o.value === current)) sel.value = current;
}

async function refreshAppraisal() {
  const current = fresh('appraisal');
  const period = tid('appraisal-period').value;
  const table = tid('appraisal-table');
  const show = (which) => {
    for (const id of ['appraisal-unavailable', 'appraisal-empty', 'appraisal-error']) tid(id).hidden = id !== which;
    table.hidden = which !== 'table';
  };
  try {
    const data = await api.get(`/api/v1/appraisal?${query({ period })}`);
    if (!current()) return;
    const best = new Set(data.berprestasi ?? []);
    const coach = new Set(data.perlu_pembinaan ?? []);
    const body = $('tbody', table);
    body.textContent = '';
    for (const e of data.employees ?? []) {
      body.append(el('tr', { testid: `appraisal-row-${e.nip}`, class: best.has(e.nip) ? 'best' : coach.has(e.nip) ? 'coach' : null },
        el('td', { class: 'mono' }, e.nip),
        el('td', {}, e.name, best.has(e.nip) ? el('span', { class: 'pill best' }, t('berprestasi')) : null,
          coach.has(e.nip) ? el('span', { class: 'pill coach' }, t('perlu_pembinaan')) : null),
        el('td', {}, unitOf(e.unit)?.name ?? e.unit),
        el('td', { testid: `appraisal-${e.nip}-recommended`, class: e.recommended ? null : 'muted small' },
          e.recommended ? officialTerm(e.recommended) : e.error ?? t('none')),
        el('td', {}, e.results_rating ? officialTerm(e.results_rating) : t('none')),
        el('td', {}, e.behaviour_rating ? officialTerm(e.behaviour_rating) : t('none')),
        el('td', {}, e.calculation ? el('details', {}, el('summary', {}, t('calculation')), el('pre', {}, e.calculation)) : t('none'))));
    }
    show((data.employees ?? []).length ? 'table' : 'appraisal-empty');
  } catch (e) {
    if (!current()) return;
    if (e instanceof ApiError && e.status === 404) {
      show('appraisal-unavailable');
    } else {
      tid('appraisal-error').textContent = `${t('load_failed')}: ${e.message}`;
      show('appraisal-error');
    }
  }
}

// ---- charts --------------------------------------------------------------------------------------------

// The charts follow the selected unit; without one, the admin sees whole offices and others their units.
function chartScopes() {
  if (state.selectedUnit) return [{ scope: 'unit', id: state.selectedUnit, zone: zoneOfOffice(unitOf(state.selectedUnit)?.office) }];
  if (state.session.role === 'admin') return state.org.offices.map((o) => ({ scope: 'office', id: o.office, zone: o.zone }));
  return state.org.units.map((u) => ({ scope: 'unit', id: u.unit, zone: zoneOfOffice(u.office) }));
}

async function refreshCheckins() {
  const current = fresh('checkins');
  const scopes = chartScopes();
  if (scopes.length === 0) return;
  try {
    const parts = await Promise.all(scopes.map((s) => api.get(`/api/v1/checkins?${query({ scope: s.scope, id: s.id, date: todayIn(s.zone) })}`)));
    if (!current()) return;
    const minutes = parts.flatMap((p) => p.minutes).sort((a, b) => a - b);
    const expected = parts.reduce((a, p) => a + p.expected, 0);
    checkinsChart.update({ date: parts[0].date, zone: parts[0].zone, minutes, expected });
    tid('chart-checkins').dataset.count = String(minutes.length);
  } catch { /* the chart keeps its last picture */ }
}

async function refreshTrend() {
  const current = fresh('trend');
  const scopes = chartScopes();
  if (scopes.length === 0) return;
  try {
    const series = await Promise.all(scopes.map((s) => {
      const to = todayIn(s.zone);
      return api.get(`/api/v1/kpi/daily?${query({ scope: s.scope, id: s.id, from: addDays(to, -29), to })}`);
    }));
    if (!current()) return;
    // Several scopes: each day's index and share weighted by its responses.
    const days = series[0].map((d, i) => {
      let n = 0; let idx = 0; let cs = 0;
      for (const s of series) {
        const p = s[i];
        const v = p.ikm ?? p.quick_index;
        if (p.responses > 0 && v != null) { n += p.responses; idx += v * p.responses; cs += (p.csat ?? 0) * p.responses; }
      }
      return { date: d.date, responses: n, ikm: n ? idx / n : null, csat: n ? cs / n : null };
    });
    satisfactionChart.update(days);
  } catch { /* the chart keeps its last picture */ }
}

function chartsNow() {
  now('checkins', refreshCheckins);
  now('trend', refreshTrend);
}

// ---- live ----------------------------------------------------------------------------------------------

function setLive(s) {
  const box = tid('live-status');
  box.dataset.state = s;
  const text = $('.live-text', box);
  text.dataset.i18n = s === 'open' ? 'live_open' : s === 'connecting' ? 'live_connecting' : 'live_closed';
  text.textContent = t(text.dataset.i18n);
}

function onFrame(f) {
  switch (f.type) {
    case 'kpi': {
      if (f.scope !== 'unit' || !unitOf(f.id)) return;
      // Only today's numbers are on screen; an older day (a late kiosk) moves the trend only.
      if (!f.date || f.date === todayOfUnit(f.id)) {
        coalesce(`unit:${f.id}`, 200, () => refreshUnit(f.id));
        const office = unitOf(f.id).office;
        coalesce(`office:${office}`, 400, () => refreshOffice(office));
        if (state.selectedUnit === f.id) coalesce('detail', 500, refreshDetail);
        coalesce('checkins', 1000, refreshCheckins);
      }
      coalesce('trend', 5000, refreshTrend);
      break;
    }
    case 'kiosk':
      upsertKiosk(f.kiosk);
      break;
    case 'alert':
      onAlert(f.alert);
      break;
    default:
      break;
  }
}

// ---- start ---------------------------------------------------------------------------------------------

async function refreshAll() {
  for (const o of state.org.offices) state.today.set(o.office, todayIn(o.zone));
  todayLabel();
  await Promise.all([
    ...state.org.units.map((u) => refreshUnit(u.unit)),
    ...state.org.offices.map((o) => refreshOffice(o.office)),
    refreshKiosks(),
    refreshAlerts(),
    refreshAppraisal(),
    refreshDetail(),
  ]);
  chartsNow();
}

async function startDashboard(who) {
  syncWithHub(who.now);
  state.session = { user: who.user, role: who.role, units: who.units ?? [] };
  state.generation += 1;
  tid('login-panel').hidden = true;
  tid('dashboard').hidden = false;
  tid('logout').hidden = false;
  const userBox = tid('current-user');
  userBox.textContent = `${who.user} (${t(`role_${who.role}`)})`;
  userBox.hidden = false;
  try {
    await loadOrg();
    tid('overview-error').hidden = true;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return;
    tid('overview-error').textContent = `${t('load_failed')}: ${e.message}`;
    tid('overview-error').hidden = false;
  }
  renderCards();
  renderPeriodSelect();
  renderKioskForm();
  if (!checkinsChart) checkinsChart = new CheckinsChart(tid('chart-checkins'));
  if (!satisfactionChart) satisfactionChart = new SatisfactionChart(tid('chart-satisfaction'));
  // The channel's first open re-fetches everything, so numbers are never older than the channel.
  if (live) live.stop();
  live = new LiveChannel({ onFrame, onState: setLive, onOpen: () => { refreshAll(); } });
  live.start();
  await refreshAll();
  document.body.dataset.ready = 'true';
}

// Re-draws everything language-dependent from state, without asking the hub again.
function rerender() {
  applyStatic();
  tid('lang-toggle').textContent = t('language');
  setLive(tid('live-status').dataset.state);
  if (!state.session) return;
  tid('current-user').textContent = `${state.session.user} (${t(`role_${state.session.role}`)})`;
  renderCards();
  for (const [unit, k] of state.unitKpi) fillCard('unit', unit, k);
  for (const [office, k] of state.officeKpi) fillCard('office', office, k);
  if (state.selectedUnit) {
    for (const c of document.querySelectorAll('.card.unit')) c.classList.toggle('selected', c.dataset.testid === `unit-card-${state.selectedUnit}`);
  }
  todayLabel();
  renderKiosks();
  renderKioskForm();
  renderAlerts();
  renderPeriodSelect();
  refreshDetail();
  refreshAppraisal();
  chartsNow();
}

function watchTheDay() {
  // Across midnight the overview must move to the new day by itself (wall screens run for weeks).
  setInterval(() => {
    if (!state.session) return;
    const changed = state.org.offices.some((o) => state.today.get(o.office) !== todayIn(o.zone));
    if (changed) refreshAll();
  }, 30000);
}

async function main() {
  document.documentElement.lang = language();
  applyStatic();
  tid('lang-toggle').textContent = t('language');
  tid('lang-toggle').addEventListener('click', () => {
    setLanguage(language() === 'id' ? 'en' : 'id');
    rerender();
  });
  tid('login-form').addEventListener('submit', submitLogin);
  tid('kiosk-add-form').addEventListener('submit', submitKiosk);
  tid('logout').addEventListener('click', logout);
  tid('unit-detail-close').addEventListener('click', closeDetail);
  tid('appraisal-period').addEventListener('change', refreshAppraisal);
  onUnauthorized(() => { if (!tid('dashboard').hidden) showLogin(); });
  watchTheDay();
  try {
    const who = await api.get('/api/v1/session');
    await startDashboard(who);
  } catch {
    showLogin();
  }
}

main();

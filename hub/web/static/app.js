// The supervisors' dashboard: login, office overview (a card per unit), unit -> counters and
// employees -> one employee, kiosk fleet, live alerts, appraisal, charts. Everything after the first
// load comes from the /api/v1/live channel: a "kpi" frame re-fetches only that unit's numbers (coalesced),
// "kiosk" and "alert" frames update their rows in place. The page never needs a reload, also across
// midnight (a timer notices the new day) and hub restarts (the channel reconnects and re-fetches).
import { api, ApiError, onUnauthorized } from './api.js';
import { refreshAlerts, onAlert, renderAlerts } from './alerts.js';
import { refreshAppraisal, renderPeriodSelect } from './appraisal.js';
import { refreshRtl, renderRtlControls, wireRtl } from './rtl.js';
import { chartsNow, createCharts, refreshCheckins, refreshTrend } from './chart_views.js';
import { closeDetail, refreshDetail } from './detail.js';
import { $, tid } from './dom.js';
import { syncWithHub } from './hub_clock.js';
import { applyStatic, language, setLanguage, t } from './i18n.js';
import { refreshKiosks, renderKioskForm, renderKiosks, submitKiosk, upsertKiosk } from './kiosks.js';
import { refreshLeaveList, renderLeaveForm, submitLeave } from './leave.js';
import { LiveChannel } from './live.js';
import { renderRosterPanel, watchRosterInputs } from './roster.js';
import { refreshReviews, renderReviews } from './reviews.js';
import { fillCard, refreshOffice, refreshUnit, renderCards, todayLabel } from './overview.js';
import { coalesce, state, todayIn, todayOfUnit, unitOf } from './state.js';
import { learnZone } from './zones.js';

let live = null;

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
  const offices = (org.offices ?? []).filter((o) => officeIds.has(o.office));
  for (const o of offices) learnZone(o);
  for (const id of officeIds) if (!offices.some((o) => o.office === id)) offices.push({ office: id, name: id, zone: 'WIB' });
  state.org = {
    offices,
    units,
    counters: (org.counters ?? []).filter((c) => visible(c.unit)),
    employees: (org.employees ?? []).filter((e2) => visible(e2.unit)),
  };
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
      // A kiosk's status comes with each batch it delivered: new untrusted check-ins may be among them.
      coalesce('reviews', 2000, refreshReviews);
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
    refreshReviews(),
    refreshAppraisal(),
    refreshRtl(),
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
  renderRtlControls();
  renderKioskForm();
  renderLeaveForm();
  renderRosterPanel();
  createCharts();
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
  renderLeaveForm();
  renderRosterPanel();
  renderAlerts();
  renderReviews(true);
  renderPeriodSelect();
  renderRtlControls();
  refreshDetail();
  refreshAppraisal();
  refreshRtl();
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
  tid('leave-form').addEventListener('submit', submitLeave);
  tid('leave-employee').addEventListener('change', refreshLeaveList);
  watchRosterInputs();
  tid('logout').addEventListener('click', logout);
  tid('unit-detail-close').addEventListener('click', closeDetail);
  tid('appraisal-period').addEventListener('change', refreshAppraisal);
  wireRtl();
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

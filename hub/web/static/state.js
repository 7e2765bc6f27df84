// The dashboard's state and what every view needs of it: the organisation, the office's today (by the
// hub's clock), request coalescing and freshness, and /api/v1/kpi.
import { api, query } from './api.js';
import { hubNow } from './hub_clock.js';
import { ianaOf } from './zones.js';

// ---- state ---------------------------------------------------------------------------------------

export const state = {
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

// ---- time of the office ----------------------------------------------------------------------------

export function officeOf(id) { return state.org.offices.find((o) => o.office === id); }
export function zoneOfOffice(id) { return officeOf(id)?.zone ?? 'WIB'; }
export function unitOf(id) { return state.org.units.find((u) => u.unit === id); }

export function todayIn(zone) {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: ianaOf(zone), year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(hubNow());
}
export function todayOfUnit(unit) { return todayIn(zoneOfOffice(unitOf(unit)?.office)); }
export function addDays(ymd, n) {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

// ---- coalescing ---------------------------------------------------------------------------------------

// The first request for `key` starts a timer of `ms`; more requests meanwhile ride along. Not a
// debounce: a unit busy enough to send a frame every 250 ms would postpone a debounce forever.
const timers = new Map();
export function coalesce(key, ms, fn) {
  if (timers.has(key)) return;
  timers.set(key, setTimeout(() => { timers.delete(key); fn(); }, ms));
}
// Answers can overtake each other; only the newest request of a kind (and of this session) may paint.
const latest = new Map();
export function fresh(key) {
  const n = (latest.get(key) ?? 0) + 1;
  latest.set(key, n);
  const gen = state.generation;
  return () => latest.get(key) === n && gen === state.generation;
}

export function now(key, fn) {
  clearTimeout(timers.get(key));
  timers.delete(key);
  fn();
}


export async function kpi(scope, id, from, to, extra = {}) {
  return api.get(`/api/v1/kpi?${query({ scope, id, from, to, ...extra })}`);
}

export function sum(obj) { return Object.values(obj ?? {}).reduce((a, b) => a + (Number(b) || 0), 0); }

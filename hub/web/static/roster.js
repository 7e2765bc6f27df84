// The shift roster of one unit: a grid of its employees x 14 days from a chosen date (what is planned
// each day: the rostered shift, else the unit's week; leave is marked), and a form that sets one
// employee's days to a shift, a day off, back to the week, or a rotating pattern of the unit's shifts.
// Admins see it for every unit, supervisors for their own; the hub refuses clashes naming the field.
import { api, query } from './api.js';
import { el, tid } from './dom.js';
import { t } from './i18n.js';
import { addDays, state, todayOfUnit } from './state.js';

const days = 14;

function editable() {
  const s = state.session;
  if (!s) return [];
  return state.org.units.filter((u) => s.role === 'admin' || (s.role === 'supervisor' && s.units.includes(u.unit)));
}

export function renderRosterPanel() {
  const units = editable();
  const panel = tid('roster-panel');
  panel.hidden = units.length === 0;
  if (panel.hidden) return;
  const select = tid('roster-unit');
  const chosen = select.value;
  select.textContent = '';
  for (const u of units) select.append(el('option', { value: u.unit }, u.name));
  if (chosen && units.some((u) => u.unit === chosen)) select.value = chosen;
  if (!tid('roster-from').value) tid('roster-from').value = todayOfUnit(select.value);
  fillEmployees();
  refreshRoster();
}

function fillEmployees() {
  const unit = tid('roster-unit').value;
  const who = tid('roster-employee');
  const chosen = who.value;
  who.textContent = '';
  for (const e of state.org.employees.filter((x) => x.unit === unit)) who.append(el('option', { value: e.nip }, e.name));
  if (chosen) who.value = chosen;
}

export async function refreshRoster() {
  const unit = tid('roster-unit').value;
  const from = tid('roster-from').value;
  const table = tid('roster-grid');
  if (!unit || !from) return;
  let grid;
  try {
    grid = await api.get(`/api/v1/roster?${query({ unit, from, to: addDays(from, days - 1) })}`);
  } catch (e) {
    tid('roster-message').textContent = e.message;
    return;
  }
  const head = el('tr', {}, el('th', {}, t('name')), ...grid.employees[0]?.days.map((d) => el('th', {}, d.date.slice(5))) ?? []);
  const body = grid.employees.map((e) => el('tr', { testid: `roster-row-${e.nip}` }, el('th', {}, e.name),
    ...e.days.map((d) => el('td', {
      testid: `roster-${e.nip}-${d.date}`,
      class: [d.roster !== null ? 'rostered' : '', d.leave ? 'on-leave' : ''].join(' ').trim() || undefined,
      title: d.leave ?? undefined,
    }, d.leave ? `${d.planned} ✱` : d.planned))));
  table.textContent = '';
  table.append(el('thead', {}, head), el('tbody', {}, body));
}

export async function submitRoster(ev) {
  ev.preventDefault();
  const message = tid('roster-message');
  const body = { nip: tid('roster-employee').value, from: tid('roster-set-from').value, to: tid('roster-set-to').value };
  const value = tid('roster-shift').value.trim();
  if (value.includes(',')) {
    body.pattern = value;
    body.start = body.from;
  } else {
    body.shift = value === '' ? null : value;
  }
  message.classList.remove('error');
  try {
    const r = await api.put('/api/v1/roster', body);
    message.textContent = `${t('roster_saved')}: ${r.stored}`;
    await refreshRoster();
  } catch (e) {
    message.classList.add('error');
    message.textContent = `${t('leave_refused')}: ${e.message}`;
  }
}

export function watchRosterInputs() {
  tid('roster-unit').addEventListener('change', () => { fillEmployees(); refreshRoster(); });
  tid('roster-from').addEventListener('change', refreshRoster);
  tid('roster-form').addEventListener('submit', submitRoster);
}

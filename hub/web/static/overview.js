// The office overview: a card per unit (and per office for admins) with today's numbers.
import { ApiError } from './api.js';
import { selectUnit } from './detail.js';
import { tid, el } from './dom.js';
import { hubNow } from './hub_clock.js';
import { fmtDate, fmtDec, fmtDuration, fmtInt, fmtPct, language, t } from './i18n.js';
import { fresh, kpi, state, sum, todayIn, todayOfUnit, zoneOfOffice } from './state.js';
import { ianaOf } from './zones.js';

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

export function renderCards() {
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

export function fillCard(kind, id, k) {
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

function stamp() {
  const zone = state.org.offices[0]?.zone ?? 'WIB';
  tid('updated-at').textContent = new Intl.DateTimeFormat(language() === 'en' ? 'en-GB' : 'id-ID',
    { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: ianaOf(zone) }).format(hubNow());
}

export async function refreshUnit(unit) {
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

export async function refreshOffice(office) {
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

export function todayLabel() {
  const first = state.org.offices[0];
  tid('today-label').textContent = first ? fmtDate(todayIn(first.zone)) : '';
}

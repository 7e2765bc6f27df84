// A unit's counters and employees, and one employee's today and month.
import { api, ApiError } from './api.js';
import { chartsNow } from './chart_views.js';
import { $, el, tid } from './dom.js';
import { fmtDec, fmtDuration, fmtInt, fmtPct, t } from './i18n.js';
import { fresh, kpi, state, sum, todayOfUnit, unitOf } from './state.js';

// ---- unit and employee drill-down ------------------------------------------------------------------

export async function selectUnit(unit) {
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

export function closeDetail() {
  state.selectedUnit = null;
  state.selectedEmployee = null;
  tid('unit-detail').hidden = true;
  for (const c of document.querySelectorAll('.card.unit')) c.classList.remove('selected');
  chartsNow();
}

export function bandOf(a) {
  const late = Object.entries(a.late ?? {}).find(([, n]) => n > 0);
  const early = Object.entries(a.early_leave ?? {}).find(([, n]) => n > 0);
  const parts = [];
  if (a.present > 0 && a.on_time > 0) parts.push(t('on_time'));
  if (late) parts.push(late[0]);
  if (early) parts.push(early[0]);
  if (a.present === 0 && a.expected > 0) parts.push(t('absent'));
  return parts.join(', ') || t('none');
}

export async function refreshDetail() {
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

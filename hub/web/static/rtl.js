// Follow-up (rencana tindak lanjut, RTL) of a unit's survey period: the items with their status, a
// proposal from the weakest elements to accept, a form for a new item, and the survey report's
// downloads (PDF, XLSX) for the unit and its office.
import { api, ApiError, query } from './api.js';
import { $, el, keepDraft, tid } from './dom.js';
import { t } from './i18n.js';
import { fresh, state, unitOf } from './state.js';
import { periodOptions } from './appraisal.js';

// Evidence typed but not yet sent, by item: the list is re-drawn whenever the dashboard refreshes
// (the live channel reconnecting, a language switch), and a supervisor's half-typed note must survive it.
const evidenceDrafts = new Map();

const elements = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];
const statuses = ['planned', 'in_progress', 'done'];

function selected() {
  return { unit: tid('rtl-unit').value, period: tid('rtl-period').value };
}

function mayWrite(unit) {
  const s = state.session;
  return s && (s.role === 'admin' || (s.role === 'supervisor' && s.units.includes(unit)));
}

function message(text, isError) {
  const m = tid('rtl-message');
  m.textContent = text;
  m.className = isError ? 'error' : 'muted';
}

export function renderRtlControls() {
  const unitSel = tid('rtl-unit');
  const keepUnit = unitSel.value;
  unitSel.textContent = '';
  for (const u of state.org.units) unitSel.append(el('option', { value: u.unit }, u.name ?? u.unit));
  if (keepUnit && [...unitSel.options].some((o) => o.value === keepUnit)) unitSel.value = keepUnit;
  const periodSel = tid('rtl-period');
  const keepPeriod = periodSel.value;
  periodSel.textContent = '';
  for (const [value, label] of periodOptions()) periodSel.append(el('option', { value }, label));
  if (keepPeriod && [...periodSel.options].some((o) => o.value === keepPeriod)) periodSel.value = keepPeriod;
  const elementSel = tid('rtl-new-element');
  if (!elementSel.options.length) for (const e of elements) elementSel.append(el('option', { value: e }, e));
  tid('rtl-new-owner').value ||= state.session?.role === 'supervisor' ? state.session.user : '';
  renderDownloads();
}

function renderDownloads() {
  const { unit, period } = selected();
  const office = unitOf(unit)?.office;
  const links = tid('rtl-downloads');
  links.textContent = '';
  if (!unit || !period) return;
  for (const format of ['pdf', 'xlsx']) {
    links.append(el('a', { class: 'button', testid: `report-unit-${format}`, download: '',
      href: `/api/v1/survey/report.${format}?${query({ unit, period })}` }, `${t('report_unit')} ${format.toUpperCase()}`));
  }
  // The office's report draws on every unit of it; the organisation a supervisor is sent holds only
  // theirs, so the page cannot tell whether they lead them all: the button is for admins.
  const sees = state.session?.role === 'admin';
  if (office && sees) {
    for (const format of ['pdf', 'xlsx']) {
      links.append(el('a', { class: 'button', testid: `report-office-${format}`, download: '',
        href: `/api/v1/survey/report.${format}?${query({ office, period })}` }, `${t('report_office')} ${format.toUpperCase()}`));
    }
  }
}

function itemRow(item) {
  const writable = mayWrite(item.unit);
  const status = el('select', { testid: `rtl-${item.id}-status`, disabled: !writable || item.status === 'done' },
    ...statuses.filter((s) => s !== 'done').map((s) => el('option', { value: s }, t(`rtl_status_${s}`))));
  if (item.status === 'done') status.append(el('option', { value: 'done' }, t('rtl_status_done')));
  status.value = item.status;
  status.addEventListener('change', () => change(item, { status: status.value }));
  const evidence = keepDraft(evidenceDrafts, item.id, el('input', { testid: `rtl-${item.id}-evidence`, value: item.evidence,
    disabled: !writable || item.status === 'done', placeholder: t('rtl_evidence') }));
  const close = el('button', { type: 'button', testid: `rtl-${item.id}-close`, hidden: !writable || item.status === 'done' }, t('rtl_close'));
  close.addEventListener('click', () => closeItem(item, evidence.value));
  return el('tr', { testid: `rtl-row-${item.id}`, class: item.overdue ? 'overdue' : null },
    el('td', {}, `${item.element} ${item.element_name}`),
    el('td', {}, item.problem),
    el('td', {}, item.action),
    el('td', {}, item.owner),
    el('td', { testid: `rtl-${item.id}-due` }, item.due, item.overdue ? el('span', { class: 'pill coach' }, t('rtl_overdue')) : null),
    el('td', {}, status),
    el('td', {}, evidence, close));
}

export async function refreshRtl() {
  const current = fresh('rtl');
  const { unit, period } = selected();
  renderDownloads();
  if (!unit || !period) return;
  tid('rtl-form').hidden = !mayWrite(unit);
  tid('rtl-propose').hidden = !mayWrite(unit);
  try {
    const data = await api.get(`/api/v1/rtl?${query({ unit, period })}`);
    if (!current()) return;
    const body = $('tbody', tid('rtl-table'));
    body.textContent = '';
    for (const item of data.items ?? []) body.append(itemRow(item));
    tid('rtl-empty').hidden = (data.items ?? []).length > 0;
  } catch (e) {
    if (!current()) return;
    message(`${t('load_failed')}: ${e.message}`, true);
  }
}

// Each write says "saving" at once and "saved" only once the list shows the result, so nobody (and no
// test) reads the previous write's "saved" as this one's.
async function save(request, onSaved) {
  message(t('rtl_saving'), false);
  let outcome;
  try {
    await request();
    onSaved?.();
    outcome = [t('rtl_saved'), false];
  } catch (e) {
    // The hub names the field that is wrong ("due: ..."): shown as it is.
    outcome = [e instanceof ApiError ? e.message : String(e), true];
  }
  await refreshRtl();
  message(...outcome);
}

function change(item, fields) {
  return save(() => api.put(`/api/v1/rtl/${item.id}`, fields));
}

function closeItem(item, evidence) {
  return save(() => api.post(`/api/v1/rtl/${item.id}/close`, { evidence }), () => evidenceDrafts.delete(item.id));
}

async function submitNew(ev) {
  ev.preventDefault();
  const { unit, period } = selected();
  const item = {
    unit, period,
    element: tid('rtl-new-element').value,
    problem: tid('rtl-new-problem').value,
    action: tid('rtl-new-action').value,
    owner_kind: tid('rtl-new-owner-kind').value,
    owner: tid('rtl-new-owner').value,
    due: tid('rtl-new-due').value,
  };
  await save(() => api.post('/api/v1/rtl', item), () => {
    tid('rtl-new-problem').value = '';
    tid('rtl-new-action').value = '';
  });
}

async function propose() {
  const { unit, period } = selected();
  const list = tid('rtl-proposal');
  list.textContent = '';
  try {
    const data = await api.get(`/api/v1/rtl/proposal?${query({ unit, period })}`);
    const drafts = data.items ?? [];
    if (!drafts.length) {
      message(t('rtl_no_proposal'), false);
      return;
    }
    for (const d of drafts) list.append(el('li', { testid: `rtl-draft-${d.element}` }, `${d.element} — ${d.problem}`));
    const accept = el('button', { type: 'button', testid: 'rtl-accept' }, t('rtl_accept'));
    accept.addEventListener('click', () => save(() => api.post('/api/v1/rtl', {
      items: drafts.map((d) => ({
        unit: d.unit, period: d.period, element: d.element, problem: d.problem, action: d.action,
        owner_kind: d.owner_kind, owner: d.owner || tid('rtl-new-owner').value, due: d.due,
      })),
    }), () => { list.textContent = ''; }));
    list.append(el('li', {}, accept));
  } catch (e) {
    message(e.message, true);
  }
}

export function wireRtl() {
  tid('rtl-unit').addEventListener('change', refreshRtl);
  tid('rtl-period').addEventListener('change', refreshRtl);
  tid('rtl-form').addEventListener('submit', submitNew);
  tid('rtl-propose').addEventListener('click', propose);
}

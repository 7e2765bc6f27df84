// The period appraisal: recommended predikat per employee with its calculation.
import { api, ApiError, query } from './api.js';
import { $, el, tid } from './dom.js';
import { language, officialTerm, t } from './i18n.js';
import { fresh, state, todayIn, unitOf } from './state.js';

// ---- appraisal -----------------------------------------------------------------------------------------

// The periods offered: this semester, the one before, this month and this year (also the follow-up's).
export function periodOptions() {
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

export function renderPeriodSelect() {
  const sel = tid('appraisal-period');
  const current = sel.value;
  sel.textContent = '';
  for (const [value, label] of periodOptions()) sel.append(el('option', { value }, label));
  if (current && [...sel.options].some((o) => o.value === current)) sel.value = current;
}

export async function refreshAppraisal() {
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

// Leave, permits and work modes: a form to record one (admins for every unit, supervisors for their
// own) and the chosen employee's records with their audit trail. The hub checks everything again
// and answers 400 naming the field; its message is shown as it is.
import { api, query } from './api.js';
import { el, tid } from './dom.js';
import { language, t } from './i18n.js';
import { state } from './state.js';

let kinds = [];

function mayWrite(unit) {
  const s = state.session;
  return !!s && (s.role === 'admin' || (s.role === 'supervisor' && s.units.includes(unit)));
}

function kindLabel(code) {
  const k = kinds.find((x) => x.kind === code);
  if (!k) return code;
  return language() === 'en' ? k.label_en : k.label_id;
}

// The form is shown to whoever may record leave for at least one employee in view.
export async function renderLeaveForm() {
  const panel = tid('leave-panel');
  const employees = state.org.employees.filter((e) => mayWrite(e.unit));
  panel.hidden = employees.length === 0;
  if (panel.hidden) return;
  if (kinds.length === 0) {
    try { kinds = (await api.get('/api/v1/leave/kinds')).kinds; } catch { kinds = []; }
  }
  const who = tid('leave-employee');
  const chosen = who.value;
  who.textContent = '';
  for (const e of employees) who.append(el('option', { value: e.nip }, `${e.name} (${e.nip})`));
  if (chosen && employees.some((e) => e.nip === chosen)) who.value = chosen;
  const kind = tid('leave-kind');
  const kindChosen = kind.value;
  kind.textContent = '';
  for (const k of kinds) {
    const note = k.counts_present ? ` — ${t('leave_counts_present')}` : '';
    kind.append(el('option', { value: k.kind }, `${kindLabel(k.kind)}${note}`));
  }
  if (kindChosen) kind.value = kindChosen;
  await refreshLeaveList();
}

export async function refreshLeaveList() {
  const nip = tid('leave-employee').value;
  const body = tid('leave-table').querySelector('tbody');
  if (!nip) { body.textContent = ''; return; }
  let list = [];
  try { list = (await api.get(`/api/v1/leave?${query({ nip })}`)).leave; } catch { list = []; }
  body.textContent = '';
  list.sort((a, b) => (a.from < b.from ? 1 : a.from > b.from ? -1 : 0));
  for (const l of list) {
    const status = l.active ? t('leave_active') : `${t('leave_cancelled')}: ${l.cancel_note} (${l.cancelled_by})`;
    body.append(el('tr', { testid: `leave-row-${l.id}`, class: l.active ? '' : 'cancelled' },
      el('td', {}, l.from), el('td', {}, l.to), el('td', {}, kindLabel(l.kind)), el('td', {}, l.note),
      el('td', {}, l.created_by), el('td', {}, status)));
  }
  tid('leave-empty').hidden = list.length > 0;
}

export async function submitLeave(ev) {
  ev.preventDefault();
  const message = tid('leave-message');
  const body = {
    nip: tid('leave-employee').value,
    from: tid('leave-from').value,
    to: tid('leave-to').value,
    kind: tid('leave-kind').value,
    note: tid('leave-note').value.trim(),
  };
  message.classList.remove('error');
  try {
    await api.post('/api/v1/leave', body);
    message.textContent = `${t('leave_saved')}: ${body.from} – ${body.to}`;
    tid('leave-note').value = '';
    await refreshLeaveList();
  } catch (e) {
    message.classList.add('error');
    message.textContent = `${t('leave_refused')}: ${e.message}`;
  }
}

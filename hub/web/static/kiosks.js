// The kiosk fleet: one row per kiosk, kept up to date by live "kiosk" frames; admins register kiosks.
import { api } from './api.js';
import { $, el, tid } from './dom.js';
import { fmtDateTime, fmtInt, t } from './i18n.js';
import { officeOf, state, zoneOfOffice } from './state.js';
import { ianaOf } from './zones.js';

// ---- kiosks --------------------------------------------------------------------------------------------

function kioskKey(k) { return `${k.office}/${k.kiosk}`; }

// A kiosk registered ahead of its installation has never spoken: neither online nor offline yet.
function kioskStatePill(k) {
  if (!k.last_seen && !k.events) return el('span', { class: 'pill never' }, t('never_seen'));
  return el('span', { class: `pill ${k.state}` }, t(k.state === 'online' ? 'online' : 'offline'));
}

// The outcome of the latest `pantau-hub verify` of the kiosk's current key: intact (gaps are named, not
// tampering), broken with the first finding as the tooltip, or not checked yet.
function chainPill(k, zone) {
  const c = k.chain;
  if (!c) return el('span', { class: 'pill never' }, t('chain_unchecked'));
  const when = `${t('chain_checked')} ${fmtDateTime(c.checked, ianaOf(zone))}`;
  if (!c.intact)
    return el('span', { class: 'pill offline', title: `${c.first_problem} · ${when}` },
      `${t('chain_broken')}: ${fmtInt(c.problems)} ${t('chain_problems')}`);
  const gaps = c.gaps > 0 ? `, ${fmtInt(c.gaps)} ${t('chain_gaps')}` : '';
  return el('span', { class: 'pill online', title: when }, `${t('chain_intact')}${gaps}`);
}

// Open gaps: seqs the hub stopped waiting for (they are still stored if the kiosk sends them later).
function gapsPill(k) {
  const gaps = k.gaps ?? [];
  if (gaps.length === 0) return el('span', { class: 'muted' }, t('gaps_none'));
  const ranges = gaps.map((g) => (g.from_seq === g.to_seq ? `${g.from_seq}` : `${g.from_seq}–${g.to_seq}`)).join(', ');
  return el('span', { class: 'pill offline', title: t('gaps_title') },
    `${fmtInt(k.missing)} ${t('gaps_missing')} (seq ${ranges})`);
}

// Synced or not, with the kernel's offset and maximum error when the kiosk reports them, and the
// check-ins of this kiosk waiting in the review queue (docs/clocks.md).
function clockCell(k) {
  if (!k.clock) return t('none');
  const parts = [t(k.clock === 'synced' ? 'synced' : 'unsynced')];
  if (Number.isFinite(k.clock_offset_ms))
    parts.push(`${k.clock_offset_ms >= 0 ? '+' : '−'}${fmtInt(Math.abs(k.clock_offset_ms))} ms`);
  if (Number.isFinite(k.clock_error_ms)) parts.push(`±${fmtInt(k.clock_error_ms)} ms`);
  const cell = [el('span', { class: `pill ${k.clock === 'synced' ? 'online' : 'offline'}` }, parts.join(' '))];
  if (k.pending_reviews > 0)
    cell.push(' ', el('span', { class: 'pill offline', testid: `kiosk-${k.kiosk}-reviews` },
      `${fmtInt(k.pending_reviews)} ${t('reviews_pending')}`));
  return cell;
}

function kioskRow(k) {
  const zone = zoneOfOffice(k.office);
  return el('tr', { testid: `kiosk-row-${k.kiosk}`, 'data-key': kioskKey(k), class: k.state === 'online' ? 'online' : 'offline' },
    el('td', { class: 'mono' }, k.kiosk),
    el('td', { class: 'mono', title: officeOf(k.office)?.name ?? k.office }, k.office),
    el('td', { testid: `kiosk-${k.kiosk}-state` }, kioskStatePill(k)),
    el('td', { class: 'num', testid: `kiosk-${k.kiosk}-backlog` }, fmtInt(k.backlog)),
    el('td', { testid: `kiosk-${k.kiosk}-clock` }, clockCell(k)),
    el('td', { testid: `kiosk-${k.kiosk}-last-seen` }, fmtDateTime(k.last_seen, ianaOf(zone))),
    el('td', { testid: `kiosk-${k.kiosk}-gaps` }, gapsPill(k)),
    el('td', { testid: `kiosk-${k.kiosk}-chain` }, chainPill(k, zone)));
}

export function renderKiosks() {
  const body = $('tbody', tid('kiosk-table'));
  body.textContent = '';
  const rows = [...state.kiosks.values()].sort((a, b) => kioskKey(a).localeCompare(kioskKey(b)));
  for (const k of rows) body.append(kioskRow(k));
  tid('kiosks-empty').hidden = rows.length > 0;
}

export function upsertKiosk(k) {
  if (!k || !k.kiosk) return;
  state.kiosks.set(kioskKey(k), { ...(state.kiosks.get(kioskKey(k)) ?? {}), ...k });
  const body = $('tbody', tid('kiosk-table'));
  const existing = body.querySelector(`tr[data-key="${CSS.escape(kioskKey(k))}"]`);
  if (existing) existing.replaceWith(kioskRow(state.kiosks.get(kioskKey(k))));
  else renderKiosks();
  tid('kiosks-empty').hidden = true;
}

// Admins register kiosks ahead of installation (hub.toml auto_register = false keeps strangers out).
export function renderKioskForm() {
  const form = tid('kiosk-add-form');
  form.hidden = state.session?.role !== 'admin';
  if (form.hidden) return;
  const select = tid('kiosk-add-office');
  const chosen = select.value;
  select.textContent = '';
  for (const o of state.org.offices) select.append(el('option', { value: o.office }, `${o.name} (${o.office})`));
  if (chosen) select.value = chosen;
}

export async function submitKiosk(ev) {
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

export async function refreshKiosks() {
  const gen = state.generation;
  try {
    const list = await api.get('/api/v1/kiosks');
    if (gen !== state.generation) return;
    state.kiosks = new Map(list.map((k) => [kioskKey(k), k]));
    renderKiosks();
  } catch { /* the table keeps what it had */ }
}

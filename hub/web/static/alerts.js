// Live alerts: active first, then the newest cleared ones.
import { api, ApiError } from './api.js';
import { el, tid } from './dom.js';
import { fmtDateTime, t } from './i18n.js';
import { state, unitOf, zoneOfOffice } from './state.js';
import { ianaOf } from './zones.js';

// ---- alerts --------------------------------------------------------------------------------------------

export function renderAlerts() {
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

export async function refreshAlerts() {
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

export function onAlert(a) {
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

// The review queue (docs/clocks.md): check-ins and check-outs whose kiosk clock was not synced and
// could not be re-based wait here with their evidence; a supervisor accepts a time with a reason.
// Until then the hub deducts nothing for them.
import { api, ApiError } from './api.js';
import { el, keepDraft, tid } from './dom.js';
import { addTexts, fmtInt, t } from './i18n.js';
import { state, unitOf } from './state.js';
import { offsetOf } from './zones.js';

addTexts({
  id: {
    reviews: 'Tinjauan jam kios',
    reviews_note: 'Jam kios belum tersinkron saat absen ini dan tidak bisa dihitung ulang; tidak ada potongan sampai waktunya diterima.',
    reviews_empty: 'Tidak ada yang perlu ditinjau.',
    review_action: 'Absen',
    review_stamp: 'Stempel kios',
    review_filed: 'Tercatat pada',
    review_evidence: 'Bukti',
    review_decide: 'Keputusan',
    review_in: 'Masuk',
    review_out: 'Pulang',
    review_since_boot: 'sejak nyala',
    review_photo: 'foto',
    review_time: 'Waktu sebenarnya',
    review_reason: 'Alasan',
    review_accept: 'Terima',
    review_reason_needed: 'Alasan wajib diisi',
    review_time_needed: 'Waktu wajib diisi',
    reviews_pending: 'perlu ditinjau',
  },
  en: {
    reviews: 'Kiosk clock reviews',
    reviews_note: "The kiosk's clock was not synced at these check-ins and they could not be re-based; nothing is deducted until a time is accepted.",
    reviews_empty: 'Nothing to review.',
    review_action: 'Check',
    review_stamp: "Kiosk's stamp",
    review_filed: 'Filed under',
    review_evidence: 'Evidence',
    review_decide: 'Decision',
    review_in: 'In',
    review_out: 'Out',
    review_since_boot: 'since boot',
    review_photo: 'photo',
    review_time: 'Actual time',
    review_reason: 'Reason',
    review_accept: 'Accept',
    review_reason_needed: 'A reason is required',
    review_time_needed: 'A time is required',
    reviews_pending: 'to review',
  },
});

// What a supervisor typed and has not sent, by event and field: the queue is re-fetched whenever a kiosk
// reports (every batch), and a half-typed reason must not vanish under their fingers.
const drafts = new Map();
// The events the table shows now; the same queue again is not re-drawn, so focus stays where it was.
let shown = '';

// The kiosk's monotonic clock as h:mm:ss since its boot.
function sinceBoot(ms) {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

// "YYYY-MM-DDTHH:MM" on the office's wall clock -> UTC ISO-8601 (the hub takes UTC only).
export function localToUtc(local, zone) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local ?? '');
  if (!m) return null;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) - offsetOf(zone) * 60000;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

async function accept(item, form) {
  const message = form.querySelector('[data-role="message"]');
  const time = localToUtc(form.elements.time.value, item.zone);
  const reason = form.elements.reason.value.trim();
  if (!time) { message.textContent = t('review_time_needed'); return; }
  if (!reason) { message.textContent = t('review_reason_needed'); return; }
  try {
    await api.post('/api/v1/reviews', { event: item.event, time, reason });
    drafts.delete(`${item.event}:time`);
    drafts.delete(`${item.event}:reason`);
    state.reviews = state.reviews.filter((r) => r.event !== item.event);
    renderReviews();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return;
    message.textContent = e.message;
  }
}

function reviewRow(item) {
  const who = state.session?.role;
  const form = who === 'viewer' ? el('span', { class: 'muted' }, t('none')) : el('form', {
    class: 'review-form', testid: `review-form-${item.event}`,
    onsubmit: (ev) => { ev.preventDefault(); accept(item, ev.target); },
  },
  el('label', {}, el('span', {}, t('review_time')), ' ',
    keepDraft(drafts, `${item.event}:time`,
      el('input', { name: 'time', type: 'datetime-local', required: true, testid: `review-time-${item.event}` }))),
  el('label', {}, el('span', {}, t('review_reason')), ' ',
    keepDraft(drafts, `${item.event}:reason`,
      el('input', { name: 'reason', required: true, maxlength: '500', testid: `review-reason-${item.event}` }))),
  el('button', { type: 'submit', class: 'link', testid: `review-accept-${item.event}` }, t('review_accept')),
  el('span', { class: 'small error', 'data-role': 'message', role: 'status' }));
  return el('tr', { testid: `review-row-${item.event}` },
    el('td', {}, item.name ?? item.employee, el('div', { class: 'small muted' },
      [item.employee, item.unit ? (unitOf(item.unit)?.name ?? item.unit) : null].filter(Boolean).join(' · '))),
    el('td', {}, t(item.action === 'in' ? 'review_in' : 'review_out')),
    el('td', { class: 'mono' }, item.stamped),
    el('td', { class: 'mono' }, item.filed_under),
    el('td', { class: 'small' }, `${item.kiosk} · boot ${item.boot} · ${sinceBoot(item.mono_ms)} ${t('review_since_boot')}`,
      item.photo ? el('div', { class: 'mono muted', title: item.photo }, `${t('review_photo')} ${item.photo.slice(0, 19)}…`) : null),
    el('td', {}, form));
}

// `force` re-draws an unchanged queue too (a language switch).
export function renderReviews(force = false) {
  const list = state.reviews ?? [];
  const body = tid('review-table').querySelector('tbody');
  const now = `${state.session?.role}|${list.map((r) => r.event).join(',')}`;
  if (!force && now === shown && body.children.length === list.length) return;
  shown = now;
  body.textContent = '';
  for (const item of list) body.append(reviewRow(item));
  tid('review-table').hidden = list.length === 0;
  tid('reviews-empty').hidden = list.length > 0;
  tid('reviews-count').textContent = fmtInt(list.length);
}

export async function refreshReviews() {
  try {
    state.reviews = await api.get('/api/v1/reviews');
    tid('reviews-error').hidden = true;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return;
    tid('reviews-error').textContent = `${t('load_failed')}: ${e.message}`;
    tid('reviews-error').hidden = false;
    state.reviews = [];
  }
  renderReviews();
}

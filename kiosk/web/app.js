// The kiosk's touch screen. It shows what the kiosk says: every tap goes to the kiosk over /ws, the
// kiosk commits it to its outbox and only then answers; the thank-you comes from that answer and the
// state that follows it, never from the tap itself.
'use strict';

const ELEMENTS = [
  ['Persyaratan', 'Requirements'],
  ['Prosedur', 'Procedure'],
  ['Waktu Penyelesaian', 'Time to complete'],
  ['Biaya/Tarif', 'Cost/Fee'],
  ['Produk Layanan', 'Service product'],
  ['Kompetensi Petugas', 'Staff competence'],
  ['Perilaku Petugas', 'Staff behaviour'],
  ['Penanganan Pengaduan', 'Complaint handling'],
  ['Sarana dan Prasarana', 'Facilities'],
];
// The profile's questions (the answers' labels come from the kiosk, from the shared lists).
const PROFILE_QUESTIONS = {
  gender: ['Jenis kelamin Anda?', 'Your gender?'],
  age: ['Berapa usia Anda?', 'How old are you?'],
  education: ['Pendidikan terakhir Anda?', 'Your highest education?'],
  occupation: ['Pekerjaan utama Anda?', 'Your main occupation?'],
  service: ['Layanan apa yang Anda terima?', 'Which service did you receive?'],
};
const COUNTER_STATE = { closed: ['Tutup', 'Closed'], open: ['Buka', 'Open'], break: ['Istirahat', 'On a break'] };

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
// The hub's first language leads: its text is the main line, the other the smaller second one.
let language = 'id';
const bi = (id, en) => (language === 'en' ? `${en} / ${id}` : `${id} / ${en}`);
// The kiosk's own messages are "Bahasa Indonesia / English"; shown the other way round in English.
function localise(text) {
  const at = text.indexOf(' / ');
  return language === 'en' && at > 0 ? `${text.slice(at + 3)} / ${text.slice(0, at)}` : text;
}

// Each text in both languages: a lang="en" element and the lang="id" sibling written before it in
// index.html (or by setup()). Found once, while the page is still in that order.
let pairs = null;
function languagePairs() {
  if (!pairs) {
    pairs = [];
    document.querySelectorAll('body [lang="en"]').forEach((en) => {
      let id = en.previousElementSibling;
      while (id && !id.hasAttribute('lang')) id = id.previousElementSibling;
      if (id && id.lang === 'id') pairs.push([id, en]);
    });
  }
  return pairs;
}

// Puts each pair in the order of `lang` and marks the second one (smaller, below in titles).
function applyLanguage(lang) {
  language = lang === 'en' ? 'en' : 'id';
  document.documentElement.lang = language;
  document.body.dataset.lang = language;
  languagePairs().forEach(([id, en]) => {
    const [first, second] = language === 'en' ? [en, id] : [id, en];
    if (!(first.compareDocumentPosition(second) & Node.DOCUMENT_POSITION_FOLLOWING)) {
      // Swap the two in place, so whatever stands between them (" / ") stays between them.
      const mark = document.createComment('');
      first.replaceWith(mark);
      second.replaceWith(first);
      mark.replaceWith(second);
    }
    first.classList.remove('second');
    second.classList.add('second');
  });
}

let ws = null;
let nextRe = 1;
const waiting = new Set();
let errorTimer = null;
let state = null;

function send(msg) {
  if (!ws || ws.readyState !== WebSocket.OPEN) {
    showError(bi('Kios belum terhubung, coba lagi', 'The kiosk is not connected, please try again'));
    return;
  }
  const re = nextRe++;
  waiting.add(re);
  $('saving').hidden = false;
  ws.send(JSON.stringify({ ...msg, re }));
}

function showError(text) {
  const el = $('error');
  el.textContent = localise(text);
  el.hidden = false;
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => { el.hidden = true; }, 6000);
}

function onReply(r) {
  waiting.delete(r.re);
  if (waiting.size === 0) $('saving').hidden = true;
  if (!r.ok) showError(r.error);
  else $('error').hidden = true;
}

function show(screen) {
  $('screen-idle').hidden = screen !== 'idle';
  $('screen-thanks').hidden = screen !== 'thanks';
  $('screen-follow-up').hidden = screen !== 'follow_up';
  $('screen-survey').hidden = screen !== 'survey';
  $('screen-profile').hidden = screen !== 'profile';
  $('faces').hidden = screen === 'follow_up' || screen === 'survey' || screen === 'profile';
  // After a rating the faces stay tappable (such taps are kept, flagged) but look asleep.
  $('faces').classList.toggle('dimmed', screen === 'thanks' || state?.locked);
}

function render(s) {
  state = s;
  if ((s.language ?? 'id') !== language) applyLanguage(s.language);
  show(s.screen);
  document.body.dataset.screen = s.screen;
  $('where').textContent = `Pantau · ${s.office} · ${s.kiosk}`;
  const conn = $('connection');
  conn.dataset.state = s.connection;
  conn.textContent = s.connection === 'online' ? bi('Daring', 'Online') : bi('Luring', 'Offline');
  $('backlog-count').textContent = s.backlog < 0 ? '–' : String(s.backlog);
  document.title = `Pantau · ${s.counter} — ${bi('Kios Pelayanan', 'Service Kiosk')}`;
  if (s.screen === 'survey' && s.question) {
    $('survey-step').textContent = `${s.question.code} · ${s.survey_step + 1} / 9`;
    $('survey-element').textContent = s.question.name;
    $('survey-question').textContent = s.question.text_id;
    $('survey-question-en').textContent = s.question.text_en;
  }
  if (s.screen === 'profile' && s.profile) renderProfile(s.profile);
  const e = s.employee;
  $('employee-none').hidden = !!e;
  $('employee-present').hidden = !e;
  if (e) {
    $('employee-name').textContent = e.name || `NIP ${e.nip}`;
    $('employee-greeting').textContent = e.greeting_id;
    $('employee-greeting-en').textContent = e.greeting_en;
    // The band code is staff jargon: small, in the staff panel only, never on the citizens' side.
    const band = /^TL[1-4]$/.test(e.band ?? '') ? e.band : '';
    $('employee-band').textContent = band;
    $('employee-band').hidden = !band;
    const mean = e.today.mean === null ? '–'
      : e.today.mean.toLocaleString(language === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 2 });
    $('employee-today').textContent = `${bi('Hari ini', 'Today')}: ${e.today.served} ${bi('dilayani', 'served')} · `
      + `${e.today.ratings} ${bi('penilaian', 'ratings')} · ${bi('rata-rata', 'mean')} ${mean}`;
  }
  // The scan's greeting stands on the citizens' side only for its moment (the kiosk decides how long).
  $('greeting-banner').hidden = !(e && s.greeting);
  if (e && s.greeting) {
    const leaving = e.action === 'out';
    $('greeting-banner-hello').textContent = leaving ? 'Terima kasih,' : 'Selamat bekerja,';
    $('greeting-banner-hello-en').textContent = leaving ? 'Thank you,' : 'Welcome,';
    $('greeting-banner-name').textContent = e.name || `NIP ${e.nip}`;
    $('greeting-banner-text').textContent = e.greeting_id;
    $('greeting-banner-text-en').textContent = e.greeting_en;
  }
  const refusal = s.refusal;
  $('badge-refused').hidden = !refusal;
  if (refusal) {
    $('badge-refused').dataset.reason = refusal.reason;
    $('badge-refused-text').textContent = refusal.text_id;
    $('badge-refused-text-en').textContent = refusal.text_en;
  }
  $('counter-name').textContent = s.counter_unit ? `${s.counter} (${s.counter_unit})` : s.counter;
  $('counter-unknown').hidden = s.counter_known !== false;
  const [cid, cen] = COUNTER_STATE[s.counter_state] ?? [s.counter_state, s.counter_state];
  $('counter-state').textContent = bi(cid, cen);
  $('counter-state').dataset.state = s.counter_state;
  $('ticket').textContent = s.ticket ?? '–';
  $('served-today').textContent = String(s.served_today);
  // Counter actions belong to the employee whose badge was scanned here today.
  const nobody = !e;
  $('counter-open').disabled = nobody || s.counter_state !== 'closed';
  $('counter-break').disabled = nobody || s.counter_state !== 'open';
  $('counter-resume').disabled = nobody || s.counter_state !== 'break';
  $('counter-close').disabled = nobody || s.counter_state === 'closed';
  $('next-citizen').disabled = nobody || s.counter_state !== 'open';
}

// One field at a time, as large buttons; rebuilt only when the question changes (taps stay where they are).
let profileShown = '';
function renderProfile(p) {
  const [qid, qen] = PROFILE_QUESTIONS[p.field] ?? ['', ''];
  $('profile-question').textContent = qid;
  $('profile-question-en').textContent = qen;
  $('profile-step').textContent = `${p.step + 1} / ${p.steps}`;
  const key = `${p.field}:${p.choices.map((c) => c.code).join(',')}:${language}`;
  if (key === profileShown) return;
  profileShown = key;
  const list = $('profile-choices');
  list.replaceChildren();
  list.dataset.field = p.field;
  list.dataset.count = String(p.choices.length);
  p.choices.forEach((c) => {
    const b = document.createElement('button');
    b.dataset.testid = `profile-${c.code}`;
    const first = language === 'en' ? c.label_en : c.label_id;
    const second = language === 'en' ? c.label_id : c.label_en;
    b.innerHTML = '<strong></strong>';
    b.querySelector('strong').textContent = first;
    if (second !== first) {
      const small = document.createElement('span');
      small.className = 'second';
      small.textContent = second;
      b.append(document.createElement('br'), small);
    }
    b.addEventListener('click', () => send({ op: 'profile', code: c.code }));
    list.appendChild(b);
  });
}

function connect() {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  ws = new WebSocket(url);
  ws.onopen = () => { $('link-lost').hidden = true; };
  ws.onmessage = (ev) => {
    let m;
    try { m = JSON.parse(ev.data); } catch { return; }
    if (m.type === 'state') render(m);
    else if (m.type === 'reply') onReply(m);
  };
  ws.onclose = () => {
    $('link-lost').hidden = false;
    // Taps sent on the lost connection got no answer: say so rather than pretend they were saved.
    if (waiting.size) {
      waiting.clear();
      $('saving').hidden = true;
      showError(bi('Belum tersimpan, silakan ketuk lagi', 'Not saved, please tap again'));
    }
    setTimeout(connect, 1000);
  };
}

// Drawn faces rather than emoji: the kiosk's fonts need not have emoji, a drawing always shows.
const MOUTHS = {
  1: 'M30 72 Q50 52 70 72', 2: 'M32 70 Q50 62 68 70', 3: 'M32 64 Q50 74 68 64', 4: 'M28 60 Q50 86 72 60 Z',
};
const FACE_COLOURS = { 1: '#c0392b', 2: '#d68910', 3: '#58a05a', 4: '#1e7a3c' };
function faceSvg(n) {
  const c = FACE_COLOURS[n];
  const brows = n === 1 ? '<path d="M28 30 L44 38 M72 30 L56 38" stroke="#1b2630" stroke-width="5" stroke-linecap="round"/>' : '';
  const fill = n === 4 ? '#1b2630' : 'none';
  return `<svg viewBox="0 0 100 100" width="1em" height="1em"><circle cx="50" cy="50" r="46" fill="${c}" opacity="0.25"/>
    <circle cx="50" cy="50" r="46" fill="none" stroke="${c}" stroke-width="5"/>${brows}
    <circle cx="36" cy="44" r="6" fill="#1b2630"/><circle cx="64" cy="44" r="6" fill="#1b2630"/>
    <path d="${MOUTHS[n]}" stroke="#1b2630" stroke-width="6" stroke-linecap="round" fill="${fill}"/></svg>`;
}

function setup() {
  document.querySelectorAll('[data-face]').forEach((el) => { el.innerHTML = faceSvg(Number(el.dataset.face)); });
  const list = $('elements');
  ELEMENTS.forEach(([id, en], i) => {
    const b = document.createElement('button');
    b.dataset.testid = `element-${i + 1}`;
    b.innerHTML = `<strong>U${i + 1}</strong> <span lang="id"></span><br><span lang="en"></span>`;
    b.querySelector('[lang="id"]').textContent = id;
    b.querySelector('[lang="en"]').textContent = en;
    b.addEventListener('click', () => send({ op: 'follow_up', element: i + 1 }));
    list.appendChild(b);
  });
  document.querySelectorAll('[data-testid^="face-"]').forEach((b) =>
    b.addEventListener('click', () => send({ op: 'rate', overall: Number(b.dataset.score) })));
  document.querySelectorAll('[data-testid^="survey-"][data-score]').forEach((b) =>
    b.addEventListener('click', () => send({ op: 'survey', score: Number(b.dataset.score) })));
  $('follow-up-skip').addEventListener('click', () => send({ op: 'follow_up', skip: true }));
  $('survey-skip').addEventListener('click', () => send({ op: 'survey', skip: true }));
  $('profile-skip').addEventListener('click', () => send({ op: 'profile', skip: true }));
  document.querySelectorAll('[data-action]').forEach((b) =>
    b.addEventListener('click', () => send({ op: 'counter', action: b.dataset.action })));
  $('next-citizen').addEventListener('click', () => send({ op: 'next' }));
  // No keyboard, no menus: a touch screen in a public hall.
  document.addEventListener('contextmenu', (e) => e.preventDefault());
  applyLanguage(language);
  connect();
}

setup();

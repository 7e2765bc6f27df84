// Texts of the dashboard in Bahasa Indonesia (default) and English, and the number and date formats
// of each (Intl id-ID / en-GB). The choice is kept in localStorage so a wall screen keeps its language.
const texts = {
  id: {
    title: 'Pantau — Dasbor Kinerja',
    login_title: 'Masuk',
    login_user: 'Nama pengguna',
    login_password: 'Kata sandi',
    login_submit: 'Masuk',
    login_failed: 'Nama pengguna atau kata sandi salah',
    login_throttled: 'Terlalu banyak percobaan, coba lagi nanti',
    login_error: 'Tidak bisa masuk',
    logout: 'Keluar',
    language: 'English',
    live_open: 'Langsung',
    live_connecting: 'Menyambung…',
    live_closed: 'Terputus — menyambung ulang',
    overview: 'Ringkasan kantor',
    today: 'Hari ini',
    office_total: 'Seluruh kantor',
    attendance: 'Kehadiran',
    present_expected: 'hadir / wajib',
    on_time: 'Tepat waktu',
    late: 'Terlambat (TL)',
    early_leave: 'Pulang cepat (PSW)',
    absent: 'Tidak hadir',
    ikm: 'IKM',
    quick_index: 'Indeks cepat',
    grade: 'Mutu',
    csat: 'Puas',
    responses: 'Penilaian',
    served: 'Dilayani',
    mean_service: 'Rata-rata layanan',
    p90_service: 'P90 layanan',
    per_hour: 'Per jam loket',
    no_units: 'Tidak ada unit yang boleh Anda lihat.',
    unit_detail: 'Rincian unit',
    close: 'Tutup',
    counters: 'Loket',
    counter: 'Loket',
    employees: 'Pegawai',
    employee: 'Pegawai',
    nip: 'NIP',
    name: 'Nama',
    unit: 'Unit',
    no_counters: 'Belum ada data loket.',
    employee_detail: 'Rincian pegawai',
    this_month: 'Bulan ini',
    kiosks: 'Kios',
    kiosk: 'Kios',
    office: 'Kantor',
    state: 'Status',
    online: 'daring',
    offline: 'luring',
    backlog: 'Antrean',
    clock: 'Jam',
    synced: 'sinkron',
    unsynced: 'tidak sinkron',
    last_seen: 'Terakhir terlihat',
    events: 'Kejadian',
    no_kiosks: 'Belum ada kios.',
    never_seen: 'belum terhubung',
    gaps: 'Celah',
    gaps_none: 'tidak ada',
    gaps_missing: 'hilang',
    gaps_title: 'Peristiwa yang tidak pernah sampai setelah ditunggu; peristiwa sesudahnya tetap diterima.',
    kind_seq_gap: 'Peristiwa kios hilang',
    kind_rtl_overdue: 'Tindak lanjut lewat tenggat',
    kind_absence_discipline: 'Ketidakhadiran PP 94/2021',
    chain: 'Rantai',
    chain_unchecked: 'belum diperiksa',
    chain_intact: 'utuh',
    chain_broken: 'rusak',
    chain_gaps: 'celah',
    chain_problems: 'temuan',
    chain_checked: 'diperiksa',
    kiosk_name: 'Nama kios',
    register_kiosk: 'Daftarkan kios',
    leave: 'Cuti, izin dan dinas',
    roster: 'Jadwal shift',
    roster_shift: 'Shift',
    roster_saved: 'Tersimpan, hari',
    roster_hint: 'Shift "HH:MM-HH:MM" (berakhir sebelum mulai: melewati tengah malam), "-" libur, kosong kembali ke jam kerja unit, atau pola kode shift unit "P,P,S,-" mulai dari tanggal awal. ✱ cuti/izin/dinas.',
    leave_from: 'Dari',
    leave_to: 'Sampai',
    leave_kind: 'Jenis',
    leave_note: 'Alasan / nomor surat',
    leave_submit: 'Simpan',
    leave_by: 'Dicatat oleh',
    leave_none: 'Belum ada cuti tercatat untuk pegawai ini.',
    leave_saved: 'Tersimpan',
    leave_refused: 'Ditolak',
    leave_active: 'Berlaku',
    leave_cancelled: 'Dibatalkan',
    leave_counts_present: 'dihitung hadir',
    kiosk_registered: 'terdaftar',
    kiosk_already_registered: 'sudah terdaftar',
    register_failed: 'Pendaftaran gagal',
    alerts: 'Peringatan',
    no_alerts: 'Tidak ada peringatan aktif.',
    alerts_unavailable: 'Layanan peringatan belum tersedia di hub ini.',
    alert_active: 'aktif',
    alert_cleared: 'selesai',
    kind_low_satisfaction: 'Kepuasan rendah',
    kind_kiosk_offline: 'Kios luring',
    kind_backlog_growing: 'Antrean kios bertambah',
    kind_attendance_below_target: 'Kehadiran di bawah target',
    appraisal: 'Penilaian kinerja',
    period: 'Periode',
    recommended: 'Rekomendasi predikat',
    results_rating: 'Hasil kerja',
    behaviour_rating: 'Perilaku',
    calculation: 'Perhitungan',
    berprestasi: 'Berprestasi',
    perlu_pembinaan: 'Perlu pembinaan',
    appraisal_unavailable: 'Penilaian kinerja belum tersedia di hub ini.',
    appraisal_empty: 'Belum ada data penilaian untuk periode ini.',
    appraisal_note: 'Rekomendasi untuk atasan, bukan sanksi otomatis.',
    rtl: 'Rencana tindak lanjut (RTL) dan laporan SKM',
    rtl_note: 'Tindak lanjut unsur survei terlemah per unit dan periode; butir yang lewat tenggat memicu peringatan.',
    rtl_propose: 'Usulan dari unsur terlemah',
    rtl_accept: 'Terima usulan',
    rtl_no_proposal: 'Tidak ada usulan: belum ada jawaban, atau semua unsur lemah sudah punya rencana.',
    rtl_empty: 'Belum ada rencana tindak lanjut untuk periode ini.',
    rtl_element: 'Unsur',
    rtl_problem: 'Masalah',
    rtl_action: 'Tindakan',
    rtl_owner: 'Penanggung jawab',
    rtl_owner_account: 'akun',
    rtl_owner_employee: 'NIP pegawai',
    rtl_due: 'Tenggat',
    rtl_status: 'Status',
    rtl_evidence: 'Bukti',
    rtl_add: 'Tambah',
    rtl_close: 'Selesai',
    rtl_saving: 'Menyimpan…',
    rtl_saved: 'Tersimpan',
    rtl_overdue: 'lewat tenggat',
    rtl_status_planned: 'Direncanakan',
    rtl_status_in_progress: 'Sedang berjalan',
    rtl_status_done: 'Selesai',
    report_unit: 'Laporan unit',
    report_office: 'Laporan kantor',
    semester: 'Semester',
    year: 'Tahun',
    month: 'Bulan',
    charts: 'Grafik',
    chart_checkins: 'Absen masuk hari ini (kumulatif)',
    chart_satisfaction: 'Tren kepuasan 30 hari',
    checkins: 'Absen masuk',
    expected: 'Wajib hadir',
    index: 'Indeks',
    time: 'Waktu',
    date: 'Tanggal',
    load_failed: 'Gagal memuat data',
    forbidden: 'Tidak berhak melihat data ini',
    updated: 'Diperbarui',
    role_admin: 'admin',
    role_supervisor: 'atasan',
    role_viewer: 'pemantau',
    none: '—',
  },
  en: {
    title: 'Pantau — Performance Dashboard',
    login_title: 'Log in',
    login_user: 'User name',
    login_password: 'Password',
    login_submit: 'Log in',
    login_failed: 'Wrong user name or password',
    login_throttled: 'Too many attempts, try again later',
    login_error: 'Cannot log in',
    logout: 'Log out',
    language: 'Bahasa Indonesia',
    live_open: 'Live',
    live_connecting: 'Connecting…',
    live_closed: 'Disconnected — reconnecting',
    overview: 'Office overview',
    today: 'Today',
    office_total: 'Whole office',
    attendance: 'Attendance',
    present_expected: 'present / expected',
    on_time: 'On time',
    late: 'Late (TL)',
    early_leave: 'Early leave (PSW)',
    absent: 'Absent',
    ikm: 'IKM',
    quick_index: 'Quick index',
    grade: 'Grade',
    csat: 'Satisfied',
    responses: 'Ratings',
    served: 'Served',
    mean_service: 'Mean service time',
    p90_service: 'P90 service time',
    per_hour: 'Per counter-hour',
    no_units: 'There is no unit you may see.',
    unit_detail: 'Unit details',
    close: 'Close',
    counters: 'Counters',
    counter: 'Counter',
    employees: 'Employees',
    employee: 'Employee',
    nip: 'NIP',
    name: 'Name',
    unit: 'Unit',
    no_counters: 'No counter data yet.',
    employee_detail: 'Employee details',
    this_month: 'This month',
    kiosks: 'Kiosks',
    kiosk: 'Kiosk',
    office: 'Office',
    state: 'State',
    online: 'online',
    offline: 'offline',
    backlog: 'Backlog',
    clock: 'Clock',
    synced: 'synced',
    unsynced: 'unsynced',
    last_seen: 'Last seen',
    events: 'Events',
    no_kiosks: 'No kiosks yet.',
    never_seen: 'never connected',
    gaps: 'Gaps',
    gaps_none: 'none',
    gaps_missing: 'missing',
    gaps_title: 'Events that never arrived after the wait; later events were still accepted.',
    kind_seq_gap: 'Kiosk events missing',
    kind_rtl_overdue: 'Follow-up overdue',
    kind_absence_discipline: 'Unexcused absence (PP 94/2021)',
    chain: 'Chain',
    chain_unchecked: 'not checked',
    chain_intact: 'intact',
    chain_broken: 'broken',
    chain_gaps: 'gaps',
    chain_problems: 'problems',
    chain_checked: 'checked',
    kiosk_name: 'Kiosk name',
    register_kiosk: 'Register kiosk',
    leave: 'Leave, permits and travel',
    roster: 'Shift roster',
    roster_shift: 'Shift',
    roster_saved: 'Saved, days',
    roster_hint: 'Shift "HH:MM-HH:MM" (ending before it starts: past midnight), "-" day off, empty back to the unit\'s hours, or a pattern of the unit\'s shift codes "P,P,S,-" from the first date. ✱ leave/permit/travel.',
    leave_from: 'From',
    leave_to: 'To',
    leave_kind: 'Kind',
    leave_note: 'Reason / letter number',
    leave_submit: 'Save',
    leave_by: 'Recorded by',
    leave_none: 'No leave recorded for this employee yet.',
    leave_saved: 'Saved',
    leave_refused: 'Refused',
    leave_active: 'In force',
    leave_cancelled: 'Cancelled',
    leave_counts_present: 'counts as present',
    kiosk_registered: 'registered',
    kiosk_already_registered: 'already registered',
    register_failed: 'Registration failed',
    alerts: 'Alerts',
    no_alerts: 'No active alerts.',
    alerts_unavailable: 'Alerts are not available on this hub yet.',
    alert_active: 'active',
    alert_cleared: 'cleared',
    kind_low_satisfaction: 'Low satisfaction',
    kind_kiosk_offline: 'Kiosk offline',
    kind_backlog_growing: 'Kiosk backlog growing',
    kind_attendance_below_target: 'Attendance below target',
    appraisal: 'Performance appraisal',
    period: 'Period',
    recommended: 'Recommended rating',
    results_rating: 'Results',
    behaviour_rating: 'Behaviour',
    calculation: 'Calculation',
    berprestasi: 'Achievers',
    perlu_pembinaan: 'Needs coaching',
    appraisal_unavailable: 'Appraisal is not available on this hub yet.',
    appraisal_empty: 'No appraisal data for this period yet.',
    appraisal_note: 'A recommendation for the supervisor, never an automatic sanction.',
    rtl: 'Follow-up plan (RTL) and survey report',
    rtl_note: 'Follow-up of the weakest survey elements per unit and period; overdue items raise an alert.',
    rtl_propose: 'Proposal from the weakest elements',
    rtl_accept: 'Accept proposal',
    rtl_no_proposal: 'No proposal: no answers yet, or every weak element already has a plan.',
    rtl_empty: 'No follow-up planned for this period yet.',
    rtl_element: 'Element',
    rtl_problem: 'Problem',
    rtl_action: 'Action',
    rtl_owner: 'Owner',
    rtl_owner_account: 'account',
    rtl_owner_employee: 'employee NIP',
    rtl_due: 'Due',
    rtl_status: 'Status',
    rtl_evidence: 'Evidence',
    rtl_add: 'Add',
    rtl_close: 'Done',
    rtl_saving: 'Saving…',
    rtl_saved: 'Saved',
    rtl_overdue: 'overdue',
    rtl_status_planned: 'Planned',
    rtl_status_in_progress: 'In progress',
    rtl_status_done: 'Done',
    report_unit: 'Unit report',
    report_office: 'Office report',
    semester: 'Semester',
    year: 'Year',
    month: 'Month',
    charts: 'Charts',
    chart_checkins: "Today's check-ins (cumulative)",
    chart_satisfaction: 'Satisfaction trend, 30 days',
    checkins: 'Check-ins',
    expected: 'Expected',
    index: 'Index',
    time: 'Time',
    date: 'Date',
    load_failed: 'Could not load data',
    forbidden: 'You may not see this data',
    updated: 'Updated',
    role_admin: 'admin',
    role_supervisor: 'supervisor',
    role_viewer: 'viewer',
    none: '—',
  },
};

const storageKey = 'pantau.lang';

function initialLanguage() {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved === 'id' || saved === 'en') return saved;
  } catch { /* storage may be disabled: Indonesian */ }
  return 'id';
}

let lang = initialLanguage();

export function language() { return lang; }
export function locale() { return lang === 'en' ? 'en-GB' : 'id-ID'; }

export function setLanguage(next) {
  lang = next === 'en' ? 'en' : 'id';
  try { localStorage.setItem(storageKey, lang); } catch { /* not kept, still switched */ }
  document.documentElement.lang = lang;
  applyStatic();
}

// A view that keeps its own texts adds them here (both languages), so this table stays the shared one.
export function addTexts(more) {
  for (const l of ['id', 'en']) Object.assign(texts[l], more[l] ?? {});
}

export function t(key) {
  return texts[lang][key] ?? texts.id[key] ?? key;
}

// The appraisal's ratings come from the hub in their official wording (PermenPANRB 6/2022); the English
// view shows the English sense with the official term beside it, which is what the forms carry.
const officialTerms = {
  'Sangat Baik': 'Outstanding',
  'Baik': 'Good',
  'Butuh Perbaikan': 'Needs improvement',
  'Kurang': 'Poor',
  'Sangat Kurang': 'Very poor',
  'Di Atas Ekspektasi': 'Above expectations',
  'Sesuai Ekspektasi': 'Meets expectations',
  'Di Bawah Ekspektasi': 'Below expectations',
};

export function officialTerm(term) {
  if (lang !== 'en' || !(term in officialTerms)) return term;
  return `${officialTerms[term]} (${term})`;
}

// Elements with data-i18n="key" get their text; data-i18n-placeholder sets placeholders.
export function applyStatic(root = document) {
  document.title = t('title');
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}

const numberFormats = new Map();
function nf(options) {
  const key = `${lang}|${JSON.stringify(options)}`;
  if (!numberFormats.has(key)) numberFormats.set(key, new Intl.NumberFormat(locale(), options));
  return numberFormats.get(key);
}

export function fmtInt(v) {
  return v === null || v === undefined || Number.isNaN(v) ? t('none') : nf({ maximumFractionDigits: 0 }).format(v);
}
export function fmtDec(v, digits = 2) {
  return v === null || v === undefined || Number.isNaN(v)
    ? t('none')
    : nf({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}
// A share 0..1 as a percentage.
export function fmtPct(v) {
  return v === null || v === undefined || Number.isNaN(v)
    ? t('none')
    : nf({ style: 'percent', maximumFractionDigits: 0 }).format(v);
}
// Seconds as "m:ss" ("1 j 05:00" over an hour is not needed at a counter).
export function fmtDuration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return t('none');
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return `${fmtInt(m)}:${String(s % 60).padStart(2, '0')}`;
}

// An ISO UTC timestamp in the office's zone.
export function fmtDateTime(iso, timeZone) {
  if (!iso) return t('none');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return t('none');
  return new Intl.DateTimeFormat(locale(), {
    timeZone, day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).format(d);
}
export function fmtDate(ymd) {
  if (!ymd) return t('none');
  const [y, m, d] = ymd.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
    .format(new Date(Date.UTC(y, m - 1, d)));
}

// The two charts on the overview: they follow the selected unit, or the whole visible organisation.
import { api, query } from './api.js';
import { CheckinsChart, SatisfactionChart } from './charts.js';
import { tid } from './dom.js';
import { addDays, fresh, now, state, todayIn, unitOf, zoneOfOffice } from './state.js';

let checkinsChart = null;
let satisfactionChart = null;

export function createCharts() {
  if (!checkinsChart) checkinsChart = new CheckinsChart(tid('chart-checkins'));
  if (!satisfactionChart) satisfactionChart = new SatisfactionChart(tid('chart-satisfaction'));
}

// ---- charts --------------------------------------------------------------------------------------------

// The charts follow the selected unit; without one, the admin sees whole offices and others their units.
function chartScopes() {
  if (state.selectedUnit) return [{ scope: 'unit', id: state.selectedUnit, zone: zoneOfOffice(unitOf(state.selectedUnit)?.office) }];
  if (state.session.role === 'admin') return state.org.offices.map((o) => ({ scope: 'office', id: o.office, zone: o.zone }));
  return state.org.units.map((u) => ({ scope: 'unit', id: u.unit, zone: zoneOfOffice(u.office) }));
}

export async function refreshCheckins() {
  const current = fresh('checkins');
  const scopes = chartScopes();
  if (scopes.length === 0) return;
  try {
    const parts = await Promise.all(scopes.map((s) => api.get(`/api/v1/checkins?${query({ scope: s.scope, id: s.id, date: todayIn(s.zone) })}`)));
    if (!current()) return;
    const minutes = parts.flatMap((p) => p.minutes).sort((a, b) => a - b);
    const expected = parts.reduce((a, p) => a + p.expected, 0);
    checkinsChart.update({ date: parts[0].date, zone: parts[0].zone, minutes, expected });
    tid('chart-checkins').dataset.count = String(minutes.length);
  } catch { /* the chart keeps its last picture */ }
}

export async function refreshTrend() {
  const current = fresh('trend');
  const scopes = chartScopes();
  if (scopes.length === 0) return;
  try {
    const series = await Promise.all(scopes.map((s) => {
      const to = todayIn(s.zone);
      return api.get(`/api/v1/kpi/daily?${query({ scope: s.scope, id: s.id, from: addDays(to, -29), to })}`);
    }));
    if (!current()) return;
    // Several scopes: each day's index and share weighted by its responses.
    const days = series[0].map((d, i) => {
      let n = 0; let idx = 0; let cs = 0;
      for (const s of series) {
        const p = s[i];
        const v = p.ikm ?? p.quick_index;
        if (p.responses > 0 && v != null) { n += p.responses; idx += v * p.responses; cs += (p.csat ?? 0) * p.responses; }
      }
      return { date: d.date, responses: n, ikm: n ? idx / n : null, csat: n ? cs / n : null };
    });
    satisfactionChart.update(days);
  } catch { /* the chart keeps its last picture */ }
}

export function chartsNow() {
  now('checkins', refreshCheckins);
  now('trend', refreshTrend);
}

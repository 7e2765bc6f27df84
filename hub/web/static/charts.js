// The two uPlot charts: today's check-ins over time (cumulative, stepped) and the satisfaction trend of
// the last 30 days (index 25..100 and share satisfied). Times are shown in the office's zone, not the
// browser's: a supervisor in Jakarta looking at a WITA office sees the office's clock.
import uPlot from '/vendor/uplot/uPlot.esm.js';
import { hubNow } from './hub_clock.js';
import { fmtDec, fmtInt, fmtPct, locale, t } from './i18n.js';
import { ianaOf, offsetOf } from './zones.js';


function sizeOf(el) {
  const width = Math.max(280, Math.floor(el.clientWidth || 600));
  const height = Math.max(180, Math.min(420, Math.floor(width * 0.38)));
  return { width, height };
}

function axisStyle() {
  const css = getComputedStyle(document.documentElement);
  return {
    stroke: css.getPropertyValue('--ink-soft').trim() || '#555',
    grid: { stroke: css.getPropertyValue('--grid').trim() || '#e5e5e5', width: 1 },
    ticks: { stroke: css.getPropertyValue('--grid').trim() || '#e5e5e5', width: 1 },
    font: `${Math.round(parseFloat(css.fontSize) * 0.8)}px system-ui, sans-serif`,
  };
}

class Chart {
  constructor(el) {
    this.el = el;
    this.plot = null;
    this.key = '';
    new ResizeObserver(() => {
      if (this.plot) this.plot.setSize(sizeOf(this.el));
    }).observe(el);
  }

  // Rebuilds only when the shape (series, zone, language) changes; otherwise just new data.
  show(key, makeOpts, data) {
    if (this.plot && this.key === key) {
      this.plot.setData(data);
      return;
    }
    if (this.plot) this.plot.destroy();
    this.el.textContent = '';
    this.key = key;
    this.plot = new uPlot({ ...sizeOf(this.el), ...makeOpts() }, data, this.el);
  }
}

export class CheckinsChart extends Chart {
  // minutes: local minute of each first check-in (ascending); date "YYYY-MM-DD"; zone "WIB".
  update({ date, zone, minutes, expected }) {
    const [y, m, d] = date.split('-').map(Number);
    const midnight = Date.UTC(y, m - 1, d) / 1000 - offsetOf(zone) * 60;
    const xs = [midnight + 6 * 3600];
    const ys = [0];
    minutes.forEach((min, i) => {
      xs.push(midnight + min * 60);
      ys.push(i + 1);
    });
    const now = Math.floor(hubNow().getTime() / 1000);
    const end = Math.min(Math.max(now, xs[xs.length - 1]), midnight + 24 * 3600 - 60);
    if (end > xs[xs.length - 1]) {
      xs.push(end);
      ys.push(minutes.length);
    }
    const target = xs.map(() => expected);
    const tz = ianaOf(zone);
    this.show(`${zone}|${locale()}`, () => ({
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), tz),
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: { y: { range: (u, lo, hi) => [0, Math.max(hi, 1) * 1.1] } },
      axes: [
        { ...axisStyle(), space: 70, values: (u, ticks) => ticks.map((v) => new Intl.DateTimeFormat(locale(), { timeZone: tz, hour: '2-digit', minute: '2-digit' }).format(new Date(v * 1000))) },
        { ...axisStyle(), incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000], values: (u, ticks) => ticks.map((v) => fmtInt(v)) },
      ],
      series: [
        { label: t('time'), value: (u, v) => (v == null ? '' : new Intl.DateTimeFormat(locale(), { timeZone: tz, hour: '2-digit', minute: '2-digit' }).format(new Date(v * 1000))) },
        { label: t('checkins'), stroke: '#0b6e4f', fill: 'rgba(11,110,79,0.15)', width: 3, paths: uPlot.paths.stepped({ align: 1 }), value: (u, v) => fmtInt(v) },
        { label: t('expected'), stroke: '#b5651d', dash: [8, 6], width: 2, points: { show: false }, value: (u, v) => fmtInt(v) },
      ],
    }), [xs, ys, target]);
  }
}

export class SatisfactionChart extends Chart {
  // days: [{date, ikm, quick_index, csat, responses}] oldest first.
  update(days) {
    const xs = days.map((p) => {
      const [y, m, d] = p.date.split('-').map(Number);
      return Date.UTC(y, m - 1, d) / 1000;
    });
    const index = days.map((p) => p.ikm ?? p.quick_index ?? null);
    const csat = days.map((p) => (p.csat == null ? null : p.csat * 100));
    this.show(locale(), () => ({
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'UTC'),
      cursor: { drag: { x: false, y: false } },
      scales: { y: { range: [0, 100] } },
      axes: [
        { ...axisStyle(), space: 90, values: (u, ticks) => ticks.map((v) => new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(new Date(v * 1000))) },
        { ...axisStyle(), values: (u, ticks) => ticks.map((v) => fmtInt(v)) },
      ],
      series: [
        { label: t('date'), value: (u, v) => (v == null ? '' : new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', day: 'numeric', month: 'long' }).format(new Date(v * 1000))) },
        { label: `${t('ikm')} / ${t('quick_index')}`, stroke: '#1f4e9c', width: 3, spanGaps: false, points: { size: 6 }, value: (u, v) => fmtDec(v) },
        { label: t('csat'), stroke: '#0b6e4f', width: 2, dash: [6, 4], points: { size: 5 }, value: (u, v) => (v == null ? '' : fmtPct(v / 100)) },
      ],
    }), [xs, index, csat]);
  }
}

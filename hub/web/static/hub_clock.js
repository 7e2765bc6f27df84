// The hub's clock, not the browser's: "today" on the dashboard is the office's day as the hub counts it
// (a screen whose own clock is off, or a hub run at another instant, must not show another day's
// numbers). Each session answer carries the hub's time; the page keeps the difference.
let skewMs = 0;

// `iso`: the hub's "now" (UTC ISO-8601) from a session answer; ignored when missing or unreadable.
export function syncWithHub(iso) {
  const t = Date.parse(iso ?? '');
  if (Number.isFinite(t)) skewMs = t - Date.now();
}

export function hubNow() { return new Date(Date.now() + skewMs); }

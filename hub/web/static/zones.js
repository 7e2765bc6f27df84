// The offices' zones as the hub describes them (abbreviation, IANA name, minutes east of UTC), learnt
// from /api/v1/org: the hub keeps the one zone table and the page keeps none of its own. Until the
// organisation has loaded, the hub's default zone (WIB) stands in.
const known = new Map([['WIB', { iana: 'Asia/Jakarta', offset: 420 }]]);

export function learnZone(office) {
  if (office?.zone && office.iana && Number.isFinite(office.utc_offset_minutes))
    known.set(office.zone, { iana: office.iana, offset: office.utc_offset_minutes });
}
export function ianaOf(zone) { return (known.get(zone) ?? known.get('WIB')).iana; }
export function offsetOf(zone) { return (known.get(zone) ?? known.get('WIB')).offset; }

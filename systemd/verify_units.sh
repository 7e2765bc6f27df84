#!/bin/sh
# Checks the unit files with `systemd-analyze verify`. verify only warns (exit 0) about unknown keys
# and bad values, so any output at all counts as a failure. The programs named by ExecStart= must exist
# for verify: copies of the units point at the built binaries instead (and at /bin/true for the screen
# programs when cage/Chromium are not installed on the build machine). Drop-ins in UNIT_DIR/*.service.d/
# (the Debian packages ship some) are checked with their units.
# Usage: verify_units.sh UNIT_DIR HUB_BINARY KIOSK_BINARY
set -u
unit_dir=$1 hub=$2 kiosk=$3
analyze=$(command -v systemd-analyze) || { echo "systemd-analyze not found; skipping"; exit 77; }
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT

verify() {  # verify FILE... -> 0 when clean; together, so that Requires= between them resolve
  # The first file's folder first in the unit path: drop-ins next to it (NAME.service.d/) apply too.
  out=$(SYSTEMD_UNIT_PATH="$(dirname "$1"):" "$analyze" verify --man=no "$@" 2>&1)
  rc=$?
  if [ $rc -ne 0 ] || [ -n "$out" ]; then
    printf 'systemd-analyze verify rc=%s\n%s\n' "$rc" "$out"
    return 1
  fi
  return 0
}

rewrite() {  # rewrite SRC DST
  sed -e "s#^ExecStart=/usr/bin/pantau-hub #ExecStart=$hub #" \
      -e "s#^ExecStart=/usr/bin/pantau-kiosk #ExecStart=$kiosk #" "$1" > "$2"
  [ -x /usr/bin/cage ] || sed -i -e 's#^ExecStart=/usr/bin/cage #ExecStart=/bin/true #' "$2"
}

failed=0
count=0
for unit in "$unit_dir"/*.service; do
  name=$(basename "$unit")
  rewrite "$unit" "$work/$name"
  count=$((count + 1))
done
for dropins in "$unit_dir"/*.service.d; do
  [ ! -d "$dropins" ] || cp -r "$dropins" "$work/"
done
verify "$work"/*.service || failed=1
[ $count -ge 3 ] || { echo "expected at least 3 units in $unit_dir, found $count"; exit 1; }

# The check itself must catch mistakes: a misspelt key and a bad value in a copy of the hub unit.
mkdir -p "$work/broken"
sed -e 's/^WatchdogSec=/WatchdogSecs=/' "$work/pantau-hub.service" > "$work/broken/pantau-hub.service"
if verify "$work/broken/pantau-hub.service" >/dev/null; then
  echo "a misspelt key passed verify: the check is blind"; failed=1
fi
sed -e 's/^ProtectHome=.*/ProtectHome=maybe/' "$work/pantau-kiosk.service" > "$work/broken/pantau-kiosk.service"
if verify "$work/broken/pantau-kiosk.service" >/dev/null; then
  echo "a bad value passed verify: the check is blind"; failed=1
fi

if [ -d "$work/pantau-hub.service.d" ]; then
  mkdir -p "$work/broken-dropin/pantau-hub.service.d"
  cp "$work/pantau-hub.service" "$work/broken-dropin/"
  printf '[Service]\nDynamicUser=maybe\n' >"$work/broken-dropin/pantau-hub.service.d/broken.conf"
  if verify "$work/broken-dropin/pantau-hub.service" >/dev/null; then
    echo "a bad value in a drop-in passed verify: drop-ins are not checked"; failed=1
  fi
fi

[ $failed -eq 0 ] && echo "$count units verified"
exit $failed

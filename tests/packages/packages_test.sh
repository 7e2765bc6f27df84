#!/usr/bin/env bash
# The Debian packages (scripts/package) in a clean Debian bookworm root made here with mmdebstrap:
# lintian without errors; `apt-get install` of both packages pulls their dependencies; accounts, state
# folders, files, conffile, enabled units and the hub's key are checked, the installed hub serves from
# its conffile as its unit would run it, the installed provisioning tool writes a kiosk.toml the
# installed kiosk accepts; an upgrade keeps a locally changed conffile and the key; remove keeps state
# and config; purge leaves no file of either package behind.
#
# Network: the bookworm root and the packages' dependencies come from the Debian mirror configured on
# this machine (/etc/apt/sources.list*). That fetch is the one exception to "tests talk to loopback
# only"; everything else here stays on 127.0.0.1. Exit 77 (skipped) when not root or when that mirror
# cannot be reached.
# Usage: packages_test.sh SOURCE_DIR BUILD_DIR
#   The packages are made from this test build (its pantau-hub and pantau-kiosk): a second tree
#   configured with PANTAU_INSTALLED_LAYOUT=ON would cost a full compile on its first run, and only its
#   compiled-in fallback web folders would differ, which the packaged configs override (scripts/package
#   warns about it). Nothing is cached between runs.
set -u
source=$1 build=$2
source "$source/scripts/lib.sh"

[ "$(id -u)" -eq 0 ] || { echo "needs root (chroot, mmdebstrap); skipping"; exit 77; }

# The Debian bookworm sources of this machine, as mmdebstrap takes them (one-line or deb822 files).
debian_sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] && grep -qE '^[^#]*\bbookworm\b' "$f" && grep -qE '^[^#]*https?://[^ ]*/debian/?( |$)' "$f" &&
    debian_sources+=("$f")
done
[ ${#debian_sources[@]} -gt 0 ] || { echo "no Debian bookworm mirror in /etc/apt/sources.list*; skipping"; exit 77; }
mirror=$(sed -nE -e 's#^URIs: *(https?://[^ ]*/debian)/? *$#\1#p' \
                 -e 's#^deb +(\[[^]]*\] +)?(https?://[^ ]*/debian)/? +bookworm .*#\2#p' "${debian_sources[@]}" | head -1)
if ! curl -fsS --max-time 20 -o /dev/null "$mirror/dists/bookworm/InRelease"; then
  echo "the Debian mirror $mirror cannot be reached; skipping"
  exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/pantau-packages.XXXXXX") || exit 1
broot=$work/root
failures=0
daemon_pid=""
cleanup() {
  [ -z "$daemon_pid" ] || { kill -TERM "$daemon_pid" 2>/dev/null; wait "$daemon_pid" 2>/dev/null; }
  if mountpoint -q "$broot/proc"; then umount "$broot/proc" || umount -l "$broot/proc"; fi
  if mountpoint -q "$broot/proc"; then echo "$broot/proc still mounted; $work kept"; return; fi
  if [ $failures -eq 0 ]; then rm -rf --one-file-system "$work"; else echo "files kept in $work"; fi
}
trap cleanup EXIT

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() {  # check "what" COMMAND...
  local what=$1; shift
  if "$@"; then echo "ok: $what"; else fail "$what"; fi
}
finish() {
  echo "elapsed: ${SECONDS}s"
  if [ $failures -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
  echo "all checks passed"; exit 0
}
phase() { echo "== $* (${SECONDS}s)"; }
in_root() { chroot "$broot" "$@"; }
apt_in_root() {  # apt-get in the root, no questions; a conffile prompt would read EOF and fail
  chroot "$broot" env DEBIAN_FRONTEND=noninteractive apt-get -q -y --no-install-recommends "$@" </dev/null
}
mode_of() { in_root stat -c '%U:%G %a' "$1"; }  # names from the root's own accounts
exists() { test -e "$broot$1" || test -L "$broot$1"; }
absent() { ! exists "$1"; }
same() { test "$1" = "$2"; }
has_account() { in_root getent passwd "$@" >/dev/null; }
version_of() { in_root dpkg-query -W -f='${Version}' "$1" 2>/dev/null; }
status_of() { in_root dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | tr -d ' '; }

# ---- the packages: two versions from one build tree -------------------------------------------------
phase "scripts/package"
if ! "$source/scripts/package" --build-dir "$build" --out "$work/v1" >"$work/package-v1.log" 2>&1; then
  cat "$work/package-v1.log"; fail "scripts/package"; finish
fi
v1=$(dpkg-deb -f "$work"/v1/pantau-hub_*.deb Version)
v2="$v1+1"
"$source/scripts/package" --build-dir "$build" --out "$work/v2" --version "$v2" >"$work/package-v2.log" 2>&1 ||
  { cat "$work/package-v2.log"; fail "scripts/package --version $v2"; finish; }
check "$v2 sorts after $v1" dpkg --compare-versions "$v2" gt "$v1"
arch=$(dpkg --print-architecture)
for pkg in pantau-hub pantau-kiosk; do
  check "${pkg}_${v1}_$arch.deb and ${pkg}_${v2}_$arch.deb made" \
    test -f "$work/v1/${pkg}_${v1}_$arch.deb" -a -f "$work/v2/${pkg}_${v2}_$arch.deb"
done
cat "$work/package-v1.log"

phase "lintian"
lintian --pedantic --fail-on error "$work"/v1/*.deb >"$work/lintian.log" 2>&1
rc=$?
cat "$work/lintian.log"
check "lintian: no errors (exit $rc)" test $rc -eq 0
check "lintian: no E: lines" bash -c "! grep -q '^E:' '$work/lintian.log'"

phase "systemd-analyze verify: the packaged units with their drop-ins"
mkdir -p "$work/extract"
for deb in "$work"/v1/*.deb; do dpkg-deb -x "$deb" "$work/extract"; done
"$source/systemd/verify_units.sh" "$work/extract/lib/systemd/system" \
  "$work/extract/usr/bin/pantau-hub" "$work/extract/usr/bin/pantau-kiosk"
rc=$?
if [ $rc -eq 77 ]; then
  echo "systemd-analyze is missing: the units are not verified here (ctest -L systemd says the same)"
else
  check "systemd-analyze verify of the packaged units and drop-ins" test $rc -eq 0
fi

# ---- a clean bookworm root --------------------------------------------------------------------------
phase "mmdebstrap bookworm ($mirror)"
# The package lists stay, so that apt in the root needs no second download of them.
if ! mmdebstrap --mode=root --variant=minbase --skip=cleanup/apt/lists --quiet bookworm "$broot" \
       "${debian_sources[@]}" >"$work/mmdebstrap.log" 2>&1; then
  cat "$work/mmdebstrap.log"; fail "mmdebstrap"; finish
fi
mount -t proc proc "$broot/proc"
cp /etc/resolv.conf "$broot/etc/resolv.conf"
# Nothing starts in the root: invoke-rc.d and deb-systemd-invoke ask policy-rc.d first.
printf '#!/bin/sh\nexit 101\n' >"$broot/usr/sbin/policy-rc.d"
chmod 0755 "$broot/usr/sbin/policy-rc.d"
mkdir -p "$broot/srv/debs"
cp "$work"/v1/*.deb "$work"/v2/*.deb "$broot/srv/debs/"

# ---- install ------------------------------------------------------------------------------------------
phase "apt-get install $v1"
# The recommendations resolve from the mirror (only simulated: chromium alone is ~140 packages).
in_root apt-get -s -q install "/srv/debs/pantau-hub_${v1}_$arch.deb" "/srv/debs/pantau-kiosk_${v1}_$arch.deb" \
  >"$work/simulate.log" 2>&1
for p in mosquitto cage chromium chrony; do
  check "apt would install $p with the packages" grep -q "^Inst $p " "$work/simulate.log"
done
if ! apt_in_root install "/srv/debs/pantau-hub_${v1}_$arch.deb" "/srv/debs/pantau-kiosk_${v1}_$arch.deb" \
     >"$work/install.log" 2>&1; then
  cat "$work/install.log"; fail "apt-get install of both packages"; finish
fi
grep -E '^(Need to get|After this operation)' "$work/install.log"
for pkg in pantau-hub pantau-kiosk; do
  check "$pkg $v1 installed" same "$(status_of $pkg) $(version_of $pkg)" "ii $v1"
  check "$pkg: dpkg --verify (md5sums) clean" test -z "$(in_root dpkg --verify "$pkg")"
done
check "chrony installed as a dependency" same "$(status_of chrony)" ii

for user in pantau-hub pantau-kiosk pantau-screen; do
  entry=$(in_root getent passwd "$user")
  uid=$(echo "$entry" | cut -d: -f3)
  check "system account $user (uid ${uid:-none} < 1000)" test -n "$uid" -a "${uid:-1000}" -lt 1000
  check "$user cannot log in ($(echo "$entry" | cut -d: -f7))" same "$(echo "$entry" | cut -d: -f7)" /usr/sbin/nologin
  check "/var/lib/$user owned by $user, 0750" same "$(mode_of "/var/lib/$user")" "$user:$user 750"
done
for unit in pantau-hub.service pantau-hub-verify.service pantau-hub-verify.timer pantau-kiosk.service \
            pantau-kiosk-browser.service; do
  check "unit $unit in /lib/systemd/system" test -f "$broot/lib/systemd/system/$unit"
  user=$(sed -n 's/^User=//p' "$broot/lib/systemd/system/$unit")
  [ -z "$user" ] || check "$unit runs as $user, which exists" has_account "$user"
done
check "pantau-hub.service enabled" test -L "$broot/etc/systemd/system/multi-user.target.wants/pantau-hub.service"
check "pantau-hub-verify.timer enabled" test -L "$broot/etc/systemd/system/timers.target.wants/pantau-hub-verify.timer"
check "pantau-kiosk.service enabled" test -L "$broot/etc/systemd/system/multi-user.target.wants/pantau-kiosk.service"
check "pantau-kiosk-browser.service enabled" \
  test -L "$broot/etc/systemd/system/graphical.target.wants/pantau-kiosk-browser.service"
check "pantau-kiosk.service waits for kiosk.toml" \
  grep -qxF "ConditionPathExists=/etc/pantau/kiosk.toml" "$broot/lib/systemd/system/pantau-kiosk.service"
check "pantau-kiosk-browser.service waits for kiosk.toml" \
  grep -qxF "ConditionPathExists=/etc/pantau/kiosk.toml" "$broot/lib/systemd/system/pantau-kiosk-browser.service"
check "pantau-hub.service takes the key as a credential" \
  grep -qxF "LoadCredential=hub.key:/etc/pantau/hub.key" "$broot/lib/systemd/system/pantau-hub.service"
for f in /usr/share/pantau/hub-web/index.html /usr/share/pantau/hub-web/node_modules/uplot/dist/uPlot.iife.min.js \
         /usr/share/pantau/kiosk-web/index.html /usr/share/doc/pantau-kiosk/examples/kiosk.toml \
         /usr/bin/pantau-provision-kiosk /usr/bin/pantau-fleet-ca; do
  check "$f installed" test -f "$broot$f"
done
for pkg in pantau-hub pantau-kiosk; do
  check "$pkg: copyright" test -f "$broot/usr/share/doc/$pkg/copyright"
  check "$pkg: changelog.Debian.gz names $v1" bash -c "zcat '$broot/usr/share/doc/$pkg/changelog.Debian.gz' | head -1 | grep -qF '($v1)'"
done
check "/etc/pantau/hub.toml is pantau-hub's conffile" \
  bash -c "chroot '$broot' dpkg-query -W -f='\${Conffiles}' pantau-hub | grep -q '^ /etc/pantau/hub.toml '"
check "/etc/pantau/hub.toml is the example" cmp -s "$broot/etc/pantau/hub.toml" "$source/packaging/hub.toml"
check "hub key made at install: root 0600" same "$(mode_of /etc/pantau/hub.key)" "root:root 600"
check "hub public key next to it: 0644" same "$(mode_of /etc/pantau/hub.pub)" "root:root 644"
check "pantau-hub --help runs in the root" in_root pantau-hub --help >/dev/null
check "pantau-kiosk --help runs in the root" in_root pantau-kiosk --help >/dev/null

# ---- the installed programs, run as their units run them ----------------------------------------------
phase "installed hub and kiosk"
# The hub from the packaged conffile, as pantau-hub with the key handed over like LoadCredential=
# does; only the address moves to a free loopback port. It runs without a broker.
mkdir -p "$broot/run/credentials/hub"
install -m 0400 -o "$(in_root id -u pantau-hub)" "$broot/etc/pantau/hub.key" "$broot/run/credentials/hub/hub.key"
http_port=$(free_port)
sed "s#^listen = .*#listen = \"127.0.0.1:$http_port\"#" "$broot/etc/pantau/hub.toml" >"$broot/run/hub-test.toml"
chroot "$broot" setpriv --reuid=pantau-hub --regid=pantau-hub --init-groups \
  env CREDENTIALS_DIRECTORY=/run/credentials/hub /usr/bin/pantau-hub --config /run/hub-test.toml \
  >"$work/hub.log" 2>&1 &
daemon_pid=$!
if wait_http "http://127.0.0.1:$http_port/healthz" 30; then
  echo "ok: the installed hub answers /healthz"
  code=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/vendor/uplot/uPlot.iife.min.js")
  check "the installed hub serves uPlot from /usr/share/pantau/hub-web (got $code)" same "$code" 200
else
  cat "$work/hub.log"; fail "the installed hub did not answer /healthz"
fi
kill -TERM "$daemon_pid"; wait "$daemon_pid"
rc=$?
daemon_pid=""
check "the installed hub stops cleanly (exit $rc)" test $rc -eq 0
check "its store belongs to pantau-hub" same "$(mode_of /var/lib/pantau-hub/pantau.db | cut -d' ' -f1)" pantau-hub:pantau-hub
rm -rf "$broot/run/credentials/hub" "$broot/run/hub-test.toml"

# A kiosk as the README provisions it: pantau-provision-kiosk on the hub, files copied to /etc.
if in_root pantau-provision-kiosk binjai-dukcapil k-01 --no-register --out /root/kiosks >"$work/provision.log" 2>&1; then
  out=$broot/root/kiosks/binjai-dukcapil/k-01
  install -m 0644 "$out/kiosk.toml" "$broot/etc/pantau/kiosk.toml"
  install -m 0600 "$out/kiosk.key" "$broot/etc/pantau/kiosk.key"
  mkdir -p "$broot/etc/systemd/system/pantau-kiosk.service.d"
  cp "$out/pantau-kiosk.service.d/"*.conf "$broot/etc/systemd/system/pantau-kiosk.service.d/"
  rm -rf "$broot/root/kiosks"
  mkdir -p "$broot/run/credentials/kiosk"
  install -m 0400 -o "$(in_root id -u pantau-kiosk)" "$broot/etc/pantau/kiosk.key" "$broot/run/credentials/kiosk/kiosk.key"
  check "the installed kiosk accepts the provisioned kiosk.toml (as pantau-kiosk)" \
    chroot "$broot" setpriv --reuid=pantau-kiosk --regid=pantau-kiosk --init-groups \
    env CREDENTIALS_DIRECTORY=/run/credentials/kiosk /usr/bin/pantau-kiosk --config /etc/pantau/kiosk.toml emit --count 0
  rm -rf "$broot/run/credentials/kiosk"
else
  cat "$work/provision.log"; fail "pantau-provision-kiosk in the root"
fi
# Registering kiosks as root before the hub ever ran (the README's order on a new hub) must leave a
# store the pantau-hub account can write.
rm -f "$broot"/var/lib/pantau-hub/pantau.db*
if in_root pantau-provision-kiosk binjai-dukcapil k-02 --out /root/kiosks >"$work/register.log" 2>&1; then
  check "a store made by provisioning belongs to pantau-hub" \
    same "$(mode_of /var/lib/pantau-hub/pantau.db | cut -d' ' -f1)" pantau-hub:pantau-hub
  check "the kiosk is registered in it with its key" same \
    "$(sqlite3 "$broot/var/lib/pantau-hub/pantau.db" "SELECT count(*) FROM kiosks WHERE kiosk = 'k-02' AND public_key != ''")" 1
  rm -rf "$broot/root/kiosks"
else
  cat "$work/register.log"; fail "pantau-provision-kiosk registering in the root"
fi
# The screen's browser profile, as Chromium would leave it.
in_root setpriv --reuid=pantau-screen --regid=pantau-screen --init-groups \
  sh -c 'mkdir -p /var/lib/pantau-screen/chromium && echo profile >/var/lib/pantau-screen/chromium/Local-State'
check "a state file in /var/lib/pantau-kiosk" bash -c "ls '$broot/var/lib/pantau-kiosk/' | grep -q ."

# ---- upgrade ------------------------------------------------------------------------------------------
phase "upgrade to $v2"
echo "# lokal / local change" >>"$broot/etc/pantau/hub.toml"
cp "$broot/etc/pantau/hub.toml" "$work/hub.toml.local"
key_before=$(sha256sum <"$broot/etc/pantau/hub.key")
pub_before=$(cat "$broot/etc/pantau/hub.pub")
if ! apt_in_root install "/srv/debs/pantau-hub_${v2}_$arch.deb" "/srv/debs/pantau-kiosk_${v2}_$arch.deb" \
     >"$work/upgrade.log" 2>&1; then
  cat "$work/upgrade.log"; fail "apt-get install (upgrade)"; finish
fi
for pkg in pantau-hub pantau-kiosk; do
  check "$pkg upgraded to $v2" same "$(status_of $pkg) $(version_of $pkg)" "ii $v2"
done
check "pantau-hub: changelog.Debian.gz now starts with $v2" \
  bash -c "zcat '$broot/usr/share/doc/pantau-hub/changelog.Debian.gz' | head -1 | grep -qF '($v2)'"
check "the changed conffile is kept" cmp -s "$work/hub.toml.local" "$broot/etc/pantau/hub.toml"
check "no .dpkg-new/.dpkg-dist/.dpkg-old left" \
  test -z "$(find "$broot/etc/pantau" -name '*.dpkg-*')"
check "the hub key is unchanged" same "$(sha256sum <"$broot/etc/pantau/hub.key")" "$key_before"
check "the hub public key is unchanged" same "$(cat "$broot/etc/pantau/hub.pub")" "$pub_before"
check "the store is kept" test -f "$broot/var/lib/pantau-hub/pantau.db"
check "pantau-hub.service still enabled" test -L "$broot/etc/systemd/system/multi-user.target.wants/pantau-hub.service"

# Every file the packages install, for the purge check.
in_root dpkg -L pantau-hub pantau-kiosk >"$work/dpkg-L.txt"

# ---- remove -------------------------------------------------------------------------------------------
phase "apt-get remove"
apt_in_root remove pantau-hub pantau-kiosk >"$work/remove.log" 2>&1 || { cat "$work/remove.log"; fail "apt-get remove"; }
for pkg in pantau-hub pantau-kiosk; do
  check "$pkg removed, its config kept (rc)" same "$(status_of $pkg)" rc
done
check "programs gone" test ! -e "$broot/usr/bin/pantau-hub" -a ! -e "$broot/usr/bin/pantau-kiosk"
check "changed hub.toml kept" cmp -s "$work/hub.toml.local" "$broot/etc/pantau/hub.toml"
for f in /etc/pantau/hub.key /etc/pantau/hub.pub /etc/pantau/kiosk.toml /etc/pantau/kiosk.key \
         /var/lib/pantau-hub/pantau.db /var/lib/pantau-screen/chromium/Local-State; do
  check "$f kept" test -f "$broot$f"
done
check "the kiosk's state kept" bash -c "ls '$broot/var/lib/pantau-kiosk/' | grep -q ."

# ---- purge --------------------------------------------------------------------------------------------
phase "apt-get purge"
apt_in_root purge pantau-hub pantau-kiosk >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "apt-get purge"; }
for pkg in pantau-hub pantau-kiosk; do
  check "$pkg purged" test -z "$(status_of $pkg)"
done
for d in /var/lib/pantau-hub /var/lib/pantau-kiosk /var/lib/pantau-screen /etc/pantau \
         /etc/systemd/system/pantau-kiosk.service.d; do
  check "$d gone" absent "$d"
done
# dpkg -L against the root: no file of either package stays, no folder of Pantau's own.
left=""
while IFS= read -r path; do
  [ -n "$path" ] && [ "$path" != "/." ] || continue
  if [ -d "$broot$path" ]; then  # folders (and /lib, a link in bookworm) shared with other packages
    case "$path" in *pantau*) left+=" $path" ;; esac
  elif exists "$path"; then
    left+=" $path"
  fi
done <"$work/dpkg-L.txt"
check "nothing from dpkg -L left:${left:- none}" test -z "$left"
named=$(cd "$broot" && find . -xdev -name '*pantau*' -not -path './srv/debs/*' -not -path './proc/*' | sort)
check "no file named *pantau* left: ${named:-none}" test -z "$named"
# System accounts stay after purge (Debian's practice: a later account must not inherit files by uid).
check "the accounts stay" has_account pantau-hub pantau-kiosk pantau-screen
finish

#!/usr/bin/env bash
# Installs the build into a temporary prefix with `cmake --install` and checks what a device gets:
#   tree       the files, where they land, and that units and examples name the installed paths
#   hub        the INSTALLED pantau-hub, configured from the installed example, serves the dashboard
#              and uPlot from share/pantau/hub-web (its own mosquitto on a free loopback port)
#   provision  pantau-provision-kiosk writes a kiosk.toml the installed pantau-kiosk runs with,
#              registers the kiosk at the hub, refuses bad names, and gives the same result twice
#   fleet      pantau-provision-kiosk --csv: a 40-row CSV provisions 40 kiosks in one command and again
#              with the same result, a bad line writes and registers nothing, a row added later provisions
#              only its kiosk, and one provisioned folder, installed as on a device, delivers its events
#              through the TLS broker whose ACL the same run wrote
#   units      systemd-analyze verify of the installed units (exit 77 = skipped without systemd-analyze)
# Usage: install_test.sh MODE CMAKE_COMMAND BUILD_DIR SOURCE_DIR
set -u
mode=$1 cmake_cmd=$2 build=$3 source=$4
source "$source/scripts/lib.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/pantau-install-$mode.XXXXXX") || exit 1
prefix=$work/usr
failures=0
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  wait 2>/dev/null
  if [ $failures -eq 0 ]; then rm -rf "$work"; else echo "files kept in $work"; fi
}
trap cleanup EXIT

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() {  # check "what" COMMAND...
  local what=$1; shift
  if "$@"; then echo "ok: $what"; else fail "$what"; fi
}
same_file() { cmp -s "$1" "$2"; }
finish() {
  if [ $failures -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
  echo "all checks passed"; exit 0
}

# cmake --install into the prefix; the whole test stops when that fails.
if ! "$cmake_cmd" --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1; then
  cat "$work/install.log"
  fail "cmake --install --prefix $prefix"
  finish
fi
share=$prefix/share/pantau
units=$prefix/lib/systemd/system

# wait_for_line FILE TEXT SECONDS PID: until TEXT appears in FILE; fails early when PID exits.
wait_for_line() {
  for _ in $(seq 1 $(($3 * 10))); do
    grep -qF -- "$2" "$1" 2>/dev/null && return 0
    kill -0 "$4" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# start_mosquitto [CONF]: a plain loopback broker on a new mqtt_port, or CONF listening on mqtt_port.
start_mosquitto() {
  local conf=${1:-}
  if [ -z "$conf" ]; then
    mqtt_port=$(free_port) || return 1
    conf=$work/mosquitto.conf
    write_mosquitto_conf "$conf" "$mqtt_port"
  fi
  /usr/sbin/mosquitto -c "$conf" >"$work/mosquitto.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$mqtt_port") 2>/dev/null && return 0
    sleep 0.1
  done
  cat "$work/mosquitto.log"
  return 1
}

# stop_and_wait PID NAME: SIGTERM, then the process must exit 0.
stop_and_wait() {
  kill -TERM "$1" 2>/dev/null
  wait "$1"
  local rc=$?
  check "$2 stops cleanly on SIGTERM (exit $rc)" test "$rc" -eq 0
}

# A hub config from the installed example: only the addresses and the store move into this test.
hub_config_from_example() {  # FILE HTTP_PORT
  sed -e "s#^url = .*#url = \"tcp://127.0.0.1:$mqtt_port\"#" \
      -e "s#^listen = .*#listen = \"127.0.0.1:$2\"#" \
      -e "s#^path = .*#path = \"$work/hub.db\"#" \
      -e "s#^\# key_file = \"/etc/pantau/hub.key\"#key_file = \"$work/hub.key\"#" "$share/examples/hub.toml" >"$1"
  # The hub's key pair, as at hub install.
  [ -f "$work/hub.key" ] || "$prefix/bin/pantau-hub" keygen --secret "$work/hub.key" --public "$work/hub.pub" >/dev/null
}

case "$mode" in
tree)
  for p in pantau-hub pantau-kiosk pantau-provision-kiosk; do
    check "bin/$p is executable" test -x "$prefix/bin/$p"
  done
  check "pantau-hub --version runs" "$prefix/bin/pantau-hub" --version
  # The dashboard: every file of hub/web except npm's, unchanged.
  while IFS= read -r f; do
    rel=${f#"$source/hub/web/"}
    check "hub-web/$rel installed" same_file "$f" "$share/hub-web/$rel"
  done < <(find "$source/hub/web" -path "$source/hub/web/node_modules" -prune -o -type f \
                \! -name package.json \! -name package-lock.json -print)
  check "no package.json in hub-web" test ! -e "$share/hub-web/package.json"
  expected=$(printf '%s\n' LICENSE uPlot.esm.js uPlot.iife.min.js uPlot.min.css)
  actual=$(cd "$share/hub-web/node_modules" 2>/dev/null && find . -type f -printf '%f\n' | sort)
  check "node_modules holds only uPlot's dist files (got: $(echo $actual))" test "$actual" = "$expected"
  for f in uPlot.iife.min.js uPlot.min.css uPlot.esm.js; do
    check "uplot/dist/$f is the pinned one" \
      same_file "$source/hub/web/node_modules/uplot/dist/$f" "$share/hub-web/node_modules/uplot/dist/$f"
  done
  while IFS= read -r f; do
    rel=${f#"$source/kiosk/web/"}
    check "kiosk-web/$rel installed" same_file "$f" "$share/kiosk-web/$rel"
  done < <(find "$source/kiosk/web" -type f)
  # Units: the programs at this prefix, the configs in /etc/pantau.
  for u in pantau-hub.service pantau-kiosk.service pantau-kiosk-browser.service; do
    check "unit $u installed" test -f "$units/$u"
  done
  check "hub unit runs the installed hub with /etc/pantau/hub.toml" \
    grep -qxF "ExecStart=$prefix/bin/pantau-hub --config /etc/pantau/hub.toml" "$units/pantau-hub.service"
  check "kiosk unit runs the installed kiosk with /etc/pantau/kiosk.toml" \
    grep -qxF "ExecStart=$prefix/bin/pantau-kiosk --config /etc/pantau/kiosk.toml" "$units/pantau-kiosk.service"
  check "no unit names /usr/bin/pantau-*" bash -c "! grep -qE '(^|[= ])/usr/bin/pantau-' '$units'/*.service"
  # Examples: the installed web folders, which exist.
  check "example hub.toml points at the installed dashboard" \
    grep -qxF "web_root = \"$share/hub-web\"" "$share/examples/hub.toml"
  check "example kiosk.toml points at the installed touch screen" \
    grep -qxF "web_dir = \"$share/kiosk-web\"" "$share/examples/kiosk.toml"
  # The example kiosk.toml is accepted as written (only its outbox moves here): `emit --count 0`
  # loads and validates the whole file, then exits.
  # Its keys are the ones provisioning would write: made here with the installed keygen.
  "$prefix/bin/pantau-hub" keygen --secret "$work/kiosk.key" --public "$work/kiosk.pub" >/dev/null
  "$prefix/bin/pantau-hub" keygen --secret "$work/hub.key" --public "$work/hub.pub" >/dev/null
  sed -e "s#^path = .*#path = \"$work/outbox.db\"#" \
      -e "s#^key_file = .*#key_file = \"$work/kiosk.key\"#" \
      -e "s#^hub_public_key = .*#hub_public_key = \"$(tr -d '[:space:]' <"$work/hub.pub")\"#" \
      "$share/examples/kiosk.toml" >"$work/kiosk.toml"
  check "example kiosk.toml is a valid kiosk config" \
    "$prefix/bin/pantau-kiosk" --config "$work/kiosk.toml" emit --count 0
  check "provisioning defaults to the installed touch screen" \
    grep -qxF "web_dir=\"$share/kiosk-web\"" "$prefix/bin/pantau-provision-kiosk"
  check "README installed" same_file "$source/README.md" "$prefix/share/doc/pantau/README.md"
  # Each unit's Documentation= names a file that the install put there.
  for unit in "$units"/pantau-*.service; do
    doc=$(sed -n 's#^Documentation=file://##p' "$unit")
    check "$(basename "$unit"): documentation $doc installed" test -f "$doc"
  done
  # DESTDIR staging (how a .deb is built): files under DESTDIR, text naming the final prefix.
  if DESTDIR="$work/stage" "$cmake_cmd" --install "$build" --prefix /usr >"$work/install-destdir.log" 2>&1; then
    check "DESTDIR: hub unit names /usr/bin/pantau-hub" \
      grep -qxF "ExecStart=/usr/bin/pantau-hub --config /etc/pantau/hub.toml" \
      "$work/stage/usr/lib/systemd/system/pantau-hub.service"
    check "DESTDIR: example names /usr/share/pantau/hub-web" \
      grep -qxF 'web_root = "/usr/share/pantau/hub-web"' "$work/stage/usr/share/pantau/examples/hub.toml"
    check "DESTDIR: programs under the stage" test -x "$work/stage/usr/bin/pantau-hub"
  else
    cat "$work/install-destdir.log"; fail "cmake --install with DESTDIR"
  fi
  ;;

hub)
  start_mosquitto || { fail "mosquitto did not start"; finish; }
  http_port=$(free_port)
  hub_config_from_example "$work/hub.toml" "$http_port"
  check "the test's hub.toml keeps the installed web_root" \
    grep -qxF "web_root = \"$share/hub-web\"" "$work/hub.toml"
  # A mark only the installed copy carries: what is served must come from share/pantau/hub-web.
  echo "<!-- installed-copy-$$ -->" >>"$share/hub-web/index.html"
  "$prefix/bin/pantau-hub" --config "$work/hub.toml" >"$work/hub.log" 2>&1 &
  hub_pid=$!
  pids+=("$hub_pid")
  if ! wait_http "http://127.0.0.1:$http_port/healthz" 30; then
    cat "$work/hub.log"; fail "installed pantau-hub did not answer /healthz"; finish
  fi
  base=http://127.0.0.1:$http_port
  for path in / /static/app.js /vendor/uplot/uPlot.iife.min.js /vendor/uplot/uPlot.min.css /vendor/uplot/uPlot.esm.js; do
    code=$(curl -sS -o "$work/body" -w '%{http_code}' "$base$path")
    check "GET $path -> 200 (got $code)" test "$code" = 200
  done
  curl -sS -o "$work/uplot.js" "$base/vendor/uplot/uPlot.iife.min.js"
  check "/vendor/uplot/uPlot.iife.min.js is the pinned file" \
    same_file "$work/uplot.js" "$source/hub/web/node_modules/uplot/dist/uPlot.iife.min.js"
  curl -sS -o "$work/index.html" "$base/"
  check "/ is the installed index.html" grep -qF "installed-copy-$$" "$work/index.html"
  # Only uPlot's dist folder is reachable, nothing else that might sit in the web root.
  code=$(curl -sS -o /dev/null -w '%{http_code}' "$base/vendor/uplot/uPlot.cjs.js")
  check "GET /vendor/uplot/uPlot.cjs.js (not installed) -> 404 (got $code)" test "$code" = 404
  stop_and_wait "$hub_pid" "installed pantau-hub"
  ;;

provision)
  provision=$prefix/bin/pantau-provision-kiosk
  mqtt_port=$(free_port)  # nothing listens there: the kiosk must run without its broker
  hub_config_from_example "$work/hub.toml" "$(free_port)"
  # A badge keyring as the hub operator keeps it: "<key id> <hex>".
  printf '# badge keys\nk1 %s\n' "$(printf '%064x' 42)" >"$work/keys.txt"
  mkdir -p "$work/frames" "$work/kiosk-state"
  ui_port=$(free_port)
  args=(--hub-config "$work/hub.toml" --hub-public-key "$work/hub.pub" --hub-url "tcp://127.0.0.1:$mqtt_port" --counter loket-3
        --keyring "$work/keys.txt" --camera "$work/frames" --zone WITA --out "$work/out"
        --config-dir "$work/out/binjai-dukcapil/k-07" --state-dir "$work/kiosk-state"
        --ui-listen "127.0.0.1:$ui_port")
  if ! "$provision" binjai-dukcapil k-07 "${args[@]}" >"$work/provision.log" 2>&1; then
    cat "$work/provision.log"; fail "pantau-provision-kiosk binjai-dukcapil k-07"; finish
  fi
  dir=$work/out/binjai-dukcapil/k-07
  check "kiosk.toml written" test -f "$dir/kiosk.toml"
  check "keyring copied" same_file "$work/keys.txt" "$dir/badge-keys.txt"
  check "keyring readable by its owner only" test "$(stat -c %a "$dir/badge-keys.txt")" = 600
  check "drop-in hands the keyring over as a credential" grep -qxF \
    "LoadCredential=badge-keys.txt:$dir/badge-keys.txt" "$dir/pantau-kiosk.service.d/badge-keys.conf"
  check "kiosk.toml names the kiosk" grep -qxF 'id = "k-07"' "$dir/kiosk.toml"
  check "kiosk.toml names the counter" grep -qxF 'counter = "loket-3"' "$dir/kiosk.toml"
  check "kiosk.toml uses the installed touch screen" grep -qxF "web_dir = \"$share/kiosk-web\"" "$dir/kiosk.toml"
  registered() {
    test "$(sqlite3 "$work/hub.db" "SELECT count(*) FROM kiosks WHERE office='binjai-dukcapil' AND kiosk='k-07'")" = 1
  }
  check "kiosk registered in the hub's store" registered
  # Pis have no RTC: the kiosk takes its time from the broker's host (docs/clocks.md).
  check "chrony drop-in names the hub as the preferred time source" \
    grep -qxF "server 127.0.0.1 iburst prefer" "$dir/chrony-pantau.conf"
  cp "$dir/kiosk.toml" "$work/kiosk.toml.first"
  # Again: same files, still one registration.
  "$provision" binjai-dukcapil k-07 "${args[@]}" >"$work/provision2.log" 2>&1
  check "second run succeeds" test $? -eq 0
  check "second run writes the same kiosk.toml" same_file "$work/kiosk.toml.first" "$dir/kiosk.toml"
  check "second run keeps one registration" registered
  check "no temporary files left" test "$(ls -A "$dir" | sort | tr '\n' ' ')" = "badge-keys.txt chrony-pantau.conf kiosk.key kiosk.pub kiosk.toml pantau-kiosk.service.d "
  check "the kiosk's key is its owner's only" test "$(stat -c %a "$dir/kiosk.key")" = 600
  check "kiosk registered with its public key" test \
    "$(sqlite3 "$work/hub.db" "SELECT public_key FROM kiosks WHERE kiosk='k-07'")" = "$(tr -d '[:space:]' <"$dir/kiosk.pub")"
  check "second run keeps the key (same epoch)" test "$(sqlite3 "$work/hub.db" "SELECT epoch FROM kiosks WHERE kiosk='k-07'")" = 1
  check "drop-in hands the signing key over as a credential" grep -qxF \
    "LoadCredential=kiosk.key:$dir/kiosk.key" "$dir/pantau-kiosk.service.d/signing-key.conf"
  # Bad names: refused with both languages, nothing written, nothing registered.
  for bad in "Binjai-Dukcapil k-08" "binjai_dukcapil k-08" "binjai-dukcapil k/08" "binjai-dukcapil ''"; do
    eval "set -- $bad"
    "$provision" "$1" "$2" "${args[@]}" >"$work/bad.log" 2>&1
    rc=$?
    check "bad name \"$1 $2\" refused (exit $rc)" test $rc -ne 0
    check "bad name \"$1 $2\": message in Bahasa Indonesia and English" \
      grep -q 'tidak valid.* / bad .* name' "$work/bad.log"
  done
  "$provision" binjai-dukcapil k-08 "${args[@]/loket-3/loket#3}" >"$work/bad.log" 2>&1
  check "bad counter refused" grep -q 'nama loket tidak valid.* / bad counter name' "$work/bad.log"
  printf 'k1 not-a-key\n' >"$work/bad-keys.txt"
  "$provision" binjai-dukcapil k-08 "${args[@]/$work\/keys.txt/$work/bad-keys.txt}" >"$work/bad.log" 2>&1
  check "malformed keyring refused" grep -q 'kunci kartu tidak sah.* / bad badge key.*line 1' "$work/bad.log"
  check "nothing written for refused names" test ! -e "$work/out/binjai-dukcapil/k-08"
  check "nothing registered for refused names" \
    test "$(sqlite3 "$work/hub.db" "SELECT count(*) FROM kiosks")" = 1
  # The installed kiosk accepts the provisioned file: it starts, serves its screen, keeps running
  # without a broker, and stops cleanly.
  echo "<!-- installed-copy-$$ -->" >>"$share/kiosk-web/index.html"
  "$prefix/bin/pantau-kiosk" --config "$dir/kiosk.toml" >"$work/kiosk.log" 2>&1 &
  kiosk_pid=$!
  pids+=("$kiosk_pid")
  check "installed pantau-kiosk logs \"starting\"" wait_for_line "$work/kiosk.log" "starting" 30 "$kiosk_pid"
  check "its touch screen answers from the installed kiosk-web" wait_http "http://127.0.0.1:$ui_port/" 30
  curl -sS -o "$work/kiosk-index.html" "http://127.0.0.1:$ui_port/"
  check "the screen is the installed index.html" grep -qF "installed-copy-$$" "$work/kiosk-index.html"
  check "the kiosk stays up without its broker" kill -0 "$kiosk_pid"
  stop_and_wait "$kiosk_pid" "installed pantau-kiosk"
  check "no bad-config line in the kiosk log" bash -c "! grep -qi 'bad config' '$work/kiosk.log'"
  ;;

fleet)
  provision=$prefix/bin/pantau-provision-kiosk
  mqtt_port=$(free_port)
  http_port=$(free_port)
  ui_port=$(free_port)
  hub_config_from_example "$work/hub.toml" "$http_port"
  # The fleet CA, the broker's and the hub's certificates as at hub install (README "Broker armada").
  { "$prefix/bin/pantau-fleet-ca" "$work/ca" broker 127.0.0.1 && "$prefix/bin/pantau-fleet-ca" "$work/ca" hub; } \
    >"$work/ca.log" 2>&1 || { cat "$work/ca.log"; fail "pantau-fleet-ca"; finish; }
  sed -i -e "s#^url = \"tcp://#url = \"mqtts://#" "$work/hub.toml"
  cat >>"$work/hub.toml" <<TOML

[mqtt.tls]
ca_file = "$work/ca/ca.crt"
cert_file = "$work/ca/hub.crt"
key_file = "$work/ca/hub.key"
TOML
  printf '# badge keys\nk1 %s\n' "$(printf '%064x' 42)" >"$work/keys.txt"
  mkdir -p "$work/frames"
  # The device's folders: what the kiosk finds in /etc/pantau and /var/lib/pantau-kiosk.
  device=$work/device
  args=(--hub-config "$work/hub.toml" --hub-public-key "$work/hub.pub" --hub-url "mqtts://127.0.0.1:$mqtt_port"
        --keyring "$work/keys.txt" --out "$work/out" --ca-dir "$work/ca"
        --config-dir "$device/etc/pantau" --state-dir "$device/var/lib/pantau-kiosk" --web-dir "$share/kiosk-web"
        --ui-listen "127.0.0.1:$ui_port"
        --broker-out "$work/broker" -- --bind 127.0.0.1 --port "$mqtt_port" --ca-file "$work/ca/ca.crt"
        --cert-file "$work/ca/broker.crt" --key-file "$work/ca/broker.key" --user "$(id -un)")
  # As a spreadsheet saves it: a UTF-8 BOM, CRLF, two offices in two zones, an optional camera column.
  {
    printf '\xef\xbb\xbfoffice,kiosk,counter,zone,camera\r\n'
    for n in $(seq -w 1 20); do printf 'binjai-dukcapil,k-%s,loket %s,WIB,\r\n' "$n" "$n"; done
    for n in $(seq -w 21 40); do printf 'makassar-disdik,k-%s,loket-%s,wita,\r\n' "$n" "$n"; done
  } >"$work/kiosks.csv"
  sed -i -e "s#^makassar-disdik,k-40,loket-40,wita,#makassar-disdik,k-40,loket-40,wita,$work/frames#" "$work/kiosks.csv"
  kiosk_count() { sqlite3 "$work/hub.db" "SELECT count(*) FROM kiosks" 2>/dev/null || echo 0; }
  snapshot() {  # every file of the output folder: name, mode, time, content
    (cd "$work/out" && find . -type f -printf '%p %m %T@\n' | sort && find . -type f -exec sha256sum {} + | sort)
  }

  # One bad line (17: a kiosk name with a capital) and nothing is written, issued or registered.
  sed -e '17s/,k-16,/,K-16,/' "$work/kiosks.csv" >"$work/bad.csv"
  "$provision" --csv "$work/bad.csv" "${args[@]}" >"$work/bad.log" 2>&1
  rc=$?
  check "a CSV with a bad line 17 is refused (exit $rc)" test $rc -ne 0
  check "the refusal names line 17 in Bahasa Indonesia and English" \
    grep -q 'bad.csv baris 17: nama kios tidak valid "K-16".* / line 17: bad kiosk name "K-16"' "$work/bad.log"
  check "the refusal names no other line" test "$(grep -c 'baris [0-9]' "$work/bad.log")" = 1
  check "nothing written for a bad CSV" test ! -e "$work/out"
  check "no certificate issued for a bad CSV" test ! -e "$work/ca/kiosks"
  check "nothing registered for a bad CSV" test "$(kiosk_count)" = 0
  check "no broker configuration for a bad CSV" test ! -e "$work/broker"
  # Each kind of mistake, named with its line.
  bad_csv() {  # bad_csv "what" TEXT PATTERN
    printf '%b' "$2" >"$work/bad.csv"
    "$provision" --csv "$work/bad.csv" "${args[@]}" >"$work/bad.log" 2>&1
    local rc=$?
    check "$1: refused (exit $rc)" test $rc -ne 0
    check "$1: message \"$3\"" grep -q -- "$3" "$work/bad.log"
  }
  bad_csv "unknown zone" 'office,kiosk,counter,zone\nb-o,k-1,l1,WIB\nb-o,k-2,l2,WITB\n' \
    'baris 3: zona waktu tidak valid "WITB".* / line 3: bad time zone'
  bad_csv "duplicate row" 'office,kiosk,counter,zone\nb-o,k-1,l1,WIB\nb-o,k-2,l2,WIB\nb-o,k-1,l3,WIB\n' \
    'baris 4: kios b-o/k-1 sudah ada di baris 2 / line 4: kiosk b-o/k-1 already on line 2'
  bad_csv "missing column" 'office,kiosk,zone\nb-o,k-1,WIB\n' \
    'baris 1: kolom "counter" tidak ada di baris judul.* / line 1: the header has no "counter" column'
  bad_csv "short row" 'office,kiosk,counter,zone\nb-o,k-1,WIB\n' \
    'baris 2: 3 kolom, baris judul punya 4 / line 2: 3 columns where the header has 4'
  bad_csv "two zones for one office" 'office,kiosk,counter,zone\nb-o,k-1,l1,WIB\nb-o,k-2,l2,WIT\n' \
    'baris 3: kantor b-o berzona WIB di baris 2, di sini WIT / line 3: office b-o is in zone WIB on line 2, here WIT'
  bad_csv "unknown column" 'office,kiosk,counter,zone,lantai\nb-o,k-1,l1,WIB,2\n' \
    'baris 1: kolom tidak dikenal "lantai"'
  bad_csv "header only" 'office,kiosk,counter,zone\r\n' 'tidak ada baris kios / no kiosk rows'
  check "still nothing written or registered" test ! -e "$work/out" -a "$(kiosk_count)" = 0

  # Forty kiosks in one command.
  started=$EPOCHREALTIME
  "$provision" --csv "$work/kiosks.csv" "${args[@]}" >"$work/provision.log" 2>&1
  rc=$?
  echo "note: 40 kiosks provisioned in $(awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $started }") s (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  check "the 40-row CSV is provisioned (exit $rc)" test $rc -eq 0 || { cat "$work/provision.log"; finish; }
  check "summary: 40 provisioned, 0 already present" grep -qF "40 provisioned, 0 already present" "$work/provision.log"
  check "40 folders with a kiosk.toml" test "$(find "$work/out" -name kiosk.toml | wc -l)" = 40
  check "40 kiosks registered at the hub" test "$(kiosk_count)" = 40
  check "40 distinct public keys registered" \
    test "$(sqlite3 "$work/hub.db" "SELECT count(DISTINCT public_key) FROM kiosks WHERE public_key <> ''")" = 40
  mismatched=0
  while IFS='|' read -r office kiosk key; do
    [ "$key" = "$(tr -d '[:space:]' <"$work/out/$office/$kiosk/kiosk.pub")" ] || mismatched=$((mismatched + 1))
  done < <(sqlite3 "$work/hub.db" "SELECT office, kiosk, public_key FROM kiosks")
  check "each registered key is its folder's kiosk.pub ($mismatched differ)" test $mismatched -eq 0
  check "a WITA row's counter and zone" grep -qxF 'zone = "WITA"' "$work/out/makassar-disdik/k-21/kiosk.toml"
  check "a row's counter" grep -qxF 'counter = "loket 07"' "$work/out/binjai-dukcapil/k-07/kiosk.toml"
  check "the camera column" grep -qxF "source = \"$work/frames\"" "$work/out/makassar-disdik/k-40/kiosk.toml"
  check "the camera default elsewhere" grep -qxF 'source = "/dev/video0"' "$work/out/makassar-disdik/k-39/kiosk.toml"
  check "each folder's client certificate names its kiosk" \
    bash -c "openssl x509 -in '$work/out/binjai-dukcapil/k-03/tls/kiosk.crt' -noout -subject | grep -q 'CN *= *binjai-dukcapil.k-03'"
  check "the broker's ACL names all 40 kiosks" test "$(grep -c '^user .*\.k-' "$work/broker/pantau.acl")" = 40
  snapshot >"$work/first.snapshot"

  # Again: the same files (content, mode and time), the same keys and certificates, 40 registrations.
  "$provision" --csv "$work/kiosks.csv" "${args[@]}" >"$work/provision2.log" 2>&1
  check "second run succeeds" test $? -eq 0
  check "summary: 0 provisioned, 40 already present" grep -qF "0 provisioned, 40 already present" "$work/provision2.log"
  snapshot >"$work/second.snapshot"
  check "second run leaves every file as it was" same_file "$work/first.snapshot" "$work/second.snapshot"
  check "still 40 registrations, all in their first epoch" \
    test "$(sqlite3 "$work/hub.db" "SELECT count(*), max(epoch) FROM kiosks")" = "40|1"

  # A row added later: only its kiosk is provisioned, the others stay as they were.
  printf 'makassar-disdik,k-41,loket-41,WITA,%s\r\n' "$work/frames" >>"$work/kiosks.csv"
  "$provision" --csv "$work/kiosks.csv" "${args[@]}" >"$work/provision3.log" 2>&1
  check "a run with one row added succeeds" test $? -eq 0
  check "summary: 1 provisioned, 40 already present" grep -qF "1 provisioned, 40 already present" "$work/provision3.log"
  snapshot | grep -v '/k-41/' >"$work/third.snapshot"
  check "the 40 earlier folders are untouched" same_file "$work/first.snapshot" "$work/third.snapshot"
  check "41 kiosks registered" test "$(kiosk_count)" = 41
  check "the broker's ACL names the new kiosk" grep -qxF 'user makassar-disdik.k-41' "$work/broker/pantau.acl"

  # A new device for k-02: without its key, the next run makes a new one, which starts a new epoch at
  # the hub, and issues a new client certificate; nothing else changes.
  cp "$work/out/binjai-dukcapil/k-02/tls/kiosk.crt" "$work/k-02-old.crt"
  rm "$work/out/binjai-dukcapil/k-02/kiosk.key"
  "$provision" --csv "$work/kiosks.csv" "${args[@]}" >"$work/provision4.log" 2>&1
  check "a run after deleting k-02's key succeeds" test $? -eq 0
  check "summary: 1 provisioned, 40 already present (k-02 again)" \
    grep -qF "1 provisioned, 40 already present" "$work/provision4.log"
  check "k-02 is in its second epoch, the others in their first" test \
    "$(sqlite3 "$work/hub.db" "SELECT group_concat(kiosk) FROM kiosks WHERE epoch <> 1")" = k-02
  check "k-02 has a new client certificate" bash -c "! cmp -s '$work/k-02-old.crt' '$work/out/binjai-dukcapil/k-02/tls/kiosk.crt'"
  check "still 41 kiosks registered" test "$(kiosk_count)" = 41

  # The new kiosk's folder, installed as README "Dari Pi kosong ke dasbor" (step 6) says, runs on the
  # emulated device; systemd's LoadCredential= lines are played by copying each named file into
  # $CREDENTIALS_DIRECTORY.
  folder=$work/out/makassar-disdik/k-41
  (
    cd "$folder" &&
      install -D -m 0644 -t "$device/etc/pantau" kiosk.toml &&
      install -D -m 0600 -t "$device/etc/pantau" kiosk.key badge-keys.txt &&
      install -D -m 0644 -t "$device/etc/pantau/tls" tls/ca.crt tls/kiosk.crt &&
      install -D -m 0600 -t "$device/etc/pantau/tls" tls/kiosk.key &&
      install -D -m 0644 -t "$device/etc/systemd/system/pantau-kiosk.service.d" pantau-kiosk.service.d/*.conf
  ) || fail "installing the folder on the device"
  mkdir -p "$device/credentials" "$device/var/lib/pantau-kiosk"
  credentials=0
  while IFS=: read -r name path; do
    cp "$path" "$device/credentials/$name" && credentials=$((credentials + 1))
  done < <(sed -n 's/^LoadCredential=//p' "$device/etc/systemd/system/pantau-kiosk.service.d"/*.conf)
  check "the drop-ins hand over 3 credentials that the folder installed (got $credentials)" test $credentials = 3
  start_mosquitto "$work/broker/mosquitto.conf" || { fail "mosquitto with the written configuration did not start"; finish; }
  "$prefix/bin/pantau-hub" --config "$work/hub.toml" >"$work/hub.log" 2>&1 &
  hub_pid=$!
  pids+=("$hub_pid")
  wait_http "http://127.0.0.1:$http_port/healthz" 30 || { cat "$work/hub.log"; fail "hub did not start"; finish; }
  # The read-only-root layout (README): whatever the kiosk writes lands in its state folder.
  touch "$work/before-kiosk"
  export CREDENTIALS_DIRECTORY=$device/credentials
  "$prefix/bin/pantau-kiosk" --config "$device/etc/pantau/kiosk.toml" emit --count 5 >"$work/emit.log" 2>&1
  check "the installed kiosk commits 5 events to its outbox" test $? -eq 0
  check "the outbox is in the device's state folder" test -f "$device/var/lib/pantau-kiosk/outbox.db"
  "$prefix/bin/pantau-kiosk" --config "$device/etc/pantau/kiosk.toml" >"$work/kiosk.log" 2>&1 &
  kiosk_pid=$!
  pids+=("$kiosk_pid")
  stored() {
    test "$(sqlite3 "$work/hub.db" "SELECT count(*) FROM events WHERE office='makassar-disdik' AND kiosk='k-41'")" = 5
  }
  for _ in $(seq 1 300); do stored && break; kill -0 "$kiosk_pid" 2>/dev/null || break; sleep 0.1; done
  check "the hub stored the 5 events of the kiosk provisioned from the CSV" stored
  unset CREDENTIALS_DIRECTORY
  stop_and_wait "$kiosk_pid" "provisioned pantau-kiosk"
  stop_and_wait "$hub_pid" "pantau-hub"
  written=$(cd "$device" && find . -newer "$work/before-kiosk" \( -type f -o -type d \) \
              ! -path ./var/lib/pantau-kiosk ! -path './var/lib/pantau-kiosk/*' ! -path ./var/lib ! -path ./var)
  check "the kiosk wrote only under its state folder (elsewhere: ${written:-nothing})" test -z "$written"
  ;;

units)
  "$source/systemd/verify_units.sh" "$units" "$prefix/bin/pantau-hub" "$prefix/bin/pantau-kiosk"
  rc=$?
  [ $rc -eq 77 ] && exit 77
  check "systemd-analyze verify of the installed units" test $rc -eq 0
  ;;

*)
  echo "unknown mode $mode"; exit 2 ;;
esac
finish

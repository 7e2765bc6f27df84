#!/usr/bin/env bash
# Installs the build into a temporary prefix with `cmake --install` and checks what a device gets:
#   tree       the files, where they land, and that units and examples name the installed paths
#   hub        the INSTALLED pantau-hub, configured from the installed example, serves the dashboard
#              and uPlot from share/pantau/hub-web (its own mosquitto on a free loopback port)
#   provision  pantau-provision-kiosk writes a kiosk.toml the installed pantau-kiosk runs with,
#              registers the kiosk at the hub, refuses bad names, and gives the same result twice
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

start_mosquitto() {  # sets mqtt_port
  mqtt_port=$(free_port) || return 1
  write_mosquitto_conf "$work/mosquitto.conf" "$mqtt_port"
  /usr/sbin/mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
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
  cp "$dir/kiosk.toml" "$work/kiosk.toml.first"
  # Again: same files, still one registration.
  "$provision" binjai-dukcapil k-07 "${args[@]}" >"$work/provision2.log" 2>&1
  check "second run succeeds" test $? -eq 0
  check "second run writes the same kiosk.toml" same_file "$work/kiosk.toml.first" "$dir/kiosk.toml"
  check "second run keeps one registration" registered
  check "no temporary files left" test "$(ls -A "$dir" | sort | tr '\n' ' ')" = "badge-keys.txt kiosk.key kiosk.pub kiosk.toml pantau-kiosk.service.d "
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

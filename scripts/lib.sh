# Helpers shared by scripts/demo and scripts/bench (sourced, not run).

# A TCP port on 127.0.0.1 that nothing listens on now. Below the kernel's ephemeral range (32768 and
# up), so that outgoing connections and bind(0) elsewhere cannot take it before the program that is
# told to listen there starts.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 12700))
    if ! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "no free port found" >&2
  return 1
}

# wait_http URL SECONDS: until the URL answers 200.
wait_http() {
  local url=$1 limit=${2:-20}
  for _ in $(seq 1 $((limit * 10))); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# write_mosquitto_conf FILE PORT: the broker settings Pantau relies on (no silent queue caps).
write_mosquitto_conf() {
  cat >"$1" <<CONF
listener $2 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 100000
max_inflight_messages 0
log_dest stdout
CONF
}

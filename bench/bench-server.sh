# Sourced by run.sh and tenants.sh: the private server copy's start and stop, and the name of the
# result file. The caller sets root, here, tmp, port, heap and log(); these set server_pid, sha,
# dirty, load_before and result.
server_pid=""

stop_bench_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    log "stopping the server (pid $server_pid)"
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}

# the EXIT trap: nothing left running, the copy removed unless BENCH_KEEP=1
bench_cleanup() {
  local rc=$?
  stop_bench_server
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
  exit $rc
}

# $1: the result file's suffix after the commit ("" or "-tenants"); a second run of one commit gets -2, -3 …
name_bench_result() {
  sha="$(git -C "$root" rev-parse --short HEAD)"
  dirty="$(git -C "$root" status --porcelain --untracked-files=no | wc -l)"
  load_before="$(cat /proc/loadavg)"
  mkdir -p "$here/results"
  result="$here/results/$(date +%Y-%m-%d)-$sha$1.md"
  local n=2
  while [ -e "$result" ]; do result="$here/results/$(date +%Y-%m-%d)-$sha$1-$n.md"; n=$((n + 1)); done
}

# $1: extra server JVM options; the server logs to $tmp/server.log
start_bench_server() {
  log "starting the server on 127.0.0.1:$port with -Xmx$heap in $tmp/server"
  (
    cd "$tmp/server"
    export CRM_PORT="$port" CRM_CONSOLE_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    export JAVA_OPTS="-Xmx$heap -Dorg.apache.felix.http.host=127.0.0.1 ${1:-}"
    exec bin/crm-connector </dev/null >"$tmp/server.log" 2>&1
  ) &
  server_pid=$!
}

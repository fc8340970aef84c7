#!/usr/bin/env bash
# Runs the crm-connector benchmark on this machine, loopback only, bounded in time.
#
#   bench/run.sh [load generator options]      e.g. bench/run.sh --duration 5 --warmup 2 --streams 2000
#
# Builds the baseline bundle and the load generator, modules of the root reactor
# (with the whole server if distribution/target/server is missing or
# BENCH_REBUILD=1), copies the server
# into a temporary folder with the baseline bundle in its deploy/ folder, starts
# it with -Xmx512m on 127.0.0.1:${BENCH_PORT:-19200}, runs the load generator as
# a separate process, writes bench/results/<date>-<shortsha>.md and stops the
# server. Nothing is left running and nothing is written outside bench/results
# and the temporary folder (removed at the end unless BENCH_KEEP=1).
#
#   BENCH_PORT         19200..19299 (default 19200)
#   BENCH_HEAP         server -Xmx (default 512m, the target's condition)
#   BENCH_SERVER_OPTS  extra server JVM options (e.g. a JFR recording)
#   LOADGEN_OPTS       load generator JVM options (default -Xmx1g -XX:+UseParallelGC)
#   BENCH_REBUILD=1    rebuild the server first (mvn install -DskipTests at the root, bench modules included)
#   BENCH_KEEP=1       keep the temporary server folder (and its log)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
port="${BENCH_PORT:-19200}"
heap="${BENCH_HEAP:-512m}"
max_seconds=900
for ((i = 1; i <= $#; i++)); do
  if [ "${!i}" = "--max-seconds" ]; then j=$((i + 1)); max_seconds="${!j}"; fi
  case "${!i}" in --max-seconds=*) max_seconds="${!i#--max-seconds=}" ;; esac
done
if ! [[ "$port" =~ ^[0-9]+$ ]] || [ "$port" -lt 19200 ] || [ "$port" -gt 19299 ]; then
  echo "BENCH_PORT must be in 19200..19299" >&2; exit 2
fi

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

mvn_build() { # offline first (CI caches), then online
  (cd "$1" && { mvn -B -q -o "${@:2}" || mvn -B -q "${@:2}"; })
}

# ---- build: one reactor, the root pom's; bench/baseline-servlet and bench/loadgen are two of its modules
if [ "${BENCH_REBUILD:-0}" = 1 ] || [ ! -x "$root/distribution/target/server/bin/crm-connector" ]; then
  log "building the server, the baseline bundle and the load generator (mvn install -DskipTests)"
  mvn_build "$root" install -DskipTests
else
  log "building the baseline bundle and the load generator (mvn package -pl bench/baseline-servlet,bench/loadgen)"
  mvn_build "$root" package -pl bench/baseline-servlet,bench/loadgen
fi
baseline_jar="$(ls "$here"/baseline-servlet/target/bench-baseline-servlet-*.jar | head -1)"
loadgen_jar="$here/loadgen/target/crm-bench-loadgen.jar"

# ---- file descriptors: 10,000 streams need 10,000 sockets on each side
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
log "open files limit: $(ulimit -n)"

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "something already listens on 127.0.0.1:$port; set BENCH_PORT to a free port in 19200..19299" >&2; exit 2
fi

# ---- a private copy of the server
tmp="$(mktemp -d "${TMPDIR:-/tmp}/crm-bench.XXXXXX")"
cp -a "$root/distribution/target/server" "$tmp/server"
rm -rf "$tmp/server/felix-cache"
cp "$baseline_jar" "$tmp/server/deploy/"
# shellcheck source=bench-tenant.sh
source "$here/bench-tenant.sh"
write_bench_tenant "$tmp/server/deploy"
# shellcheck source=bench-server.sh
source "$here/bench-server.sh"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

# ---- machine facts, before
name_bench_result ""

start_bench_server "${BENCH_SERVER_OPTS:-}"

# ---- ready when the demo tenant answers and the baseline servlet is deployed (bounded)
ready=0
for _ in $(seq 1 180); do
  kill -0 "$server_pid" 2>/dev/null || { echo "the server exited; log:" >&2; tail -50 "$tmp/server.log" >&2; exit 1; }
  a="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H 'Authorization: Bearer bench-key' \
        -H 'Content-Type: application/json' -d '{"agentId":"probe","softphoneId":"probe"}' \
        "http://127.0.0.1:$port/api/v1/tenants/bench/softphone/statusChanged" || true)"
  b="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H 'Content-Type: application/json' -d '{}' \
        "http://127.0.0.1:$port/bench/echo" || true)"
  c="$(curl -s --max-time 2 "http://127.0.0.1:$port/health" || true)"
  if [ "$a" = 200 ] && [ "$b" = 200 ] && [[ "$c" == *'"tenantsWithoutAdapter":0'* ]]; then ready=1; break; fi
  sleep 1
done
[ "$ready" = 1 ] || { echo "the server did not become ready in 180 s (demo $a, echo $b); log:" >&2; tail -50 "$tmp/server.log" >&2; exit 1; }
log "server ready (pid $server_pid); listening: $(ss -ltnp 2>/dev/null | grep "pid=$server_pid," | awk '{print $4}' | tr '\n' ' ')"

# ---- the load generator, a separate JVM, bounded by --max-seconds and by timeout(1)
body="$tmp/loadgen.md"
set +e
timeout --kill-after=10 $((max_seconds + 60)) \
  java ${LOADGEN_OPTS:--Xmx1g -XX:+UseParallelGC} -jar "$loadgen_jar" \
    --target "http://127.0.0.1:$port" --server-pid "$server_pid" --out "$body" --tenant bench --key bench-key "$@"
lg_rc=$?
set -e
load_after="$(cat /proc/loadavg)"
server_errors="$(grep -c -E ' (ERROR|WARN) ' "$tmp/server.log" || true)"

{
  echo "# crm-connector benchmark, $(date -u +'%Y-%m-%d %H:%M UTC'), commit $sha$([ "$dirty" != 0 ] && echo " (+$dirty uncommitted changes)")"
  echo
  echo "## Conditions"
  echo
  echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(free -m | awk '/Mem:/{print $2}') MB RAM, $(uname -sr)"
  echo "- java: $(java -version 2>&1 | tr '\n' ' ')"
  echo "- load average before: $load_before; after: $load_after"
  echo "- server: distribution/target/server (built $(date -r "$root/distribution/target/server/bundle" +'%Y-%m-%d %H:%M' 2>/dev/null || echo '?')), copied to a temp dir, -Xmx$heap, 127.0.0.1:$port, baseline bundle in deploy/; server log: $server_errors ERROR/WARN lines"
  echo "- server extra JVM options: \`${BENCH_SERVER_OPTS:-none}\`"
  echo "- load generator: separate JVM on the same machine (it shares the CPUs with the server), options: \`$*\`, exit $lg_rc"
  echo "- **noise**: the figures are only as good as the machine was quiet; see the 'rest of machine' CPU figures per phase."
  echo
  if [ -s "$body" ]; then cat "$body"; else echo "(the load generator wrote no results)"; fi
} >"$result"
if [ "$server_errors" != 0 ]; then
  { echo; echo "## Server log (ERROR/WARN lines, first 20)"; echo; echo '```'; grep -E ' (ERROR|WARN) ' "$tmp/server.log" | head -20; echo '```'; } >>"$result"
fi
log "results: $result"
exit "$lg_rc"

#!/usr/bin/env bash
# Two nodes of crm-connector on one PostgreSQL, on this machine, loopback only.
#
#   bench/cluster.sh [load generator options for phases a and b]   the cluster benchmark (about 3 minutes)
#   bench/cluster.sh --try                                          try a cluster: PostgreSQL and two nodes with
#                                                                   the demo tenant, until Ctrl-C
#
# Both start a private PostgreSQL 15 (test-support's PostgresServer: Debian's package, installed with
# apt-get when missing; initdb as the postgres user into a temporary folder; trust authentication;
# fsync on) and two copies of distribution/target/server switched to it (CRM_STORE=postgresql,
# README "Stores"), node ids node-a and node-b. Nothing is left running; the temporary folder is
# removed at the end unless BENCH_KEEP=1.
#
# The benchmark (issue 13) writes bench/results/<date>-<shortsha>-cluster.md:
#   1. phases a, b of the load generator against node A (node B up on the same database): the bare
#      servlet, then softphone call lifecycles with every event durable in PostgreSQL; the ratio;
#   2. database work per call lifecycle: pg_stat_statements calls and pg_stat_database commits over a
#      run of phase b, less what the two idle nodes do in as long (polling, the configuration sync);
#   3. phase c across nodes: agents' streams on node A, incomingCall sent to node B, time to the pop.
#
#   BENCH_CLUSTER_PORT  first of four ports (default 19560: nodes 19560, 19561, PostgreSQL 19562); --try: 8081
#   BENCH_HEAP          each node's -Xmx (default 512m)
#   BENCH_KEEP=1        keep the temporary folder and the logs
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
try=0
if [ "${1:-}" = --try ]; then try=1; shift; fi
port0="${BENCH_CLUSTER_PORT:-$([ $try = 1 ] && echo 8081 || echo 19560)}"
port_a=$port0
port_b=$((port0 + 1))
pg_port=$((port0 + 2))
heap="${BENCH_HEAP:-512m}"

log() { printf '[cluster %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
mvn_build() { (cd "$root" && { mvn -B -q -o "$@" || mvn -B -q "$@"; }); }

for p in $port_a $port_b $pg_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "something already listens on 127.0.0.1:$p; set BENCH_CLUSTER_PORT" >&2; exit 2
  fi
done

# ---- build: the server when missing, test-support (PostgresServer), the baseline bundle and the load generator
if [ ! -x "$root/distribution/target/server/bin/crm-connector" ]; then
  log "building the server (mvn package -DskipTests -DskipITs)"
  mvn_build package -DskipTests -DskipITs
else
  log "building test-support, the baseline bundle and the load generator"
  mvn_build package -DskipTests -pl test-support,bench/baseline-servlet,bench/loadgen -am
fi
tmp="$(mktemp -d "${TMPDIR:-/tmp}/crm-cluster-bench.XXXXXX")"
cp "$root"/test-support/target/test-support-*[0-9T].jar "$tmp/test-support.jar"
baseline_jar="$(ls "$here"/baseline-servlet/target/bench-baseline-servlet-*.jar | head -1)"
loadgen_jar="$here/loadgen/target/crm-bench-loadgen.jar"

pg_pid=""
pid_a=""
pid_b=""
cleanup() {
  local rc=$?
  trap '' INT TERM # a second signal (Ctrl-C reaches the whole process group) must not cut the cleanup short
  for p in "$pid_a" "$pid_b" "$pg_pid"; do # nodes drain on TERM; PostgresServer stops PostgreSQL on TERM
    [ -n "$p" ] && kill -TERM "$p" 2>/dev/null || true
  done
  for p in "$pid_a" "$pid_b" "$pg_pid"; do
    [ -n "$p" ] || continue
    for _ in $(seq 1 60); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$p" 2>/dev/null || true
  done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- PostgreSQL, durable (fsync on), with pg_stat_statements for the round-trip count
log "starting PostgreSQL on 127.0.0.1:$pg_port"
java -Xmx64m -cp "$tmp/test-support.jar" org.crmconnector.testing.postgres.PostgresServer --port "$pg_port" \
  --database crm --setting shared_preload_libraries=pg_stat_statements --ready-file "$tmp/pg.ready" \
  > "$tmp/postgres.log" 2>&1 &
pg_pid=$!
for _ in $(seq 1 240); do [ -s "$tmp/pg.ready" ] && break; kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.5; done
[ -s "$tmp/pg.ready" ] || { echo "PostgreSQL did not start:" >&2; cat "$tmp/postgres.log" >&2; exit 1; }
psql_crm() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -d crm -v ON_ERROR_STOP=1 -Atq -c "$1"; }
psql_crm "CREATE EXTENSION pg_stat_statements"
jdbc_url="jdbc:postgresql://127.0.0.1:$pg_port/crm"

# ---- two nodes
# shellcheck source=bench-tenant.sh
source "$here/bench-tenant.sh"
for n in a b; do
  s="$tmp/node-$n"
  cp -a "$root/distribution/target/server" "$s"
  rm -rf "$s/felix-cache" "$s/data" "$s/conf/configadmin"
  printf 'node.id="node-%s"\n' "$n" > "$s/deploy/org.crmconnector.node.config"
  if [ $try = 0 ]; then
    write_bench_tenant "$s/deploy"
  fi
done
[ $try = 0 ] && cp "$baseline_jar" "$tmp/node-a/deploy/"
start_node() { # a|b port
  (
    cd "$tmp/node-$1"
    export CRM_PORT="$2" CRM_STORE=postgresql CRM_DB_URL="$jdbc_url" CRM_DB_USER=postgres CRM_DB_POOL_SIZE=10
    [ $try = 0 ] && export CRM_CONSOLE_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    export JAVA_OPTS="-Xmx$heap -Dorg.apache.felix.http.host=127.0.0.1"
    exec bin/crm-connector $([ $try = 1 ] && echo --demo) </dev/null >"$tmp/node-$1.log" 2>&1
  ) &
}
log "starting node A on 127.0.0.1:$port_a and node B on 127.0.0.1:$port_b (-Xmx$heap each)"
start_node a "$port_a"; pid_a=$!
start_node b "$port_b"; pid_b=$!
wait_ready() { # port pid name
  for _ in $(seq 1 240); do
    kill -0 "$2" 2>/dev/null || { echo "node $3 exited; log:" >&2; tail -40 "$tmp/node-$3.log" >&2; exit 1; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/health/ready" || true)" = 200 ] && return 0
    sleep 1
  done
  echo "node $3 not ready in 240 s; log:" >&2; tail -40 "$tmp/node-$3.log" >&2; exit 1
}
wait_ready "$port_a" "$pid_a" a
wait_ready "$port_b" "$pid_b" b

if [ $try = 1 ]; then
  cat <<EOF

A cluster of two nodes on one PostgreSQL, loopback only (Ctrl-C stops everything and deletes $tmp):
  PostgreSQL 15   127.0.0.1:$pg_port, database crm, user postgres (trust authentication)
  node A          http://127.0.0.1:$port_a/   console /system/console, user admin, password in $tmp/node-a/conf/console-password
  node B          http://127.0.0.1:$port_b/   console likewise, $tmp/node-b/conf/console-password
  each node:      CRM_STORE=postgresql CRM_DB_URL=$jdbc_url CRM_DB_USER=postgres, its own folder and node id
Try it: hold the demo agent's stream on node A and send the call to node B:
  curl -N -H 'Authorization: Bearer demo-key' http://127.0.0.1:$port_a/api/v1/tenants/demo/agents/agent-1/events
  curl -H 'Authorization: Bearer demo-key' -H 'Content-Type: application/json' \\
       -d '{"conversationId":"try-1","agentId":"agent-1","callerANI":"+15551234567"}' \\
       http://127.0.0.1:$port_b/api/v1/tenants/demo/softphone/incomingCall
Logs: $tmp/node-a.log, $tmp/node-b.log
EOF
  wait "$pid_a" "$pid_b"
  exit 0
fi

# the bench tenant answers on both nodes (B has it from its own deploy/ and from the shared table)
for p in $port_a $port_b; do
  for _ in $(seq 1 120); do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H 'Authorization: Bearer bench-key' \
      -H 'Content-Type: application/json' -d '{"agentId":"probe","softphoneId":"probe"}' \
      "http://127.0.0.1:$p/api/v1/tenants/bench/softphone/statusChanged" || true)"
    [ "$code" = 200 ] && break
    sleep 1
  done
done
for _ in $(seq 1 60); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -d '{}' "http://127.0.0.1:$port_a/bench/echo" || true)" = 200 ] && break
  sleep 1
done
log "both nodes ready"

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
sha="$(git -C "$root" rev-parse --short HEAD)"
dirty="$(git -C "$root" status --porcelain --untracked-files=no | wc -l)"
load_before="$(cat /proc/loadavg)"
loadgen() { # out.md args...
  local out=$1; shift
  timeout --kill-after=10 900 java ${LOADGEN_OPTS:--Xmx1g -XX:+UseParallelGC} -jar "$loadgen_jar" \
    --tenant bench --key bench-key --out "$out" "$@" > "$out.log" 2>&1 || log "load generator exit $? ($out.log)"
}
db_counts() { # statements executed, commits, rollbacks (this database)
  psql_crm "SELECT (SELECT coalesce(sum(calls),0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = 'crm'), xact_commit, xact_rollback FROM pg_stat_database WHERE datname = 'crm'" | tr '|' ' '
}
fig() { # file name [decimals]: the load generator's figure, rounded; "none" when it has none (e.g. no pop arrived)
  local v; v="$(grep -E "^$2(\.r[0-9]+)?=" "$1" 2>/dev/null | tail -1 | cut -d= -f2 || true)"
  case "$v" in ''|NaN) echo none ;; *) awk -v v="$v" -v d="${3:-0}" 'BEGIN{printf "%.*f", d, v}' ;; esac
}

# 1. throughput against node A
log "phases a, b against node A ($*)"
loadgen "$tmp/ab.md" --target "http://127.0.0.1:$port_a" --server-pid "$pid_a" --phases a,b "$@"

# 2. database work per call lifecycle: idle for as long as the measured run, then phase b alone
# PostgreSQL 15 backends report their commit counts when idle for a while (up to 10 s late): every snapshot
# comes 11 s after the last load, and the idle window is as long as the busy one
measure=10
settle=11
sleep "$settle"
read -r s0 c0 r0 < <(db_counts); sleep $((measure + settle)); read -r s1 c1 r1 < <(db_counts)
loadgen "$tmp/rt.md" --target "http://127.0.0.1:$port_a" --phases b --rounds 1 --warmup 0 --duration "$measure"
sleep "$settle"
read -r s2 c2 r2 < <(db_counts)
rt_events="$(fig "$tmp/rt.figures" events_per_s)"; [ "$rt_events" = none ] && rt_events=0
rt_calls="$(awk -v e="${rt_events:-0}" -v d="$measure" 'BEGIN{printf "%.0f", e*d/4}')"
per_call() { awk -v busy="$1" -v idle="$2" -v c="$rt_calls" 'BEGIN{ if (c>0) printf "%.1f", (busy-idle)/c; else print "n/a"}'; }
stmts_per_call="$(per_call $((s2 - s1)) $((s1 - s0)))"
commits_per_call="$(per_call $((c2 - c1)) $((c1 - c0)))"
top_statements="$(psql_crm "SELECT calls, regexp_replace(left(query, 110), '\s+', ' ', 'g') FROM pg_stat_statements s
  JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = 'crm' ORDER BY calls DESC LIMIT 12" | sed 's/^/    /')"

# 3. pops across nodes: streams on A, incomingCall to B
log "phase c across nodes: streams on node A, calls to node B"
loadgen "$tmp/c.md" --target "http://127.0.0.1:$port_b" --stream-target "http://127.0.0.1:$port_a" --phases c \
  --duration 15 --server-pid "$pid_b"
load_after="$(cat /proc/loadavg)"

mkdir -p "$here/results"
result="$here/results/$(date +%Y-%m-%d)-$sha-cluster.md"
n=2; while [ -e "$result" ]; do result="$here/results/$(date +%Y-%m-%d)-$sha-cluster-$n.md"; n=$((n + 1)); done
ratio="$(awk -v e="$(fig "$tmp/ab.figures" events_per_s)" -v b="$(fig "$tmp/ab.figures" baseline_rps)" \
  'BEGIN{ if (b+0>0) printf "%.2f", e/b; else print "n/a"}')"
{
  echo "# crm-connector cluster benchmark, $(date -u +'%Y-%m-%d %H:%M UTC'), commit $sha$([ "$dirty" != 0 ] && echo " (+$dirty uncommitted changes)")"
  echo
  echo "## Conditions"
  echo
  echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(free -m | awk '/Mem:/{print $2}') MB RAM, $(uname -sr)"
  echo "- load average before: $load_before; after: $load_after. **Noisy** when the load average before is above 2:"
  echo "  other processes shared the 2 CPUs with PostgreSQL, both nodes and the load generator."
  echo "- PostgreSQL $(psql_crm 'SHOW server_version'), fsync $(psql_crm 'SHOW fsync'), synchronous_commit $(psql_crm 'SHOW synchronous_commit'), private cluster on 127.0.0.1:$pg_port"
  echo "- two nodes (node-a :$port_a, node-b :$port_b), -Xmx$heap each, CRM_STORE=postgresql, pool 10 each; the bench tenant (no CRM round trip) on both"
  echo
  echo "## Figures"
  echo
  echo "| figure | value | target |"
  echo "|---|---|---|"
  echo "| bare servlet on node A (last round) | $(fig "$tmp/ab.figures" baseline_rps) req/s | |"
  echo "| softphone events on node A, every event durable in PostgreSQL (last round) | $(fig "$tmp/ab.figures" events_per_s) events/s | ratio **$ratio** to the bare servlet |"
  echo "| SQL statements per call lifecycle (4 events; pg_stat_statements, idle nodes' share removed) | $stmts_per_call | measured |"
  echo "| transactions committed per call lifecycle (pg_stat_database) | $commits_per_call | measured |"
  echo "| event-to-pop across nodes (streams on A, incomingCall to B), p50 / p99 | $(fig "$tmp/c.figures" pop_p50_ms 1) / **$(fig "$tmp/c.figures" pop_p99_ms 1)** ms | p99 < 50 ms |"
  echo "| pops missing across nodes (none within 2 s) | $(fig "$tmp/c.figures" pop_missing) | 0 |"
  echo
  echo "Database work: $rt_calls call lifecycles in ${measure} s of phase b alone ($rt_events events/s); statements"
  echo "$((s2 - s1)) (idle $((measure + settle)) s before: $((s1 - s0))), commits $((c2 - c1)) (idle: $((c1 - c0))), rollbacks $((r2 - r1)),"
  echo "each counted from $settle s after the last load to $settle s after the measured one (PostgreSQL reports commits late)."
  echo "A statement is at least one round trip (pgjdbc sends BEGIN with the first statement of a transaction, so"
  echo "the round trips per call lie between the transactions and the statements counted here). Most executed statements:"
  echo
  echo '```'
  echo "$top_statements"
  echo '```'
  echo
  for part in ab c; do
    [ -s "$tmp/$part.md" ] && cat "$tmp/$part.md" && echo
  done
  errs="$(grep -hE ' (ERROR|WARN) ' "$tmp/node-a.log" "$tmp/node-b.log" | head -20 || true)"
  if [ -n "$errs" ]; then echo "## Nodes' log (ERROR/WARN lines, first 20)"; echo; echo '```'; echo "$errs"; echo '```'; fi
} > "$result"
log "results: $result"

#!/usr/bin/env bash
# Cluster proof for crm-connector (issue 13): a private PostgreSQL, three nodes of the assembled server
# on it (each its own copy, data folder, node id and port), the fake CRM, and the reliability load with
# each call's events spread over the three nodes (event k of call n to node (n + k) mod 3) and every
# agent's stream held on node 1. Under that load:
#   kill     node 1 (the streams' node) SIGKILLed, restarted on its data: streams resume on another node
#   rolling  every node in turn SIGTERMed (drain), waited for, started, waited for until /health/ready
# Then it checks (reliability/ Verify): every acknowledged log reached the CRM exactly once, every acknowledged
# wrap-up is in it, no event was refused or lost (a node that does not answer, or answers 503 DRAINING, is
# left for the next one), every accepted call's pop reached its agent's stream (on another node than the
# one that took the call), and each stream's event ids went on one by one across its reconnects to other
# nodes with Last-Event-ID (none twice, none skipped). Figures: reliability/CLUSTER.md.
#
#   .ci/cluster.sh
# Environment:
#   REL_BUILD=1      rebuild the server first (default: only when distribution/target/server is missing)
#   REL_SEED=N       seed of the load (default 20261206)
#   CLUSTER_KEEP=1   keep the work folder (also kept on failure)
# Ports: 19500-19599 on 127.0.0.1 only (nodes 19510-19512, fake CRM 19520/19521, PostgreSQL 19530).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SEED="${REL_SEED:-20261206}"
NODES=3
NODE_PORT0=19510
CRM_PORT=19520
CRM_CONTROL=19521
PG_PORT=19530
WORK="$(mktemp -d /tmp/crm-cluster.XXXXXX)"
RESULTS="$WORK/results"
mkdir -p "$RESULTS"

declare -a NODE_PID LOG_FROM
CRM_PID=""
PG_PID=""
LOAD_PID=""
stop_pid() { # pid: TERM, then KILL after 15 s
  local p=$1
  [ -n "$p" ] && kill -0 "$p" 2>/dev/null || return 0
  kill "$p" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.5; done
  kill -9 "$p" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap '' INT TERM # a second signal (Ctrl-C reaches the whole process group) must not cut the cleanup short
  stop_pid "$LOAD_PID"
  for i in $(seq 1 $NODES); do stop_pid "${NODE_PID[$i]:-}"; done
  stop_pid "$CRM_PID"
  stop_pid "$PG_PID"   # its shutdown hook stops PostgreSQL and deletes the cluster's folder
  if [ "${CLUSTER_KEEP:-0}" = 1 ] || [ $rc -ne 0 ]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[$(date +%H:%M:%S)] $*"; }
now_ms() { date +%s%3N; }
base() { echo "http://127.0.0.1:$((NODE_PORT0 + $1 - 1))"; }

for port in $(seq $NODE_PORT0 $((NODE_PORT0 + NODES - 1))) $CRM_PORT $CRM_CONTROL $PG_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is taken: another run?" >&2; exit 2; fi
done

# --- build (package, never install), and copies the run keeps even if the worktree is rebuilt meanwhile
if [ "${REL_BUILD:-0}" = 1 ] || [ ! -d "$ROOT/distribution/target/server" ]; then
  log "building the server and the proofs' programs (mvn -o package -DskipTests -DskipITs)"
  (cd "$ROOT" && mvn -B -q -o package -DskipTests -DskipITs)
else
  log "building the proofs' programs (mvn -o package -pl reliability,test-support -am)"
  (cd "$ROOT" && mvn -B -q -o package -pl reliability,test-support -am -DskipTests)
fi
cp "$ROOT/reliability/target/crm-reliability-proofs.jar" "$WORK/reliability.jar"
cp "$ROOT"/test-support/target/test-support-*[0-9T].jar "$WORK/test-support.jar"
JAVA_CP=(java -Xmx256m -XX:+UseSerialGC -cp "$WORK/reliability.jar")

# --- PostgreSQL: test-support's PostgresServer (Debian's package, initdb as postgres, loopback, trust), durable
log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
java -Xmx64m -cp "$WORK/test-support.jar" org.crmconnector.testing.postgres.PostgresServer --port "$PG_PORT" \
  --database crm --ready-file "$WORK/pg.ready" > "$WORK/postgres.log" 2>&1 &
PG_PID=$!
for _ in $(seq 1 240); do [ -s "$WORK/pg.ready" ] && break; kill -0 $PG_PID 2>/dev/null || break; sleep 0.5; done
[ -s "$WORK/pg.ready" ] || { echo "PostgreSQL did not start"; cat "$WORK/postgres.log"; exit 1; }
JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/crm"

# --- three nodes: copies of the server, PostgreSQL stores, node ids node-1..3
# shellcheck source=reliability-config.sh
source "$ROOT/.ci/reliability-config.sh"
for i in $(seq 1 $NODES); do
  s="$WORK/node-$i"
  cp -a "$ROOT/distribution/target/server" "$s"
  rm -rf "$s/data" "$s/felix-cache" "$s/conf/configadmin"
  rm -f "$s"/deploy/*-demo.config "$s/deploy/crm-salesforce-bundle.jar" "$s/deploy/crm-dynamics-bundle.jar"
  write_rel_tenant "$s/deploy" rel rel-key
  write_rel_adapter "$s/deploy" "$CRM_PORT"
  write_rel_outbox "$s/deploy"
  printf 'node.id="node-%s"\n' "$i" > "$s/deploy/org.crmconnector.node.config"
done

start_node() { # i
  local i=$1
  touch "$WORK/node-$i.log"
  LOG_FROM[$i]=$(( $(wc -l < "$WORK/node-$i.log") + 1 ))
  # the store switch: README "Stores" (trust authentication here, so no password)
  (cd "$WORK/node-$i" && CRM_PORT=$((NODE_PORT0 + i - 1)) CRM_CONSOLE_PASSWORD=x \
    CRM_STORE=postgresql CRM_DB_URL="$JDBC_URL" CRM_DB_USER=postgres CRM_DB_POOL_SIZE=8 \
    JAVA_OPTS="-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dorg.apache.felix.http.host=127.0.0.1" \
    exec bin/crm-connector >> "$WORK/node-$i.log" 2>&1) &
  NODE_PID[$i]=$!
}
# Ready = /health/ready 200 and the node's interaction registry on the shared store (its log says so).
wait_ready() { # i [limit]
  local i=$1 limit=${2:-180} t0
  t0=$(date +%s)
  while [ $(( $(date +%s) - t0 )) -lt "$limit" ]; do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' -m 2 "$(base "$i")/health/ready" || true)" = 200 ]; then
      tail -n +"${LOG_FROM[$i]}" "$WORK/node-$i.log" | grep -q "Interaction registry on a shared store" && return 0
      echo "node $i is ready but its interaction registry is not on PostgreSQL"; tail -30 "$WORK/node-$i.log"; return 1
    fi
    kill -0 "${NODE_PID[$i]}" 2>/dev/null || { echo "node $i died"; tail -50 "$WORK/node-$i.log"; return 1; }
    sleep 0.5
  done
  echo "node $i not ready after ${limit}s"; tail -50 "$WORK/node-$i.log"; return 1
}

FAILED=()
EVENTS="$RESULTS/events.txt"
: > "$EVENTS"
note() { echo "$*" | tee -a "$EVENTS"; }

main() {
  start_crm
  for i in $(seq 1 $NODES); do start_node "$i"; done
  for i in $(seq 1 $NODES); do wait_ready "$i"; done
  log "3 nodes ready on $(base 1) $(base 2) $(base 3), PostgreSQL 127.0.0.1:$PG_PORT"

  local bases=() load_out="$WORK/load" t0 killed_at ready_at
  for i in $(seq 1 $NODES); do bases+=(--base "$(base "$i")"); done
  rm -f "$WORK/load.stop"
  "${JAVA_CP[@]}" org.crmconnector.reliability.Load "${bases[@]}" --streams-on 0 --tenant rel --key rel-key \
    --tenants 1 --rate 12 --seconds 240 --agents 8 --prefix cl --out "$load_out" --seed "$SEED" \
    --gaps 300 1500 --no-wrap-up-percent 5 --stop-file "$WORK/load.stop" > "$WORK/load.log" 2>&1 &
  LOAD_PID=$!
  t0=$(now_ms)
  log "load: 12 calls/s over 3 nodes, each call's events 0.3-1.5 s apart, 8 agents' streams on node 1"
  sleep 10

  # kill: the streams' node, under load
  # the time is taken once the node is gone: an answer it gave between a time taken before the kill and the
  # kill itself would otherwise look given after it, and its call's lost pop would not count as lost with the node
  kill -9 "${NODE_PID[1]}"; wait "${NODE_PID[1]}" 2>/dev/null || true
  killed_at=$(now_ms)
  note "node 1 SIGKILLed at +$((killed_at - t0)) ms of the load"
  echo "$killed_at" > "$WORK/kill.at"
  sleep 3
  start_node 1
  wait_ready 1 || { FAILED+=(kill-restart); }
  ready_at=$(now_ms)
  note "node 1 restarted on its data, ready $((ready_at - killed_at)) ms after the kill"
  sleep 3

  # rolling restart: SIGTERM (drain), wait for the exit, start, wait until ready; then the next node
  local i from exited
  for i in $(seq 1 $NODES); do
    from=$(now_ms)
    kill -TERM "${NODE_PID[$i]}"
    wait "${NODE_PID[$i]}" 2>/dev/null || true
    exited=$(now_ms)
    start_node "$i"
    wait_ready "$i" || { FAILED+=(rolling-node-$i); break; }
    note "rolling: node $i SIGTERMed at +$((from - t0)) ms, exited after $((exited - from)) ms, ready again $(( $(now_ms) - exited )) ms after its start"
    sleep 2
  done
  sleep 3
  touch "$WORK/load.stop" # no new calls; those under way run to their end
  local lt0; lt0=$(date +%s)
  while kill -0 "$LOAD_PID" 2>/dev/null; do
    [ $(( $(date +%s) - lt0 )) -gt 150 ] && { echo "load driver hung"; kill "$LOAD_PID"; FAILED+=(load-hung); break; }
    sleep 1
  done
  wait "$LOAD_PID" || true
  LOAD_PID=""
  cat "$WORK/load.log"

  "${JAVA_CP[@]}" org.crmconnector.reliability.Verify --control "$CRM_CONTROL" --prefix cl- --timeout 60 \
    --load "$load_out" --pops --streams --killed 0 "$killed_at" --out "$RESULTS/cluster.txt" || FAILED+=(verify)
  write_results
  if [ ${#FAILED[@]} -gt 0 ]; then log "FAILED: ${FAILED[*]}"; exit 1; fi
  log "cluster proof passed"
}

fig() { grep -m1 "^$1=" "$RESULTS/cluster.txt" 2>/dev/null | cut -d= -f2- || true; }
write_results() {
  local md="$ROOT/reliability/CLUSTER.md" commit dirty=""
  commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  [ -n "$(git -C "$ROOT" status --porcelain -- api-bundle core-bundle crm-store-postgresql-bundle distribution 2>/dev/null)" ] \
    && dirty=" (server sources modified)"
  {
    echo "# Cluster proof: figures of the last run"
    echo
    echo "Run: $(date -u '+%Y-%m-%d %H:%M:%S UTC'), commit \`$commit\`$dirty, seed $SEED. Produced by \`.ci/cluster.sh\`."
    echo "Result: $([ ${#FAILED[@]} -eq 0 ] && echo "**PASS**" || echo "**FAIL** (${FAILED[*]})")"
    echo
    echo "PostgreSQL 15 (private, durable: fsync on) and three nodes of the assembled server on it, each its own copy,"
    echo "data folder, node id and port; the fake CRM. Load: 12 calls/s; event k of call n goes to node (n + k) mod 3,"
    echo "so every call's events reach different nodes; the 8 agents' streams are held on node 1. A node that does not"
    echo "answer, or answers 503 DRAINING, is left for the next one (after reading the interaction's state when an"
    echo "answer was lost, as in reliability/RESULTS.md)."
    echo
    echo "What happened during the load:"
    echo
    sed 's/^/- /' "$EVENTS"
    echo
    echo "| check | figure |"
    echo "|---|---|"
    echo "| calls started | $(fig calls_started) |"
    echo "| logs promised (callEnded 2xx) / + by state | $(fig logs_promised) / $(fig logs_promised_by_state) |"
    echo "| logs delivered / lost / duplicated at the CRM | $(fig logs_delivered) / $(( $(fig logs_lost) + $(fig logs_lost_by_state) )) / $(fig duplicate_keys) |"
    echo "| wrap-ups acknowledged (+ by state) / in the CRM | $(fig wrapups_acked) (+$(fig wrapups_by_state)) / $(fig wrapups_in_crm) |"
    echo "| events refused | $(fig events_refused) |"
    echo "| events sent to another node after 503 DRAINING | $(fig events_sent_elsewhere_after_draining) |"
    echo "| events resent after a lost answer / found applied by state | $(fig events_resent_after_lost_answer) / $(fig events_applied_answer_lost) |"
    echo "| pops expected / missing / lost with the killed node (answered by it < 3 s before the kill) | $(fig pops_expected) / $(fig pops_missing) / $(fig pops_lost_with_killed_node) |"
    echo "| pop latency p50 / p99 / max (ms, incomingCall sent to pop read, CRM lookup included) | $(fig pop_latency_ms_p50) / $(fig pop_latency_ms_p99) / $(fig pop_latency_ms_max) |"
    echo "| stream events / ids received twice / ids skipped | $(fig stream_events) / $(fig stream_ids_received_twice) / $(fig stream_ids_skipped) |"
    echo "| stream resumes (Last-Event-ID) / on another node / not right after the last id | $(fig stream_resumes) / $(fig stream_resumes_on_another_node) / $(fig stream_resumes_not_right_after_last_id) |"
    echo "| redelivered creates absorbed by the CRM's idempotency key | $(fig redelivered_creates_absorbed) |"
    echo "| drain after the load (ms) | $(fig drain_ms) |"
    echo "| verdict | $(fig verdict) |"
    echo
    echo "## Raw figures"
    echo; echo '```'; cut -c1-2000 "$RESULTS/cluster.txt" 2>/dev/null | head -150; echo '```'
  } > "$md"
  log "figures written to $md"
}

main
exit $?

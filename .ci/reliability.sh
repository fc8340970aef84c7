#!/usr/bin/env bash
# Reliability proofs for crm-connector (issue 6): a fake CRM on loopback, the
# assembled server in a temporary copy, and four fault runs:
#   outage  CRM down ~15 s under 20 calls/s for 40 s
#   swap    generic REST adapter jar replaced, removed, put back under load
#   crash   server SIGKILLed at >= 5 random points under load, restarted on the same data
#   fuzz    bad input over every HTTP endpoint, two tenants
# Each fails (non-zero) on any lost or duplicated acknowledged log (fuzz: on a
# 5xx, a malformed 4xx, a state change or an unhealthy server).
#
#   .ci/reliability.sh [outage] [swap] [crash] [fuzz]     (default: all four)
# Environment:
#   REL_BUILD=1        rebuild the server first (default: only when distribution/target/server is missing)
#   REL_SEED=N         seed for kill points, load and fuzz (default 20261122)
#   REL_FUZZ_COUNT=N   fuzz inputs (default 20000)
#   REL_KEEP=1         keep the work folder
#   REL_CRM_IDEMPOTENCY=0  the fake CRM ignores the idempotency key (creates a record per POST): shows what
#                      at-least-once redelivery costs against a CRM without one; RESULTS.md is then not written
# Ports: 19400-19499 on 127.0.0.1 only.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SEED="${REL_SEED:-20261122}"
FUZZ_COUNT="${REL_FUZZ_COUNT:-20000}"
SCENARIOS=("$@")
NO_IDEMPOTENCY=""
[ "${REL_CRM_IDEMPOTENCY:-1}" = 0 ] && NO_IDEMPOTENCY=1
[ ${#SCENARIOS[@]} -eq 0 ] && SCENARIOS=(outage swap crash fuzz)

SERVER_PORT=19410
CRM_PORT=19411
CRM_CONTROL=19412
BASE="http://127.0.0.1:${SERVER_PORT}"
WORK="$(mktemp -d /tmp/crm-reliability.XXXXXX)"
SERVER="$WORK/server"
RESULTS="$WORK/results"
mkdir -p "$RESULTS"

SERVER_PID=""
CRM_PID=""
LOAD_PID=""
cleanup() {
  local rc=$?
  for p in "$LOAD_PID" "$SERVER_PID" "$CRM_PID"; do
    if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
      kill "$p" 2>/dev/null || true
      for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$p" 2>/dev/null || true
    fi
  done
  if [ "${REL_KEEP:-0}" = 1 ] || [ $rc -ne 0 ]; then
    echo "work folder kept: $WORK"
  else
    rm -rf "$WORK"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[$(date +%H:%M:%S)] $*"; }
now_ms() { date +%s%3N; }

# --- build: the proofs' programs are the reactor module reliability/, built like the server
# (package, never install: the reactor resolves its own modules, and a shared ~/.m2 is left alone)
if [ "${REL_BUILD:-0}" = 1 ] || [ ! -d "$ROOT/distribution/target/server" ]; then
  log "building the server and the proofs' programs (mvn -o package -DskipTests -DskipITs)"
  (cd "$ROOT" && mvn -B -q -o package -DskipTests -DskipITs)
else
  log "building the proofs' programs (mvn -o package -pl reliability)"
  (cd "$ROOT" && mvn -B -q -o package -pl reliability)
fi
# a copy in the work folder: a build in the worktree during the run cannot pull it away
cp "$ROOT/reliability/target/crm-reliability-proofs.jar" "$WORK/reliability.jar"
JAVA_CP=(java -Xmx256m -XX:+UseSerialGC -cp "$WORK/reliability.jar")

# --- server copy and configuration
cp -a "$ROOT/distribution/target/server" "$SERVER"
rm -rf "$SERVER/data" "$SERVER/felix-cache" "$SERVER/conf/configadmin"
rm -f "$SERVER/deploy/org.crmconnector.tenant-demo.config" "$SERVER/deploy/org.crmconnector.crm.genericrest-demo.config" \
  "$SERVER/deploy/crm-salesforce-bundle.jar"
cp "$SERVER/deploy/crm-generic-rest-bundle.jar" "$WORK/adapter-v1.jar"
# shellcheck source=reliability-config.sh
source "$ROOT/.ci/reliability-config.sh"
write_rel_tenant "$SERVER/deploy" rel rel-key
write_rel_tenant "$SERVER/deploy" rel2 rel2-key
# The fuzz sends well over a thousand wrong keys per tenant, all from 127.0.0.1: with the default
# back-off (org.crmconnector.http.logins, 10 failures in 60 s) every later input would meet 429
# before reaching what it fuzzes. The back-off has its own proof (SecurityIT).
printf 'max.failures=I"1000000"\n' > "$SERVER/deploy/org.crmconnector.http.logins.config"
write_rel_adapter "$SERVER/deploy" "$CRM_PORT"
# A stable node id (the outbox's lease owner)
cat > "$SERVER/deploy/org.crmconnector.node.config" <<CFG
node.id="reliability-node"
CFG
write_rel_outbox "$SERVER/deploy"

# --- processes
crm() { curl -sf -X POST "http://127.0.0.1:${CRM_CONTROL}/$1" > /dev/null; }

start_server() {
  (cd "$SERVER" && CRM_PORT=$SERVER_PORT CRM_CONSOLE_PASSWORD=x \
    JAVA_OPTS="-Xmx384m -XX:+UseSerialGC -Dorg.apache.felix.http.host=127.0.0.1" \
    exec bin/crm-connector >> "$WORK/server.log" 2>&1) &
  SERVER_PID=$!
}
# Healthy = /health 200 with every tenant bound to its adapter; bounded.
wait_healthy() {
  local limit=${1:-120} t0 body
  t0=$(date +%s)
  while [ $(( $(date +%s) - t0 )) -lt "$limit" ]; do
    body=$(curl -s -m 2 "$BASE/health" 2>/dev/null || true)
    case "$body" in *'"tenants":2'*'"tenantsWithoutAdapter":0'*) return 0 ;; esac
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died"; tail -50 "$WORK/server.log"; return 1; }
    sleep 0.5
  done
  echo "server not healthy after ${limit}s: $body"; tail -50 "$WORK/server.log"; return 1
}
kill9_server() {
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
start_load() { # prefix seconds outdir [stop-file] ; extra Load arguments via LOAD_ARGS
  # shellcheck disable=SC2086
  "${JAVA_CP[@]}" org.crmconnector.reliability.Load --base "$BASE" --tenant rel --key rel-key --tenants 2 --rate 20 \
    --seconds "$2" --agents 8 --prefix "$1" --out "$3" --seed "$SEED" ${4:+--stop-file "$4"} ${LOAD_ARGS:-} \
    > "$3.log" 2>&1 &
  LOAD_PID=$!
}
wait_load() { # bounded: the driver ends by itself within seconds + ~70 s
  local t0; t0=$(date +%s)
  while kill -0 "$LOAD_PID" 2>/dev/null; do
    if [ $(( $(date +%s) - t0 )) -gt 180 ]; then echo "load driver hung"; kill "$LOAD_PID"; return 1; fi
    sleep 1
  done
  wait "$LOAD_PID" || true
  LOAD_PID=""
}
verify() { # name prefix [window-from window-to] ; extra loads via VERIFY_LOADS
  local name=$1 prefix=$2; shift 2
  local args=(--control "$CRM_CONTROL" --prefix "$prefix-" --timeout 45 --out "$RESULTS/$name.txt")
  for d in $VERIFY_LOADS; do args+=(--load "$d"); done
  [ $# -eq 2 ] && args+=(--window "$1" "$2")
  "${JAVA_CP[@]}" org.crmconnector.reliability.Verify "${args[@]}"
}

FAILED=()
run_outage() {
  log "outage: 20 calls/s for 40 s; fake CRM closed at 12 s for 8 s, then 503 for 7 s"
  start_load outage 40 "$WORK/outage"
  sleep 13.5   # the driver waits 1.5 s for its streams
  local down_at; down_at=$(now_ms)
  crm "down?mode=close"; sleep 8
  crm "down?mode=503"; sleep 7
  crm up
  local up_at; up_at=$(now_ms)
  log "outage: CRM back after $(( (up_at - down_at) / 1000 )) s"
  wait_load
  { echo "crm_down_ms=$((up_at - down_at))"; } > "$RESULTS/outage.extra"
  VERIFY_LOADS="$WORK/outage" verify outage outage || FAILED+=(outage)
}

run_swap() {
  local tree cache
  # the adapter is built against api-bundle: a change of either makes a new v2 jar
  tree=$(git -C "$ROOT" rev-parse HEAD:crm-generic-rest-bundle 2>/dev/null || echo none)
  tree="$tree-$(git -C "$ROOT" rev-parse --short HEAD:api-bundle 2>/dev/null || echo none)"
  cache="$ROOT/reliability/out/adapter-v2-$tree.jar"
  if [ -z "$(git -C "$ROOT" status --porcelain crm-generic-rest-bundle api-bundle pom.xml 2>/dev/null)" ] && [ -s "$cache" ]; then
    log "swap: adapter v2 from cache ($cache)"
    cp "$cache" "$WORK/adapter-v2.jar"
  else
    build_v2
    mkdir -p "$ROOT/reliability/out" && cp "$WORK/adapter-v2.jar" "$cache"
  fi
  swap_under_load
}

build_v2() {
  log "swap: building adapter v2 (-Dcrm.build.tag=v2) from a temporary copy of the sources"
  local b="$WORK/build-v2"
  mkdir -p "$b"
  # the whole reactor's sources (no build output): -am builds api-bundle too, since a fresh machine's
  # local repository has no snapshot of it (CI runs verify, not install)
  (cd "$ROOT" && tar --exclude=./.git --exclude='*/target' --exclude='*/node_modules' --exclude=./reliability/out \
      -cf - .) | (cd "$b" && tar -xf -)
  if ! (cd "$b" && timeout 300 mvn -B -q -o -pl crm-generic-rest-bundle -am package -DskipTests -DskipITs \
        -Dcrm.build.tag=v2 > "$WORK/build-v2.log" 2>&1); then
    echo "the v2 adapter build failed; see $WORK/build-v2.log" >&2
    tail -30 "$WORK/build-v2.log" >&2
    return 1
  fi
  cp "$b"/crm-generic-rest-bundle/target/crm-generic-rest-bundle-*[0-9T].jar "$WORK/adapter-v2.jar"
  unzip -p "$WORK/adapter-v2.jar" META-INF/MANIFEST.MF | grep -q '^X-Build-Tag: v2' \
    || { echo "the v2 adapter jar does not carry X-Build-Tag: v2" >&2; return 1; }
}

swap_under_load() {
  log "swap: 20 calls/s for 40 s; jar replaced at 8 s, removed at 18 s, put back at 26 s"
  start_load swap 40 "$WORK/swap"
  sleep 9.5
  local from; from=$(now_ms)
  cp "$WORK/adapter-v2.jar" "$SERVER/deploy/.adapter.tmp" && mv -f "$SERVER/deploy/.adapter.tmp" "$SERVER/deploy/crm-generic-rest-bundle.jar"
  echo "update_ms=$(( $(now_ms) - from ))" > "$RESULTS/swap.extra"
  sleep 10
  local removed; removed=$(now_ms)
  rm -f "$SERVER/deploy/crm-generic-rest-bundle.jar"
  sleep 8
  local back; back=$(now_ms)
  cp "$WORK/adapter-v2.jar" "$SERVER/deploy/.adapter.tmp" && mv -f "$SERVER/deploy/.adapter.tmp" "$SERVER/deploy/crm-generic-rest-bundle.jar"
  sleep 5
  local to; to=$(now_ms)
  { echo "swap_at_ms=$from"; echo "removed_at_ms=$removed"; echo "back_at_ms=$back"; echo "window_end_ms=$to"; } >> "$RESULTS/swap.extra"
  wait_load
  VERIFY_LOADS="$WORK/swap" verify swap swap "$from" "$to" || FAILED+=(swap)
}

run_crash() {
  log "crash: 20 calls/s, each call's events 0.5-3 s apart; server SIGKILLed 5 times between events, restarted on the same data"
  RANDOM=$SEED
  rm -f "$WORK/crash.stop"
  # the events of one call are spread over a few seconds, so every kill finds calls offered, accepted and
  # ended-not-wrapped-up; 5 % of the calls never wrap up. The load resends what got no answer once the server is back.
  LOAD_ARGS="--gaps 500 3000 --no-wrap-up-percent 5" start_load crash 170 "$WORK/crash" "$WORK/crash.stop"
  local t0; t0=$(now_ms)
  sleep 1.5   # the driver waits 1.5 s for its streams
  : > "$RESULTS/crash.killpoints"
  for k in 1 2 3 4 5; do
    local pause_ms=$(( 4000 + RANDOM % 5000 ))
    sleep "$(awk "BEGIN{print $pause_ms/1000}")"
    local at_crm; at_crm=$(curl -s -m 2 "http://127.0.0.1:${CRM_CONTROL}/keys" | grep -cE '^([^:[:space:]]*:)?crash-' || true)
    local at=$(( $(now_ms) - t0 ))
    kill9_server
    local down_from; down_from=$(now_ms)
    start_server
    wait_healthy 120 || { FAILED+=(crash-restart); touch "$WORK/crash.stop"; wait_load; return; }
    echo "kill $k at +${at} ms after load start, ${pause_ms} ms after the server was last healthy; $at_crm crash records at the CRM then; healthy again after $(( $(now_ms) - down_from )) ms" | tee -a "$RESULTS/crash.killpoints"
  done
  sleep 5
  touch "$WORK/crash.stop"   # no new calls; the ones under way run to their end
  wait_load
  VERIFY_LOADS="$WORK/crash" verify crash crash || FAILED+=(crash)
}

run_fuzz() {
  log "fuzz: $FUZZ_COUNT inputs, seed $SEED"
  "${JAVA_CP[@]}" org.crmconnector.reliability.Fuzz --base "$BASE" --control "$CRM_CONTROL" --count "$FUZZ_COUNT" \
    --seed "$SEED" --out "$RESULTS/fuzz.txt" || FAILED+=(fuzz)
  curl -sf -m 5 "$BASE/health" > /dev/null || FAILED+=(fuzz-health)
}

fig() { grep -m1 "^$2=" "$RESULTS/$1" 2>/dev/null | cut -d= -f2- || true; }
write_results() {
  local md="$ROOT/reliability/RESULTS.md" commit dirty=""
  commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  [ -n "$(git -C "$ROOT" status --porcelain -- api-bundle core-bundle crm-generic-rest-bundle distribution 2>/dev/null)" ] && dirty=" (server sources modified)"
  {
    echo "# Reliability proofs: figures of the last run"
    echo
    echo "Run: $(date -u '+%Y-%m-%d %H:%M:%S UTC'), commit \`$commit\`$dirty, seed $SEED, scenarios: ${SCENARIOS[*]}."
    echo "Produced by \`.ci/reliability.sh\` (see reliability/README.md). Result: $([ ${#FAILED[@]} -eq 0 ] && echo "**PASS**" || echo "**FAIL** (${FAILED[*]})")"
    echo
    echo "A log is *promised* when its call's callEnded was answered 2xx (the log is stored when the call ends, and again"
    echo "at wrap-up on the same CRM record); *delivered* when the fake CRM holds a record for its interaction key; *lost* ="
    echo "promised and not delivered; *duplicate* = an interaction key with more than one CRM record (the fake CRM upserts on"
    echo "the X-Interaction-Key idempotency header; the redeliveries it absorbs are counted separately). A *wrap-up* is"
    echo "acknowledged when callNotesSubmitted was answered 2xx; *in CRM* when the record holds that wrap-up's disposition"
    echo "and notes at the end. *Refused* = any 4xx/5xx to one of the load's events (every one is valid). An event whose"
    echo "request got no answer (server killed) is resent once the server is back, unless the interaction's state shows it was"
    echo "applied (counted \"applied, answer lost\"; such a callEnded counts as promised *by state* and must be delivered too)."
    echo
    echo "| scenario | calls | promised (callEnded 2xx) | + by state | delivered | lost | duplicates | wrap-ups acked (+ by state) | wrap-up in CRM | refused (after restart) | events resent | redelivered creates absorbed | drain after load (ms) | verdict |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    for s in outage swap crash; do
      [ -f "$RESULTS/$s.txt" ] || continue
      echo "| $s | $(fig $s.txt calls_started) | $(fig $s.txt logs_promised) | $(fig $s.txt logs_promised_by_state) | $(fig $s.txt logs_delivered) | $(( $(fig $s.txt logs_lost) + $(fig $s.txt logs_lost_by_state) )) | $(fig $s.txt duplicate_keys) | $(fig $s.txt wrapups_acked) (+$(fig $s.txt wrapups_by_state)) | $(fig $s.txt wrapups_in_crm) | $(fig $s.txt events_refused) ($(fig $s.txt events_refused_after_restart)) | $(fig $s.txt events_resent_after_lost_answer) | $(fig $s.txt redelivered_creates_absorbed) | $(fig $s.txt drain_ms) | $(fig $s.txt verdict) |"
    done
    if [ -f "$RESULTS/outage.txt" ]; then
      echo; echo "**Outage**: CRM down $(fig outage.extra crm_down_ms) ms (port closed, then 503). Pops during the run: $(fig outage.txt pop_status)."
    fi
    if [ -f "$RESULTS/swap.txt" ]; then
      echo; echo "**Hot swap** (jar replaced by v2, removed, put back; window = replace until 5 s after put back): pop latency p50 $(fig swap.txt pop_latency_ms_p50) ms, p99 $(fig swap.txt pop_latency_ms_p99) ms, max $(fig swap.txt pop_latency_ms_max) ms over $(fig swap.txt pop_window_calls) calls; pop outcomes $(fig swap.txt pop_status)."
    fi
    if [ -f "$RESULTS/crash.killpoints" ]; then
      echo; echo "**Crash** kill points (SIGKILL, restart on the same data folder and configuration):"; echo
      sed 's/^/- /' "$RESULTS/crash.killpoints"
      echo; echo "What the load saw at each kill (calls by their last accepted event; a call's events are 0.5-3 s apart):"; echo
      grep '^outage_' "$RESULTS/crash.txt" | cut -d= -f2- | sed 's/^/- /'
      echo; echo "Events resent after a lost answer: $(fig crash.txt events_resent_after_lost_answer); found already applied by state (not resent): $(fig crash.txt events_applied_answer_lost);"
      echo "calls ended and never wrapped up (5 %, by design): $(fig crash.txt calls_ended_never_wrapped_up); CRM log updates (wrap-up on the record of the end-of-call log): $(fig crash.txt crm_log_updates);"
      echo "absorbed creates that changed the record's disposition or notes (a CRM that only replays idempotent creates would have kept the older content): $(fig crash.txt absorbed_creates_changing_record)."
    fi
    if [ -f "$RESULTS/fuzz.txt" ]; then
      echo; echo "**Fuzz**: $(fig fuzz.txt fuzz_inputs) inputs in $(fig fuzz.txt fuzz_ms) ms; status counts $(fig fuzz.txt fuzz_outcomes);"
      echo "5xx $(fig fuzz.txt fuzz_5xx), invalid inputs accepted $(fig fuzz.txt fuzz_accepted_invalid), 4xx without the JSON error shape (Jetty/servlet-container pages) $(fig fuzz.txt fuzz_container_html_4xx),"
      echo "state unchanged $(fig fuzz.txt fuzz_state_unchanged), /health after $(fig fuzz.txt fuzz_health_after), stale keep-alive retries $(fig fuzz.txt fuzz_stale_connection_retries); verdict $(fig fuzz.txt verdict)."
      echo "Inputs per class: $(fig fuzz.txt fuzz_classes)."
    fi
    echo; echo "## Raw figures"
    for f in "$RESULTS"/*.txt "$RESULTS"/*.extra "$RESULTS"/fake-crm-stats.json; do
      [ -f "$f" ] || continue
      echo; echo "### $(basename "$f")"; echo; echo '```'; grep -v '^state_\(before\|after\)=' "$f" | cut -c1-3000 | head -120; echo '```'
    done
  } > "$md"
  log "figures written to $md"
}

main() {
start_crm ${NO_IDEMPOTENCY:+--no-idempotency}
start_server
wait_healthy 180
log "server healthy on $BASE"
for s in "${SCENARIOS[@]}"; do
  case "$s" in
    outage) run_outage ;;
    swap) run_swap ;;
    crash) run_crash ;;
    fuzz) run_fuzz ;;
    *) echo "unknown scenario $s"; exit 2 ;;
  esac
done
curl -s "http://127.0.0.1:${CRM_CONTROL}/stats" > /dev/null || true
if [ -z "$NO_IDEMPOTENCY" ]; then write_results; else cat "$RESULTS"/*.txt > "$WORK/../crm-reliability-no-idempotency.txt"; fi
if [ ${#FAILED[@]} -gt 0 ]; then
  log "FAILED: ${FAILED[*]}"
  exit 1
fi
log "all passed: ${SCENARIOS[*]}"
}

# everything above is parsed before anything runs, so editing this file during a run is harmless
main
exit $?

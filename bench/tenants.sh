#!/usr/bin/env bash
# Issue 16: a thousand tenants on one node, provisioned through the operator API.
# Starts a private copy of distribution/target/server (-Xmx512m), runs TenantScale against it and
# writes bench/results/<date>-<sha>-tenants.md. See bench/README.md, "A thousand tenants".
#
#   bench/tenants.sh [--tenants 1000] [--changes 20]
#
# Environment: BENCH_PORT (default 19300), BENCH_HEAP (default 512m), BENCH_KEEP=1 keeps the copy.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
port="${BENCH_PORT:-19300}"
heap="${BENCH_HEAP:-512m}"
log() { echo "[tenants] $*" >&2; }

[ -d "$root/distribution/target/server" ] || { echo "build the server first: mvn -B verify -DskipTests" >&2; exit 1; }
loadgen_jar="$root/bench/loadgen/target/crm-bench-loadgen.jar"
(cd "$root" && mvn -B -q -o package -pl bench/loadgen -DskipTests) || (cd "$root" && mvn -B -q package -pl bench/loadgen -DskipTests)

tmp="$(mktemp -d "${TMPDIR:-/tmp}/crm-tenants.XXXXXX")"
cp -a "$root/distribution/target/server" "$tmp/server"
rm -rf "$tmp/server/felix-cache"
key="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
printf '.operator.keys=["bench=sha256:%s"]\n' "$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)" \
  > "$tmp/server/deploy/org.crmconnector.admin.config"
# shellcheck source=bench-server.sh
source "$here/bench-server.sh"
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

name_bench_result "-tenants"

start_bench_server

ready=0
for _ in $(seq 1 180); do
  kill -0 "$server_pid" 2>/dev/null || { echo "the server exited; log:" >&2; tail -50 "$tmp/server.log" >&2; exit 1; }
  s="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H "Authorization: Bearer $key" \
        "http://127.0.0.1:$port/api/v1/admin/summary" || true)"
  if [ "$s" = 200 ]; then ready=1; break; fi
  sleep 1
done
[ "$ready" = 1 ] || { echo "the operator API did not answer in 180 s; log:" >&2; tail -50 "$tmp/server.log" >&2; exit 1; }
log "server ready (pid $server_pid); provisioning"

table="$(java -Xmx256m -cp "$loadgen_jar" org.crmconnector.bench.loadgen.TenantScale \
  --target "http://127.0.0.1:$port" --key "$key" --pid "$server_pid" "$@")"
load_after="$(cat /proc/loadavg)"
{
  echo "# A thousand tenants: $(date -u +%Y-%m-%dT%H:%M:%SZ), $sha$([ "$dirty" != 0 ] && echo " (+$dirty uncommitted changes)")"
  echo
  echo "bench/tenants.sh $*: one bulk request through the operator API (/api/v1/admin/bulk) provisions generic REST"
  echo "instances and their tenants on a fresh server; then tenants' keys are changed one by one through the API."
  echo
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), shared with other work"
  echo "- java: $(java -version 2>&1 | head -1)"
  echo "- server: -Xmx$heap, 127.0.0.1:$port"
  echo "- load average before: $load_before; after: $load_after"
  echo
  echo "$table"
  echo
  echo "Server log: $(grep -c ' ERROR ' "$tmp/server.log" || true) ERROR, $(grep -c ' WARN ' "$tmp/server.log" || true) WARN lines."
  grep -E ' (ERROR|WARN) ' "$tmp/server.log" | sort | uniq -c | sort -rn | head -10 | sed 's/^/    /' || true
} > "$result"
cat "$result"
log "wrote $result"

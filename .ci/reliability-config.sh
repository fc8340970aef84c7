# What the reliability proofs share (sourced by .ci/reliability.sh and .ci/cluster.sh): the servers' tenants,
# the generic REST adapter instance "rel" against the fake CRM (reliability/ FakeCrm), the outbox tuning; the fake CRM.
rel_hash() { printf 'sha256:%s' "$(printf '%s' "$1" | sha256sum | cut -d' ' -f1)"; }
write_rel_tenant() { # deploy-folder id key
  cat > "$1/org.crmconnector.tenant-$2.config" <<CFG
tenant.id="$2"
display.name="Reliability tenant $2"
adapter.instance="rel"
api.key.hashes=["$(rel_hash "$3")"]
dispositions=["Resolved","Callback requested","Escalated","No answer"]
partner.id="215fd887-39be-4935-981f-2670d6afeaa7"
business.segment.id="d6afeaa7-39be-4935-981f-2670215fd887"
channel.origin.id="57053e21-0440-4689-a27a-513d7dceebde"
dial.from="+18449401117"
pop.voice="offered"
pop.target="request-tab"
pop.title="Reliability CRM"
CFG
}

# The generic REST adapter against the fake CRM: the demo example's shape, with
# the interaction key sent as an idempotency header (the fake CRM upserts on it).
write_rel_adapter() { # deploy-folder crm-port
  local CRM_PORT=$2
  cat > "$1/org.crmconnector.crm.genericrest-rel.config" <<CFG
crm.instance="rel"
base.url="http://127.0.0.1:${CRM_PORT}/demo-crm"
auth.type="none"
http.headers=["Accept: application/json"]
http.request.timeout.ms=I"5000"
http.max.attempts=I"3"
lookup.method="GET"
lookup.url="/api/contacts?phone={ani}"
lookup.records.pointer="/results"
lookup.record.id.pointer="/id"
lookup.record.name.pointer="/name"
lookup.record.type.pointer="/type"
lookup.record.type="Contact"
lookup.record.url.template="http://127.0.0.1:${CRM_PORT}/demo-crm/contacts/{recordId}"
pop.one.url="{recordUrl}"
pop.visible=B"true"
pop.target="_blank"
pop.title="{recordName}"
log.method="POST"
log.url="/api/activities"
log.headers=["X-Interaction-Key: {key}"]
log.body="{\"interactionId\":\"{interactionId}\",\"key\":\"{key}\",\"agentId\":\"{agentId}\",\"ani\":\"{ani}\",\"notes\":\"{notes}\",\"disposition\":\"{disposition}\",\"durationSeconds\":\"{durationSeconds}\"}"
log.body.type="json"
log.id.pointer="/id"
log.record.type="Activity"
log.update.method="PATCH"
log.update.url="/api/activities/{recordId}"
log.update.body="{\"notes\":\"{notes}\",\"disposition\":\"{disposition}\",\"durationSeconds\":\"{durationSeconds}\"}"
disposition.method="PATCH"
disposition.url="/api/activities/{recordId}"
disposition.body="{\"disposition\":\"{disposition}\"}"
CFG
}

# Outbox tuned so a run of a few minutes can drain: short backoff and breaker.
write_rel_outbox() { # deploy-folder
  cat > "$1/org.crmconnector.outbox.config" <<CFG
backoff.base.millis=L"500"
backoff.max.millis=L"4000"
breaker.open.seconds=L"5"
poll.interval.millis=L"500"
CFG
}

# The fake CRM (reliability/ FakeCrm) on $CRM_PORT, controlled on $CRM_CONTROL; extra FakeCrm options as arguments.
# Sets CRM_PID; uses JAVA_CP, RESULTS and WORK of the sourcing script.
start_crm() {
  "${JAVA_CP[@]}" org.crmconnector.reliability.FakeCrm --port "$CRM_PORT" --control "$CRM_CONTROL" \
    --stats "$RESULTS/fake-crm-stats.json" "$@" > "$WORK/fake-crm.log" 2>&1 &
  CRM_PID=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:${CRM_CONTROL}/stats" > /dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "fake CRM did not start"; cat "$WORK/fake-crm.log"; return 1
}

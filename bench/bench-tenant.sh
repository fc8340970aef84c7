# The benchmarks' measured tenant (sourced by run.sh and cluster.sh).
# The measured tenant: its adapter answers without a CRM (no lookup, no log request configured), so the
# figures are the connector's own: event handling, durable outbox (every log is stored and fsync'd
# before the answer, then delivered to the adapter), pops. The demo tenant would add its demo CRM's time.
write_bench_tenant() { # deploy-folder
  cat > "$1/org.crmconnector.tenant-bench.config" <<'CFG'
tenant.id="bench"
adapter.instance="bench-nocrm"
api.key.hashes=["sha256:b0962662e937d44c699c8305d90cbf190b3150c59b13863d1380b5cc3c711bb7"]
pop.voice="offered"
CFG
  cat > "$1/org.crmconnector.crm.genericrest-bench-nocrm.config" <<'CFG'
crm.instance="bench-nocrm"
pop.none.url="https://crm.example/contacts/new?phone={ani}"
CFG
}

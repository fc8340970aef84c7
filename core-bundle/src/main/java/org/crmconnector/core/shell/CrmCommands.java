package org.crmconnector.core.shell;

import java.util.List;
import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.metrics.Activity;
import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.outbox.Outbox;
import org.crmconnector.core.outbox.TenantStats;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.ApiKeys;
import org.crmconnector.core.tenant.KeyStrength;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantRegistry;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.store.OutboxItem;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo shell commands ({@code crm:*}) for operators who script. */
@Component(service = CrmCommands.class, property = {"osgi.command.scope=crm",
        "osgi.command.function=tenants", "osgi.command.function=interactions", "osgi.command.function=adapters",
        "osgi.command.function=hashkey", "osgi.command.function=outbox", "osgi.command.function=deadletters",
        "osgi.command.function=retry", "osgi.command.function=discard", "osgi.command.function=activity"})
public class CrmCommands {

    private final TenantRegistry tenants;
    private final AdapterRouter router;
    private final InteractionRegistry registry;
    private final Outbox outbox;
    private final Metrics metrics;

    @Activate
    public CrmCommands(@Reference TenantRegistry tenants, @Reference AdapterRouter router,
            @Reference InteractionRegistry registry, @Reference Outbox outbox, @Reference Metrics metrics) {
        this.outbox = outbox;
        this.metrics = metrics;
        this.tenants = tenants;
        this.router = router;
        this.registry = registry;
    }

    @Descriptor("lists tenants with their adapter instance, whether it is bound, and live interactions")
    public String tenants() {
        StringBuilder sb = new StringBuilder(String.format("%-20s %-20s %-12s %-8s%n", "TENANT", "ADAPTER", "BOUND", "LIVE"));
        for (Tenant t : sorted(tenants.all())) {
            String bound = router.current(t.adapterInstance()).map(b -> b.crmType() + "#" + b.serviceId()).orElse("MISSING");
            sb.append(String.format("%-20s %-20s %-12s %-8d%n", t.id(), t.adapterInstance(), bound,
                    registry.liveCount(t.id())));
        }
        return sb.toString();
    }

    @Descriptor("lists the adapter services bound now")
    public String adapters() {
        StringBuilder sb = new StringBuilder(String.format("%-20s %-14s %-10s %-8s %-8s%n", "INSTANCE", "TYPE", "SERVICE",
                "BUNDLE", "RANKING"));
        for (AdapterRouter.Bound b : router.all()) {
            sb.append(String.format("%-20s %-14s %-10d %-8d %-8d%n", b.instance(), b.crmType(), b.serviceId(),
                    b.bundleId(), b.ranking()));
        }
        return sb.toString();
    }

    @Descriptor("lists a tenant's live interactions")
    public String interactions(@Descriptor("tenant id") String tenantId) {
        if (tenants.find(tenantId).isEmpty()) {
            return "no tenant '" + tenantId + "'";
        }
        StringBuilder sb = new StringBuilder(String.format("%-36s %-10s %-8s %-10s %-16s %s%n", "INTERACTION", "STATE",
                "CHANNEL", "DIRECTION", "AGENT", "STARTED"));
        for (Interaction i : registry.list(tenantId)) {
            sb.append(String.format("%-36s %-10s %-8s %-10s %-16s %s%n", i.interactionId,
                    i.state.name().toLowerCase(Locale.ROOT), i.channel, i.direction, i.agentId, i.startTime));
        }
        return sb.toString();
    }

    @Descriptor("prints the sha256 hash of an API key (at least 128 bits), for a tenant's .api.key.hashes")
    public String hashkey(@Descriptor("the API key") String key) {
        return KeyStrength.weakness(key).map(why -> "refused: " + why).orElseGet(() -> ApiKeys.hash(key));
    }

    @Descriptor("shows every tenant's outbox: pending, in flight, oldest pending age, delivered, failed, dead, circuit")
    public String outbox() {
        return outboxTable(outbox.stats().values());
    }

    @Descriptor("shows one tenant's outbox")
    public String outbox(@Descriptor("tenant id") String tenantId) {
        return outboxTable(List.of(outbox.stats(tenantId)));
    }

    private static String outboxTable(java.util.Collection<TenantStats> stats) {
        StringBuilder sb = new StringBuilder(String.format("%-20s %8s %8s %10s %10s %8s %6s %-10s%n", "TENANT", "PENDING",
                "INFLIGHT", "OLDEST(s)", "DELIVERED", "FAILED", "DEAD", "CIRCUIT"));
        for (TenantStats s : stats) {
            sb.append(String.format("%-20s %8d %8d %10d %10d %8d %6d %-10s%n", s.tenantId(), s.pending(), s.inFlight(),
                    s.oldestPendingAge().getSeconds(), s.delivered(), s.failed(), s.dead(), s.breakerState()));
        }
        return sb.toString();
    }

    @Descriptor("lists a tenant's dead letters with the CRM's error")
    public String deadletters(@Descriptor("tenant id") String tenantId) {
        StringBuilder sb = new StringBuilder(String.format("%-8s %-12s %-40s %-8s %-24s %s%n", "ID", "KIND", "KEY",
                "ATTEMPTS", "CREATED", "ERROR"));
        for (OutboxItem i : outbox.deadLetters(tenantId)) {
            sb.append(String.format("%-8d %-12s %-40s %-8d %-24s %s%n", i.id, i.kind, i.orderingKey, i.attempts,
                    i.createdAt, i.lastError));
        }
        return sb.toString();
    }

    @Descriptor("sends a tenant's dead letter (or all of them) again")
    public String retry(@Descriptor("tenant id") String tenantId, @Descriptor("dead letter id, or 'all'") String id) {
        if ("all".equals(id)) {
            return outbox.retryAll(tenantId) + " dead letters of tenant " + tenantId + " queued again";
        }
        long n = parseId(id);
        return outbox.retryDeadLetter(tenantId, n) ? "dead letter " + n + " of tenant " + tenantId + " queued again"
                : "tenant " + tenantId + " has no dead letter " + n;
    }

    @Descriptor("deletes a tenant's dead letter for good")
    public String discard(@Descriptor("tenant id") String tenantId, @Descriptor("dead letter id") String id) {
        long n = parseId(id);
        return outbox.discardDeadLetter(tenantId, n) ? "dead letter " + n + " of tenant " + tenantId + " discarded"
                : "tenant " + tenantId + " has no dead letter " + n;
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a dead letter id: " + id);
        }
    }

    @Descriptor("shows each tenant's pops, failed pops and logs in the last hour, and its last error")
    public String activity() {
        java.util.Set<String> ids = new java.util.TreeSet<>(metrics.tenants());
        tenants.all().forEach(t -> ids.add(t.id()));
        StringBuilder sb = new StringBuilder(String.format("%-20s %8s %12s %8s  %s%n", "TENANT", "POPS/1h", "POPFAIL/1h",
                "LOGS/1h", "LAST ERROR"));
        for (String id : ids) {
            sb.append(String.format("%-20s %8d %12d %8d  %s%n", id, metrics.lastHour(id, Activity.POP),
                    metrics.lastHour(id, Activity.POP_FAILURE), metrics.lastHour(id, Activity.LOG),
                    metrics.lastError(id).map(e -> e.at() + " " + e.source() + ": " + e.message()).orElse("")));
        }
        return sb.toString();
    }

    private static List<Tenant> sorted(java.util.Collection<Tenant> all) {
        return all.stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }
}

package org.crmconnector.core.shell;

import java.util.List;
import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.ApiKeys;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantRegistry;
import org.crmconnector.interaction.Interaction;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo shell commands ({@code crm:*}) for operators who script. */
@Component(service = CrmCommands.class, property = {"osgi.command.scope=crm",
        "osgi.command.function=tenants", "osgi.command.function=interactions", "osgi.command.function=adapters",
        "osgi.command.function=hashkey"})
public class CrmCommands {

    private final TenantRegistry tenants;
    private final AdapterRouter router;
    private final InteractionRegistry registry;

    @Activate
    public CrmCommands(@Reference TenantRegistry tenants, @Reference AdapterRouter router,
            @Reference InteractionRegistry registry) {
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

    @Descriptor("prints the sha256 hash of an API key, for a tenant's api.key.hashes")
    public String hashkey(@Descriptor("the API key") String key) {
        return ApiKeys.hash(key);
    }

    private static List<Tenant> sorted(java.util.Collection<Tenant> all) {
        return all.stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }
}

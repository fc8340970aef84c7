package org.crmconnector.core.pop;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.agent.StreamKind;
import org.crmconnector.core.json.Json;
import org.crmconnector.core.lifecycle.InteractionLimits;
import org.crmconnector.core.lifecycle.InteractionRegistry;
import org.crmconnector.core.lifecycle.LifecycleException;
import org.crmconnector.core.metrics.Metrics;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.PopMoment;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.ScreenPop;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.store.InteractionStoreException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs caller lookups against the tenant's adapter and pushes the resulting
 * pop to the agent. Lookups run off the request thread, bounded per tenant,
 * and always answer within the timeout: a missing adapter, a slow CRM or a
 * busy tenant gives a prompt, clear outcome instead of a hanging agent.
 */
@Component(service = ScreenPops.class, configurationPid = "org.crmconnector.screenpop")
@Designate(ocd = ScreenPopConfig.class)
public class ScreenPops {

    private static final Logger LOG = LoggerFactory.getLogger(ScreenPops.class);
    /** The outcome of an interaction whose number the tenant keeps out of the CRM. */
    public static final String EXCLUDED = "excluded";

    private final AdapterRouter router;
    private final AgentStreams streams;
    private final InteractionRegistry registry;
    private final Metrics metrics;
    private final Json json = new Json();
    private final ThreadPoolExecutor lookups;
    private volatile long timeoutMs;
    private volatile int perTenant;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    @Activate
    public ScreenPops(ScreenPopConfig config, @Reference AdapterRouter router, @Reference AgentStreams streams,
            @Reference InteractionRegistry registry, @Reference Metrics metrics) {
        this.router = router;
        this.streams = streams;
        this.registry = registry;
        this.metrics = metrics;
        AtomicInteger n = new AtomicInteger();
        int threads = Math.max(1, config.threads());
        this.lookups = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "crm-lookup-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        modified(config);
    }

    /**
     * Applied in place, so an edit neither drops running lookups nor restarts
     * the components that use this one. A lookup already running keeps the
     * timeout it started with.
     */
    @Modified
    void modified(ScreenPopConfig config) {
        timeoutMs = Math.max(1, config.timeout_ms());
        perTenant = Math.max(1, config.per_tenant_concurrency());
        int threads = Math.max(1, config.threads());
        // the pool's core size may never exceed its maximum: grow the maximum first, shrink the core first
        if (threads > lookups.getMaximumPoolSize()) {
            lookups.setMaximumPoolSize(threads);
            lookups.setCorePoolSize(threads);
        } else {
            lookups.setCorePoolSize(threads);
            lookups.setMaximumPoolSize(threads);
        }
    }

    @Deactivate
    void deactivate() {
        lookups.shutdownNow();
    }

    /** How long a lookup may take; an owed pop is overdue only some time past it. */
    public Duration timeout() {
        return Duration.ofMillis(timeoutMs);
    }

    /**
     * Whether a change at {@code moment} that leaves an interaction so owes
     * its agent a screen pop: the tenant's rule for its channel pops at this
     * moment, there is an agent to show it to, and the number is not kept out
     * of the CRM. The registry's save of that change records the pop as owed
     * ({@link InteractionRegistry#create(String, String, org.crmconnector.interaction.InteractionState, int,
     * Consumer, Predicate)}), so it is durable before the event is answered, at no write of its own.
     */
    public static Predicate<Interaction> owedAt(Tenant tenant, PopMoment moment) {
        return i -> tenant.popMoment(i.channel) == moment && reachesAgent(tenant, i);
    }

    /** Whether a pop of this interaction would be shown to an agent at all. */
    static boolean reachesAgent(Tenant tenant, Interaction i) {
        return i.agentId != null && !tenant.excludedNumbers().excludes(i);
    }

    /**
     * Pops the live interaction at its agent once the caller is looked up,
     * answering at once. {@code owed}: the save that made this change
     * recorded the pop as owed ({@link #owedAt}), so that if this node dies
     * before publishing it another node (or this one after a restart) redoes
     * it ({@link OwedPops}); it is marked shown once published. May be called
     * by a thread still saving the interaction: whatever this writes to the
     * interaction is written from a lookup thread, after that save.
     */
    public CompletableFuture<PopOutcome> pop(Tenant tenant, Interaction interaction, long startNanos, boolean owed) {
        return lookup(tenant, interaction, requestFor(interaction), true, startNanos, owed);
    }

    /** Redoes a pop {@link InteractionRegistry#claimOwedPops claimed} as owed; it stays owed until published. */
    CompletableFuture<PopOutcome> redo(Tenant tenant, Interaction interaction) {
        return lookup(tenant, interaction, requestFor(interaction), true, System.nanoTime(), true);
    }

    private static ScreenPopRequest requestFor(Interaction interaction) {
        ScreenPopRequest request = new ScreenPopRequest();
        request.ani = interaction.ani();
        request.dnis = interaction.dnisForLookup();
        request.attachedData.putAll(interaction.softphoneData);
        request.interaction = interaction;
        return request;
    }

    /**
     * Looks the caller up and, when {@code push}, sends the pop to the agent.
     * {@code startNanos} is when the triggering event arrived, for the
     * event-to-pop latency.
     */
    public CompletableFuture<PopOutcome> lookup(Tenant tenant, Interaction interaction, ScreenPopRequest request,
            boolean push, long startNanos) {
        return lookup(tenant, interaction, request, push, startNanos, false);
    }

    /** {@code owed}: whether the pop is recorded as owed, so it is marked shown once published. */
    private CompletableFuture<PopOutcome> lookup(Tenant tenant, Interaction interaction, ScreenPopRequest request,
            boolean push, long startNanos, boolean owed) {
        if (tenant.excludedNumbers().excludes(interaction)) {
            // kept out of the CRM: no call, and nothing pops at the agent (an empty pop would read as "no match")
            return CompletableFuture.completedFuture(new PopOutcome(EXCLUDED, interaction.interactionId, "NONE",
                    List.of(), null, false, "the number is kept out of the CRM (excluded.numbers)"));
        }
        CrmConnector connector = router.connectorFor(tenant.adapterInstance()).orElse(null);
        if (connector != null) {
            return lookupWith(connector, tenant, interaction, request, push, startNanos, owed);
        }
        // none bound this moment: perhaps one being swapped; the pop waits for it as long as for a lookup
        CompletableFuture<Optional<CrmConnector>> swapped = router.connectorWithin(tenant.adapterInstance(), timeoutMs);
        if (swapped.isDone() && swapped.join().isEmpty()) {
            return unavailable(tenant, interaction, push, startNanos, owed);
        }
        return swapped.thenComposeAsync(bound -> bound.isPresent()
                ? lookupWith(bound.get(), tenant, interaction, request, push, startNanos, owed)
                : unavailable(tenant, interaction, push, startNanos, owed), lookups);
    }

    private CompletableFuture<PopOutcome> unavailable(Tenant tenant, Interaction interaction, boolean push,
            long startNanos, boolean owed) {
        metrics.pop(tenant.id(), "adapter_unavailable", "adapter instance '" + tenant.adapterInstance() + "' is not bound");
        return settleLater(tenant, interaction, owed, null, deliver(tenant, interaction, push, startNanos,
                failure("adapter_unavailable", interaction, "adapter instance '" + tenant.adapterInstance()
                        + "' is not available; lookups resume when it is deployed")));
    }

    private CompletableFuture<PopOutcome> lookupWith(CrmConnector connector, Tenant tenant, Interaction interaction,
            ScreenPopRequest request, boolean push, long startNanos, boolean owed) {
        AtomicInteger count = inFlight.computeIfAbsent(tenant.id(), k -> new AtomicInteger());
        if (count.incrementAndGet() > perTenant) {
            count.decrementAndGet();
            metrics.pop(tenant.id(), "busy", "too many lookups in progress");
            return settleLater(tenant, interaction, owed, null, deliver(tenant, interaction, push, startNanos,
                    failure("busy", interaction, "too many lookups in progress for this tenant")));
        }
        CompletableFuture<ScreenPopResult> call = CompletableFuture.supplyAsync(() -> {
            long called = System.nanoTime();
            boolean failed = true;
            try {
                ScreenPopResult result = connector.screenPop(request);
                failed = false;
                return result;
            } catch (CrmException e) {
                throw new LookupFailed(e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("Adapter '{}' failed a lookup for tenant {}: {}", tenant.adapterInstance(), tenant.id(), e.toString());
                throw new LookupFailed("the adapter failed: " + e.getClass().getSimpleName());
            } finally {
                metrics.lookupCall(tenant.adapterInstance(), System.nanoTime() - called, failed);
            }
        }, lookups);
        call.whenComplete((r, e) -> count.decrementAndGet());
        long timeout = timeoutMs;
        // handle() may run on this thread when the CRM answered at once: the settling is left to settleLater
        return call.orTimeout(timeout, TimeUnit.MILLISECONDS).handle((answer, error) -> {
            ScreenPopResult result = error != null ? null : answer == null ? new ScreenPopResult() : answer;
            PopOutcome outcome;
            if (result != null) {
                outcome = success(tenant, interaction, result);
            } else {
                Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
                outcome = cause instanceof TimeoutException
                        ? failure("timeout", interaction, "the CRM did not answer within " + timeout + " ms")
                        : failure("crm_error", interaction, cause.getMessage());
            }
            metrics.pop(tenant.id(), outcome.status(), outcome.message());
            return new Looked(result, deliver(tenant, interaction, push, startNanos, outcome));
        }).thenCompose(looked -> settleLater(tenant, interaction, owed, looked.result(), looked.delivered()));
    }

    /** A lookup's answer (null when it failed) and the pop made of it. */
    private record Looked(ScreenPopResult result, PopOutcome delivered) {
    }

    /**
     * After the pop: the lookup's matches are kept with the interaction, and
     * an owed pop is marked shown, in one write saved with the next commit.
     */
    private PopOutcome settle(Tenant tenant, Interaction interaction, boolean owed, ScreenPopResult result,
            PopOutcome delivered) {
        if (result != null || owed) {
            recordResults(tenant, interaction, result, owed);
        }
        return delivered;
    }

    /**
     * {@link #settle}, once the pop went out, on a lookup thread: saving the
     * matches must not hold up the agent's screen, and the caller may be the
     * thread still saving the interaction, whose change must be saved before
     * the pop is marked shown on it.
     */
    private CompletableFuture<PopOutcome> settleLater(Tenant tenant, Interaction interaction, boolean owed,
            ScreenPopResult result, PopOutcome delivered) {
        if (result == null && !owed) {
            return CompletableFuture.completedFuture(delivered); // nothing to record
        }
        return CompletableFuture.supplyAsync(() -> settle(tenant, interaction, owed, result, delivered), lookups);
    }

    private static final class LookupFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LookupFailed(String message) {
            super(message, null, false, false);
        }
    }

    private PopOutcome success(Tenant tenant, Interaction interaction, ScreenPopResult result) {
        ScreenPop pop = result.pop;
        String recordId = result.matches.size() == 1 ? result.matches.get(0).id : null;
        if (!tenant.popCommand().isBlank()) {
            pop = new ScreenPop();
            pop.command = tenant.popCommand();
            pop.url = null;
            pop.commandArgs.add(interaction.ani() == null ? "" : interaction.ani());
            if (recordId != null) {
                pop.commandArgs.add(recordId);
            }
        } else if (tenant.popUrl() != null) {
            pop = ScreenPop.url(tenant.popUrl().expand(interaction, recordId),
                    tenant.popTarget(), tenant.popTitle());
        } else if (pop != null) {
            pop.target = pop.target == null || "_blank".equals(pop.target) ? tenant.popTarget() : pop.target;
            pop.title = pop.title == null || pop.title.isBlank() ? tenant.popTitle() : pop.title;
        }
        return new PopOutcome("ok", interaction.interactionId, result.match().name(), result.matches, pop, false, null);
    }

    /**
     * The lookup's matches (when there is a result) become the interaction's
     * search results (and options when the policy says so); {@code shown}:
     * its owed pop is published.
     */
    private void recordResults(Tenant tenant, Interaction interaction, ScreenPopResult result, boolean shown) {
        if (interaction.interactionId == null || !registry.knows(tenant.id(), interaction.interactionId)) {
            return;
        }
        InteractionLimits limits = registry.limits();
        try {
            Consumer<Interaction> matches = result == null ? i -> { } : i -> {
                i.searchResults = List.copyOf(result.matches);
                if (result.match() == ScreenPopResult.Match.ONE || result.offerAsOptions) {
                    // the CRM's answer is not the client's request: past the limit it is cut, not refused
                    for (CrmObject o : result.matches) {
                        if (o.isWho && !i.nameOptions.contains(o) && limits.roomForCrmObject(i.nameOptions.size())) {
                            i.nameOptions.add(o);
                        }
                        if (o.isWhat && !i.relatedToOptions.contains(o)
                                && limits.roomForCrmObject(i.relatedToOptions.size())) {
                            i.relatedToOptions.add(o);
                        }
                    }
                    if (result.match() == ScreenPopResult.Match.ONE) {
                        CrmObject only = result.matches.get(0);
                        if (only.isWho && i.selectedName == null) {
                            i.selectedName = only;
                        } else if (only.isWhat && i.selectedRelatedTo == null) {
                            i.selectedRelatedTo = only;
                        }
                    }
                }
            };
            if (shown) {
                registry.popShown(tenant.id(), interaction.interactionId, matches);
            } else {
                registry.updateSoon(tenant.id(), interaction.interactionId, matches);
            }
        } catch (LifecycleException finishedMeanwhile) {
            // the interaction ended before the CRM answered; its data is gone by design
        } catch (InteractionStoreException e) {
            // the pop went out; only the matches offered as Name / Related To options are missing (and an owed
            // pop left owed is shown once more)
            LOG.warn("Tenant {}: the matches of {} could not be saved: {}", tenant.id(), interaction.interactionId,
                    e.getMessage());
        }
    }

    private static PopOutcome failure(String status, Interaction interaction, String message) {
        return new PopOutcome(status, interaction.interactionId, "NONE", List.of(), null, false, message);
    }

    private PopOutcome deliver(Tenant tenant, Interaction interaction, boolean push, long startNanos, PopOutcome outcome) {
        if (!push || interaction.agentId == null) {
            return outcome;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("interactionId", interaction.interactionId);
        event.put("channel", interaction.channel);
        event.put("ani", interaction.ani());
        event.put("status", outcome.status());
        event.put("match", outcome.match());
        if (outcome.pop() != null) {
            ScreenPop p = outcome.pop();
            if (p.command != null) {
                event.put("command", p.command);
                event.put("args", p.commandArgs);
            } else {
                event.put("url", p.url);
                event.put("visible", p.visible);
                event.put("target", p.target);
                event.put("title", p.title);
            }
        }
        event.put("matches", outcome.matches());
        if (outcome.message() != null) {
            event.put("message", outcome.message());
        }
        streams.tryPublish(new AgentStreams.Topic(tenant.id(), interaction.agentId, StreamKind.AGENT_EVENTS), "screenPop",
                json.write(event));
        metrics.popShown(tenant.id(), System.nanoTime() - startNanos);
        return new PopOutcome(outcome.status(), outcome.interactionId(), outcome.match(), outcome.matches(), outcome.pop(),
                true, outcome.message());
    }
}

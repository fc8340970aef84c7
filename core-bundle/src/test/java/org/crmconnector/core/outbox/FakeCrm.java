package org.crmconnector.core.outbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.crmconnector.crm.CrmConnector;
import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.Disposition;
import org.crmconnector.crm.DispositionUpdate;
import org.crmconnector.crm.InteractionAddition;
import org.crmconnector.crm.InteractionLog;
import org.crmconnector.crm.ScreenPopRequest;
import org.crmconnector.crm.ScreenPopResult;
import org.crmconnector.crm.SearchRequest;
import org.crmconnector.crm.TriggerEvent;
import org.crmconnector.interaction.CrmObject;

/** An in-test CRM adapter that records what it is given and answers as the test says. */
final class FakeCrm implements CrmConnector {

    final List<List<InteractionLog>> logBatches = new CopyOnWriteArrayList<>();
    final List<DispositionUpdate> dispositions = new CopyOnWriteArrayList<>();
    final List<TriggerEvent> triggers = new CopyOnWriteArrayList<>();
    final List<InteractionAddition> additions = new CopyOnWriteArrayList<>();
    /** "LOG:key", "DISPOSITION:key", "TRIGGER:key" in call order. */
    final List<String> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger running = new AtomicInteger();

    volatile Function<InteractionLog, DeliveryResult> onLog = log -> DeliveryResult
            .ok(new CrmRecordRef("Task", "T-" + log.key(), null));
    volatile Function<DispositionUpdate, DeliveryResult> onDisposition = u -> DeliveryResult.ok(u.record);
    /** Null: the interface's default (an adapter that takes no additions). */
    volatile Function<InteractionAddition, DeliveryResult> onAddition = a -> DeliveryResult.ok(a.record);
    /** When set, every call waits for it: a CRM that hangs until the test lets it answer. */
    volatile CountDownLatch gate;

    @Override
    public List<DeliveryResult> saveInteractionLogs(List<InteractionLog> logs) {
        enter();
        try {
            logBatches.add(List.copyOf(logs));
            List<DeliveryResult> results = new ArrayList<>();
            for (InteractionLog log : logs) {
                calls.add("LOG:" + log.key());
                results.add(onLog.apply(log));
            }
            return results;
        } finally {
            running.decrementAndGet();
        }
    }

    @Override
    public DeliveryResult saveInteractionLog(InteractionLog log) {
        return saveInteractionLogs(List.of(log)).get(0);
    }

    @Override
    public DeliveryResult setDisposition(DispositionUpdate update) {
        enter();
        try {
            dispositions.add(update);
            calls.add("DISPOSITION:" + update.key());
            return onDisposition.apply(update);
        } finally {
            running.decrementAndGet();
        }
    }

    @Override
    public DeliveryResult onTrigger(TriggerEvent event) {
        enter();
        try {
            triggers.add(event);
            calls.add("TRIGGER:" + event.key());
            return DeliveryResult.ok();
        } finally {
            running.decrementAndGet();
        }
    }

    @Override
    public DeliveryResult saveAddition(InteractionAddition addition) {
        enter();
        try {
            additions.add(addition);
            calls.add("ADDITION:" + addition.key());
            Function<InteractionAddition, DeliveryResult> answer = onAddition;
            return answer == null ? CrmConnector.super.saveAddition(addition) : answer.apply(addition);
        } finally {
            running.decrementAndGet();
        }
    }

    private void enter() {
        running.incrementAndGet();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                if (!g.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted at the test gate", e);
            }
        }
    }

    /** Logs delivered with an OK answer are not tracked apart: every call counts, as a real CRM would see it. */
    List<String> loggedKeys() {
        List<String> keys = new ArrayList<>();
        logBatches.forEach(b -> b.forEach(l -> keys.add(l.key())));
        return keys;
    }

    int logCount() {
        return logBatches.stream().mapToInt(List::size).sum();
    }

    @Override
    public ScreenPopResult screenPop(ScreenPopRequest request) throws CrmException {
        throw new CrmException("The outbox never pops", false);
    }

    @Override
    public List<CrmObject> search(SearchRequest request) {
        return Collections.emptyList();
    }

    @Override
    public List<Disposition> dispositions() {
        return Collections.emptyList();
    }
}

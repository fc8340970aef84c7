package org.crmconnector.crm.support.calls;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import org.crmconnector.crm.CrmException;
import org.crmconnector.crm.DeliveryResult;
import org.crmconnector.crm.support.http.CallGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls into one adapter instance, around a {@link CallGate}: deactivation
 * lets those in flight finish, and those that arrive after get what the
 * engine can act on, a retryable {@link DeliveryResult} for a delivery (it
 * goes to the instance that replaces this one) or a retryable
 * {@link CrmException} for a lookup.
 */
public final class InstanceCalls {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceCalls.class);

    private final CallGate gate = new CallGate();
    private final String instance;

    /** @param instance the instance as messages name it, e.g. {@code Salesforce adapter 'acme'} */
    public InstanceCalls(String instance) {
        this.instance = instance;
    }

    /** One delivery, or RETRY when the instance is stopping. */
    public DeliveryResult deliver(Supplier<DeliveryResult> delivery) {
        if (!gate.enter()) {
            return stopping();
        }
        try {
            return delivery.get();
        } finally {
            gate.exit();
        }
    }

    /** {@code count} deliveries made together, or RETRY for each when the instance is stopping. */
    public List<DeliveryResult> deliverAll(int count, Supplier<List<DeliveryResult>> deliveries) {
        if (!gate.enter()) {
            return Collections.nCopies(count, stopping());
        }
        try {
            return deliveries.get();
        } finally {
            gate.exit();
        }
    }

    /**
     * Lets a lookup in; it must call {@link #exit()} when done, in a finally block.
     *
     * @throws CrmException retryable, when the instance is stopping
     */
    public void enter() throws CrmException {
        if (!gate.enter()) {
            throw new CrmException(instance + " is stopping", true);
        }
    }

    public void exit() {
        gate.exit();
    }

    /**
     * Turns new calls away and waits up to {@code drain} for those in flight;
     * those still running after it end with a retryable failure once the
     * HTTP client goes away.
     */
    public void stop(Duration drain) {
        try {
            if (!gate.closeAndAwait(drain)) {
                LOG.warn("{}: calls still in flight after {}; they will be retried", instance, drain);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private DeliveryResult stopping() {
        return DeliveryResult.retry(instance + " is stopping");
    }
}

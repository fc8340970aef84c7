package org.crmconnector.core.outbox;

import java.util.List;

import org.crmconnector.crm.DeliveryResult;

/**
 * Told of every adapter call the outbox makes, for per-instance statistics and
 * a tenant's last error. Called on the delivery thread: keep it cheap.
 */
@FunctionalInterface
public interface DeliveryObserver {

    DeliveryObserver NONE = (tenantId, instance, nanos, results) -> {
    };

    void called(String tenantId, String instance, long nanos, List<DeliveryResult> results);
}

package org.crmconnector.core.outbox;

import java.time.Duration;

/**
 * One tenant's outbox at a glance.
 *
 * @param pending items not yet delivered and not dead, those in flight included
 * @param inFlight adapter calls for this tenant running on this node now (a batch of logs is one call)
 * @param oldestPendingAge how long the oldest pending item has waited; zero when none
 * @param delivered items delivered since start
 * @param failed failed attempts since start
 * @param dead dead letters waiting for an operator
 * @param adapterInstance the adapter instance the tenant names, empty when none
 * @param breakerState CLOSED, OPEN or HALF_OPEN for that instance
 */
public record TenantStats(String tenantId, int pending, int inFlight, Duration oldestPendingAge, long delivered,
        long failed, int dead, String adapterInstance, String breakerState) {
}

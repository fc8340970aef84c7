package org.crmconnector.core.lifecycle;

import java.util.List;

import org.crmconnector.core.lifecycle.LifecycleException.Code;
import org.crmconnector.interaction.Interaction;

/**
 * How much one interaction may hold of what clients keep adding to it: CAVs,
 * and CRM objects (visited ones, Name options, Related To options, each list
 * on its own). Without a bound, one tenant key could grow a live interaction
 * until the heap and the store are full.
 * <p>
 * Only growth past a limit is refused: an interaction that already holds more
 * (the limit was lowered, or it was stored before there was one) may keep,
 * shrink or replace what it has, so no interaction is stuck in its lifecycle.
 */
public record InteractionLimits(int maxCavs, int maxCrmObjects) {

    static InteractionLimits of(InteractionRegistryConfig config) {
        return new InteractionLimits(Math.max(1, config.max_cavs()), Math.max(1, config.max_crm_objects()));
    }

    /** Throws when {@code after}, the result of a change to {@code before} (null: a new one), grows past a limit. */
    void check(Interaction before, Interaction after) {
        grows(Code.TOO_MANY_CAVS, "CAVs", "max.cavs", maxCavs, before == null ? List.of() : before.cavs, after.cavs,
                after.interactionId);
        grows(Code.TOO_MANY_CRM_OBJECTS, "visited objects", "max.crm.objects", maxCrmObjects,
                before == null ? List.of() : before.visitedObjects, after.visitedObjects, after.interactionId);
        grows(Code.TOO_MANY_CRM_OBJECTS, "Name options", "max.crm.objects", maxCrmObjects,
                before == null ? List.of() : before.nameOptions, after.nameOptions, after.interactionId);
        grows(Code.TOO_MANY_CRM_OBJECTS, "Related To options", "max.crm.objects", maxCrmObjects,
                before == null ? List.of() : before.relatedToOptions, after.relatedToOptions, after.interactionId);
    }

    /** Whether a list of CRM objects holding {@code size} may take one more. */
    public boolean roomForCrmObject(int size) {
        return size < maxCrmObjects;
    }

    private static void grows(Code code, String what, String setting, int max, List<?> before, List<?> after,
            String interactionId) {
        if (after.size() > max && after.size() > before.size()) {
            throw new LifecycleException(code, "interaction " + interactionId + " may hold at most " + max + " " + what
                    + " (" + setting + "); this request would make it " + after.size());
        }
    }
}

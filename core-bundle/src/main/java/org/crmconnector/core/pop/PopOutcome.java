package org.crmconnector.core.pop;

import java.util.List;

import org.crmconnector.crm.ScreenPop;
import org.crmconnector.interaction.CrmObject;

/**
 * What a screen-pop lookup came to, as the API and the agent's browser see it.
 *
 * @param status  {@code ok}, {@code adapter_unavailable}, {@code timeout}, {@code busy}, {@code crm_error} or
 *                {@code excluded} (the number is kept out of the CRM: no lookup, nothing popped)
 * @param match   {@code NONE}, {@code ONE} or {@code MANY}
 * @param pop     what was popped at the agent, or null
 * @param popped  whether the pop was sent to the agent's desktop
 */
public record PopOutcome(String status, String interactionId, String match, List<CrmObject> matches, ScreenPop pop,
        boolean popped, String message) {

    public boolean ok() {
        return "ok".equals(status);
    }
}

package org.crmconnector.crm.genericrest.config;

import org.crmconnector.crm.Trigger;
import org.crmconnector.interaction.Channel;

/**
 * A web request sent when a trigger fires (seed 004: "typically sent when the
 * agent's phone starts ringing and when the agent hangs up").
 *
 * @param channel null for every channel
 * @param index   position in the 'triggers' attribute, for messages
 */
public record TriggerRequest(int index, Trigger trigger, Channel channel, RequestTemplate request) {

    public boolean matches(Trigger fired, Channel of) {
        return trigger == fired && (channel == null || channel == of);
    }
}

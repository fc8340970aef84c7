package org.crmconnector.core.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.agent.StreamKind;
import org.crmconnector.core.json.Json;
import org.crmconnector.core.node.NodeIdentity;
import org.crmconnector.core.outbox.LogOutcomeListener;
import org.crmconnector.crm.CrmRecordRef;
import org.crmconnector.interaction.Interaction;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Tells the agent what became of an interaction's log, on the agent's event
 * stream: {@code logSaved} with the CRM record when the CRM took it,
 * {@code logFailed} with the CRM's error when it became a dead letter (an
 * operator can retry it), as HubSpot's calling SDK reports engagements.
 * Each names the node that made the delivery ({@code node}): this one, as the
 * outbox tells its listeners on the node that delivered.
 */
@Component(service = LogOutcomeListener.class)
public class LogNotices implements LogOutcomeListener {

    private final AgentStreams streams;
    private final String node;
    private final Json json = new Json();

    @Activate
    public LogNotices(@Reference AgentStreams streams, @Reference NodeIdentity node) {
        this.streams = streams;
        this.node = node.id();
    }

    @Override
    public void logSaved(String tenantId, Interaction interaction, CrmRecordRef record) {
        Map<String, Object> event = base(interaction);
        if (record != null) {
            Map<String, Object> saved = new LinkedHashMap<>();
            saved.put("type", record.type);
            saved.put("id", record.id);
            saved.put("url", record.url);
            event.put("record", saved);
        }
        publish(tenantId, interaction, "logSaved", event);
    }

    @Override
    public void logFailed(String tenantId, Interaction interaction, long deadLetterId, String error) {
        Map<String, Object> event = base(interaction);
        event.put("deadLetterId", deadLetterId);
        event.put("error", error);
        publish(tenantId, interaction, "logFailed", event);
    }

    /** Which interaction, whether this was its first log (ended) or its final one, and who delivered it. */
    private Map<String, Object> base(Interaction interaction) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("interactionId", interaction.interactionId);
        if (interaction.legId != 0) {
            event.put("legId", interaction.legId);
        }
        event.put("stage", interaction.state == null || interaction.state.isFinal() ? "final" : "ended");
        event.put("node", node);
        return event;
    }

    private void publish(String tenantId, Interaction interaction, String name, Map<String, Object> event) {
        if (interaction.agentId != null) {
            streams.tryPublish(new AgentStreams.Topic(tenantId, interaction.agentId, StreamKind.AGENT_EVENTS), name,
                    json.write(event));
        }
    }
}

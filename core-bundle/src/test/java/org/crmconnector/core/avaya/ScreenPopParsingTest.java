package org.crmconnector.core.avaya;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;

import org.crmconnector.interaction.Channel;
import org.crmconnector.interaction.Interaction;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class ScreenPopParsingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InteractionLogMapper mapper = new InteractionLogMapper();

    private static ObjectNode json(String s) {
        try {
            return (ObjectNode) JSON.readTree(s.replace('\'', '"'));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ScreenPopMessage pop(String data) {
        return mapper.parseScreenPop(json(data));
    }

    private String error(JsonNode data) {
        return assertThrows(IllegalArgumentException.class, () -> mapper.parseScreenPop(data)).getMessage();
    }

    private String error(String data) {
        return error(json(data));
    }

    @Test
    void takesTheFirstNonEmptyAniLikeTheSeed() {
        ScreenPopMessage m = pop("{'aniValues':['', '+15551234567'],'dnisValues':[null,' ','+18005550100'],"
                + "'interactionData':{},'allowScreenPop':true}");
        assertEquals("+15551234567", m.ani());
        assertEquals("+18005550100", m.dnis());
        assertTrue(m.allowScreenPop());
        assertNull(m.interactionId());
        assertTrue(m.attachedData().isEmpty());
        assertEquals("+15551234567", pop("{'aniValues':['+15551234567','+15550000000']}").ani());
    }

    @Test
    void readsAFullMessage() {
        ScreenPopMessage m = pop("{'aniValues':['+15551234567'],'dnisValues':['+18005550100'],"
                + "'allowScreenPop':false,'interactionData':{'id':'i-42','channel':'Chat','callerName':'Jane',"
                + "'customer':{'tier':'Gold','since':2019,'tags':['a']},'list':[1],'empty':null,"
                + "'interaction':{'state':'ALERTING','intrinsics':{'VDN':'5000','callerName':'shadowed'}}}}");
        assertFalse(m.allowScreenPop());
        assertEquals("i-42", m.interactionId());
        assertEquals(Map.of("id", "i-42", "channel", "Chat", "callerName", "Jane", "customer.tier", "Gold",
                "customer.since", "2019", "interaction.state", "ALERTING", "VDN", "5000"), m.attachedData());
        Interaction i = m.interaction();
        assertEquals("i-42", i.interactionId);
        assertEquals(Channel.CHAT, i.channel);
        assertEquals("Jane", i.callerName);
        assertThrows(UnsupportedOperationException.class, () -> m.attachedData().put("x", "y"));
    }

    @Test
    void allowsTheScreenPopByDefault() {
        ScreenPopMessage m = pop("{'aniValues':['+15551234567']}");
        assertTrue(m.allowScreenPop());
        assertEquals("+15551234567", m.ani());
        assertNull(m.dnis());
        assertNull(m.interactionId());
        assertTrue(m.attachedData().isEmpty());
        assertEquals(null, m.interaction().interactionId);
    }

    @Test
    void fallsBackToTheInteractionsAddresses() {
        ScreenPopMessage m = pop("{'aniValues':[],'interactionData':{'interactionId':'i-1',"
                + "'updatedOriginatingAddress':'+15551234567','interaction':{'intrinsics':{'DNIS':'6000'}}}}");
        assertEquals("+15551234567", m.ani());
        assertEquals("6000", m.dnis());
        assertEquals("i-1", m.interactionId());
    }

    @Test
    void takesTheInteractionIdFromDeeperScopes() {
        assertEquals("deep", pop("{'interactionData':{'interaction':{'intrinsics':{'INTERACTION_ID':'deep'}}}}")
                .interactionId());
        assertEquals("own", pop("{'interactionData':{'interactionId':'own','id':'other'}}").interactionId());
    }

    @Test
    void mapsInteractionDataBestEffort() {
        ScreenPopMessage m = pop("{'aniValues':['+1555'],'interactionData':{'interactionId':'i-1',"
                + "'acwDuration':'abc','channel':'Fax','ucid':'U1','interactionId2':{}}}");
        assertEquals("+1555", m.ani());
        assertEquals("U1", m.interaction().ucid);
        assertNull(m.interaction().acwDurationSeconds);
        assertEquals(Channel.VOICE, m.interaction().channel, "the model's default stays");
        assertEquals("i-1", m.interaction().interactionId);
        assertNull(pop("{'interactionData':{'interactionId':{}}}").interactionId());
    }

    @Test
    void leavesOutWhatAStrictMappingRefuses() {
        Map<String, String> refused = Map.of(
                "'priority':'high'", "priority must be an integer, not 'high'",
                "'startTime':'yesterday'", "startTime must be an ISO-8601 timestamp or epoch milliseconds, "
                        + "not 'yesterday'",
                "'isTransfer':1", "isTransfer must be true or false, not 1",
                "'nameOptions':{}", "nameOptions must be an array of {id, label, name}, not an object");
        Interaction i = pop("{'interactionData':{'interactionId':'i-1','ucid':'U1',"
                + String.join(",", refused.keySet()) + "}}").interaction();
        assertEquals("i-1", i.interactionId);
        assertEquals("U1", i.ucid);
        assertNull(i.priority);
        assertNull(i.startTime);
        assertFalse(i.transfer);
        assertTrue(i.nameOptions.isEmpty());

        refused.forEach((member, problem) -> assertEquals("requestSaveInteractionLog: " + problem,
                assertThrows(IllegalArgumentException.class,
                        () -> mapper.map(json("{'interactionId':'i-1','ucid':'U1'," + member + "}"))).getMessage(),
                member));
    }

    @Test
    void doesNotMistakeABugForAValueThatDoesNotFit() {
        // A failure no coercion means to throw, as a programming error deeper down would.
        NumberFormatException bug = new NumberFormatException("a bug, not bad input");
        ObjectNode data = json("{'interactionData':{'ucid':'U1'}}");
        ((ObjectNode) data.get("interactionData")).set("priority", new IntNode(5) {
            private static final long serialVersionUID = 1L;

            @Override
            public BigDecimal decimalValue() {
                throw bug;
            }
        });
        assertSame(bug, assertThrows(NumberFormatException.class, () -> mapper.parseScreenPop(data)));
    }

    @Test
    void namesTheFieldOfTheWrongType() {
        assertEquals("requestPerformInteractionScreenPop: aniValues must be an array of strings, not a string",
                error("{'aniValues':'+15551234567'}"));
        assertEquals("requestPerformInteractionScreenPop: aniValues[0] must be a string, not a number",
                error("{'aniValues':[15551234567]}"));
        assertEquals("requestPerformInteractionScreenPop: dnisValues must be an array of strings, not an object",
                error("{'dnisValues':{}}"));
        assertEquals("requestPerformInteractionScreenPop: allowScreenPop must be true or false, not 'false'",
                error("{'allowScreenPop':'false'}"));
        assertEquals("requestPerformInteractionScreenPop: interactionData must be an object, not an array",
                error("{'interactionData':[]}"));
        assertEquals("requestPerformInteractionScreenPop: data must be an object, not an array",
                error(JSON.createArrayNode()));
        assertEquals("requestPerformInteractionScreenPop: data must be an object, not null", error((JsonNode) null));
    }

    @Test
    void enforcesSizeLimitsEvenBestEffort() {
        String big = "x".repeat(InteractionLogMapper.DEFAULT_MAX_STRING_LENGTH + 1);
        assertEquals("requestPerformInteractionScreenPop: interactionData.comments is longer than 32000 characters",
                error("{'interactionData':{'comments':'" + big + "'}}"));
        assertEquals("requestPerformInteractionScreenPop: aniValues[0] is longer than 32000 characters",
                error("{'aniValues':['" + big + "']}"));
        ObjectNode data = json("{}");
        ArrayNode anis = data.putArray("aniValues");
        for (int k = 0; k <= 1_000; k++) {
            anis.add("+1555" + k);
        }
        assertEquals("requestPerformInteractionScreenPop: aniValues has 1001 entries; at most 1000 are allowed",
                error(data));
    }
}

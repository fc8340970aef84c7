package org.crmconnector.core.avaya;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.crmconnector.interaction.Channel;
import org.crmconnector.interaction.CrmObject;
import org.crmconnector.interaction.Direction;
import org.crmconnector.interaction.Interaction;
import org.crmconnector.interaction.InteractionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class InteractionLogMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2025-03-01T14:05:09Z");

    private final InteractionLogMapper mapper = new InteractionLogMapper();

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = InteractionLogMapperTest.class.getResourceAsStream("/avaya/" + name)) {
            return JSON.readTree(in);
        }
    }

    private static ObjectNode json(String s) {
        try {
            return (ObjectNode) JSON.readTree(s.replace('\'', '"'));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A body with an interactionId and the given extra members. */
    private static ObjectNode body(String members) {
        return json("{'interactionId':'i-1'" + (members.isEmpty() ? "" : "," + members) + "}");
    }

    private Interaction map(String members) {
        return mapper.map(body(members));
    }

    private String error(String members) {
        return assertThrows(IllegalArgumentException.class, () -> map(members)).getMessage();
    }

    private static void assertObject(CrmObject o, String id, String label, String name, boolean who, boolean what) {
        assertEquals(id, o.id);
        assertEquals(label, o.label);
        assertEquals(name, o.name);
        assertEquals(who, o.isWho, "isWho of " + id);
        assertEquals(what, o.isWhat, "isWhat of " + id);
    }

    @Test
    void mapsFullAxpBody() throws IOException {
        Interaction i = mapper.map(resource("axp-full.json"));

        assertEquals("c2f0e1a4-7d1b-4b0e-9a55-1f0e2d3c4b5a", i.interactionId);
        assertEquals("Refund request for order 5521", i.subject);
        assertEquals("jane.doe@example.org", i.updatedOriginatingAddress);
        assertEquals("billing@example.com", i.updatedDestinationAddress);
        assertEquals("AXP", i.interactionOrigin);
        assertEquals(Channel.EMAIL, i.channel);
        assertEquals(InteractionType.TRANSFERRED, i.interactionType);
        assertTrue(i.transfer);
        assertFalse(i.conference);
        assertEquals("71001", i.resourceAddress);
        assertEquals("support@example.com", i.destinationAddress);
        assertEquals("Jane Doe", i.callerName);
        assertEquals("jane.doe@example.org", i.callerNumber);
        assertEquals("support@example.com", i.dnis);
        assertEquals("1042", i.topicId);
        assertEquals("Billing Support", i.topicName);
        assertEquals("00001002541740837909", i.ucid);
        assertEquals(Map.of("Language", "English", "Department", "Billing"), i.attributes);
        assertEquals("English", i.language);
        assertEquals(1234.56, i.engagementParameters.get("availableBalance"));
        assertEquals("Gold", i.engagementParameters.get("customerTier"));
        assertEquals(2L, i.engagementParameters.get("openCases"));
        assertEquals(Map.of("city", "Denver", "zip", "80202"), i.engagementParameters.get("address"));
        assertEquals(Map.of("caseReason", "Refund", "followUp", true), i.customFields);
        assertEquals(Map.of("displayName", true, "displayRelatedTo", true, "displayComments", false), i.settings);
        assertEquals("Customer asked for a refund of the duplicate charge.", i.comments);
        assertEquals("RESOLVED", i.dispositionCode);

        assertEquals(2, i.nameOptions.size());
        assertObject(i.nameOptions.get(0), "003Hs00001abcDE", "Contact", "Jane Doe", true, false);
        assertObject(i.nameOptions.get(1), "00QHs00000lead1", "Lead", "Jane D.", true, false);
        assertEquals(2, i.relatedToOptions.size());
        assertObject(i.relatedToOptions.get(0), "500Hs00000xyz12", "Case", "00001234", false, true);
        assertObject(i.relatedToOptions.get(1), "006Hs00000opp01", "Opportunity", "Renewal 2025", false, true);
        assertSame(i.nameOptions.get(0), i.selectedName);
        assertSame(i.relatedToOptions.get(0), i.selectedRelatedTo);

        // startDate + startTime in the body win over the intrinsics' START_TIME; both say the same here.
        assertEquals(START, i.startTime);
        assertEquals(Instant.parse("2025-03-01T14:05:30Z"), i.establishedTime);
        assertEquals(Instant.parse("2025-03-01T14:20:00Z"), i.endTime);
        assertEquals(870L, i.durationSeconds);
        assertEquals(45L, i.acwDurationSeconds);

        // from interactionData.interaction
        assertEquals(Direction.INBOUND, i.direction);
        assertEquals(5, i.priority);

        assertEquals("draft-77", i.draftId);
        assertEquals(Boolean.TRUE, i.draftSavedSuccessfully);
        assertEquals("<p>Hello Jane,</p><p>your refund is on its way.</p>", i.emailDraftBody);
        assertEquals(List.of(Map.of("name", "invoice.pdf", "size", 48213L, "contentType", "application/pdf")),
                i.draftAttachments);
        assertEquals(Instant.parse("2025-03-01T14:18:12Z"), i.lastUpdatedAt);
        assertEquals("agent.smith", i.lastUpdatedBy);
        assertEquals("agent.jones", i.transferredBy);

        assertTrue(i.workCodes.isEmpty());
        assertNull(i.uui);
        assertNull(i.asaiUui);
        assertNull(i.skillId);
        assertNull(i.skillName);
        assertNull(i.tenantId, "the tenant comes from authentication, never from the payload");
        assertEquals("jane.doe@example.org", i.ani());
    }

    @Test
    void mapsFullEliteVoiceBody() throws IOException {
        Interaction i = mapper.map(resource("elite-full.json"));

        assertEquals("ELITE-1001-4711", i.interactionId);
        assertEquals("+15551234567", i.updatedOriginatingAddress);
        assertEquals("+18005550100", i.updatedDestinationAddress);
        assertEquals("[AXP,Elite]", i.interactionOrigin);
        assertEquals("John Roe", i.callerName);
        assertEquals("4001", i.destinationAddress);
        assertEquals("Upgraded to the premium plan.", i.comments);
        assertEquals("Plan upgrade", i.subject);
        assertEquals(List.of("101", "205"), i.workCodes);
        assertEquals(Map.of("crmCaseNumber", "00001234", "callbackRequested", false), i.customFields);
        assertEquals(Map.of("displayName", true, "displayRelatedTo", false), i.settings);
        assertFalse(i.transfer);
        assertTrue(i.conference);
        assertEquals(InteractionType.CONFERENCED, i.interactionType);

        assertEquals(1, i.nameOptions.size());
        assertObject(i.nameOptions.get(0), "003Hs00001roe01", "Contact", "John Roe", true, false);
        assertObject(i.selectedName, "003Hs00001roe01", "Contact", "John Roe", true, false);
        assertEquals(1, i.relatedToOptions.size());
        assertObject(i.relatedToOptions.get(0), "500Hs00000case7", "Case", "00004321", false, true);
        // Not among the options: kept as a bare id.
        assertObject(i.selectedRelatedTo, "001Hs00000acc99", null, null, false, true);

        // from interactionData.interaction.intrinsics, SNAKE_CASE and synonyms
        assertEquals(START, i.startTime);
        assertEquals(Instant.parse("2025-03-01T14:05:12Z"), i.establishedTime);
        assertEquals(Instant.parse("2025-03-01T14:10:00Z"), i.endTime);
        assertEquals(288L, i.durationSeconds);
        assertEquals("00001002541740837909", i.ucid);
        assertEquals("+15551234567", i.callerNumber);
        assertEquals("+18005550100", i.dnis);
        assertEquals("4001", i.resourceAddress);
        assertEquals("12", i.skillId);
        assertEquals("Sales", i.skillName);
        assertEquals("C8,00FA08000B0A000000", i.uui);
        assertEquals("00FA08000B0A000000", i.asaiUui);
        assertEquals(Channel.VOICE, i.channel);
        assertEquals(Direction.INBOUND, i.direction);
        assertEquals(30L, i.acwDurationSeconds);

        // AXP-only fields stay empty
        assertTrue(i.attributes.isEmpty());
        assertTrue(i.engagementParameters.isEmpty());
        assertNull(i.priority);
        assertNull(i.topicId);
        assertNull(i.topicName);
        assertNull(i.dispositionCode);
        assertNull(i.draftId);
        assertNull(i.draftSavedSuccessfully);
        assertNull(i.emailDraftBody);
        assertTrue(i.draftAttachments.isEmpty());
        assertNull(i.lastUpdatedAt);
        assertNull(i.lastUpdatedBy);
        assertNull(i.transferredBy);
    }

    @Test
    void findsTheBodyWhereverItIs() {
        String body = "{'interactionId':'i-9','interactionData':{'ucid':'U1'}}";
        for (String data : List.of("{'message':{'body':" + body + "}}", "{'body':" + body + "}", body)) {
            Interaction i = mapper.map(json(data));
            assertEquals("i-9", i.interactionId, data);
            assertEquals("U1", i.ucid, data);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"acwDuration", "ACW_DURATION", "acw duration", "acw-duration", "AcwDuration"})
    void matchesNamesAfterNormalisation(String name) {
        assertEquals(45L, map("'" + name + "':45").acwDurationSeconds);
        assertEquals(45L, map("'interactionData':{'interaction':{'intrinsics':{'" + name + "':'45'}}}")
                .acwDurationSeconds);
    }

    @ParameterizedTest
    @CsvSource({
        "ucid, ucid", "UCID, ucid", "universalCallId, ucid",
        "resourceAddress, resourceAddress", "stationId, resourceAddress",
        "callerNumber, callerNumber", "originatingAddress, callerNumber", "ani, callerNumber",
        "dnis, dnis", "calledNumber, dnis",
        "topicId, topicId", "queueNumber, topicId",
        "comments, comments", "notes, comments",
        "dispositionCode, dispositionCode", "disposition, dispositionCode",
        "draftId, draftId", "transferredBy, transferredBy", "lastUpdatedBy, lastUpdatedBy",
        "topicName, topicName", "skillId, skillId", "skillName, skillName", "uui, uui", "asaiUui, asaiUui",
        "subject, subject", "callerName, callerName", "destinationAddress, destinationAddress",
        "updatedOriginatingAddress, updatedOriginatingAddress",
        "updatedDestinationAddress, updatedDestinationAddress", "emailDraftBody, emailDraftBody"
    })
    void acceptsSynonyms(String given, String field) throws ReflectiveOperationException {
        Interaction i = map("'interactionData':{'" + given + "':'v-1'}");
        assertEquals("v-1", Interaction.class.getField(field).get(i));
    }

    @Test
    void mapsBooleanFlagSynonyms() {
        Interaction i = map("'isTransfer':true,'isConference':'false'");
        assertTrue(i.transfer);
        assertFalse(i.conference);
        assertEquals(InteractionType.TRANSFERRED, i.interactionType, "inferred from the flag");
        Interaction j = map("'isTransferInteraction':false,'isConferenceInteraction':true");
        assertFalse(j.transfer);
        assertTrue(j.conference);
        assertEquals(InteractionType.CONFERENCED, j.interactionType);
        Interaction k = map("'interactionType':'transferred'");
        assertTrue(k.transfer, "inferred from the type");
    }

    @Test
    void earlierScopeWins() {
        Interaction i = map("'ucid':'body','interactionData':{'ucid':'data','interaction':{'ucid':'interaction',"
                + "'intrinsics':{'UCID':'intrinsics'}}}");
        assertEquals("body", i.ucid);
        Interaction j = map("'ucid':'','interactionData':{'ucid':null,'interaction':{"
                + "'intrinsics':{'UCID':'intrinsics'}}}");
        assertEquals("intrinsics", j.ucid, "blank and null count as absent");
    }

    @Test
    void ignoresUnknownFields() {
        Interaction i = map("'somethingNew':{'deep':[1,2,3]},'x':'" + "y".repeat(40_000) + "'");
        assertEquals("i-1", i.interactionId);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "'startTime':'2025-03-01T14:05:09Z'",
        "'startTime':'2025-03-01T16:05:09+02:00'",
        "'startTime':'2025-03-01T14:05:09'",
        "'startTime':'2025-03-01 14:05:09'",
        "'startTime':1740837909000",
        "'startTime':'1740837909000'",
        "'startDate':'2025-03-01','startTime':'14:05:09'",
        "'startDate':'2025/03/01','startTime':'2:05:09 PM'",
        "'startDate':'2025-03-01T00:00:00Z','startTime':'14:05:09'",
        "'startTime':'Sat, 1 Mar 2025 14:05:09 GMT'",
        "'startTime':'14:05:09','interactionData':{'interaction':{'intrinsics':{'START_TIME':1740837909000}}}"
    })
    void readsTimestampVariants(String members) {
        assertEquals(START, map(members).startTime);
    }

    @Test
    void startDateAloneIsMidnightUtc() {
        assertEquals(Instant.parse("2025-03-01T00:00:00Z"), map("'startDate':'2025-03-01'").startTime);
    }

    @Test
    void timeOfDayNeedsADate() {
        assertEquals("requestSaveInteractionLog: startTime is a time of day (14:05:09) but startDate is missing",
                error("'startTime':'14:05:09'"));
        assertTrue(error("'endTime':'14:10'").startsWith("requestSaveInteractionLog: endTime is a time of day"));
    }

    @Test
    void timeOfDayPastMidnightIsTheNextDay() {
        Interaction i = map("'startDate':'2025-03-01','startTime':'23:58:00','endTime':'00:03:00'");
        assertEquals(Instant.parse("2025-03-01T23:58:00Z"), i.startTime);
        assertEquals(Instant.parse("2025-03-02T00:03:00Z"), i.endTime);
    }

    @Test
    void rejectsBadTimestamps() {
        assertEquals("requestSaveInteractionLog: endTime must be an ISO-8601 timestamp or epoch milliseconds, "
                + "not 'yesterday'", error("'endTime':'yesterday'"));
        assertEquals("requestSaveInteractionLog: establishedTime must be an ISO-8601 timestamp or epoch "
                + "milliseconds, not true", error("'establishedTime':true"));
        assertEquals("requestSaveInteractionLog: startDate must be a date like 2025-03-01, not '03/01/25'",
                error("'startDate':'03/01/25','startTime':'14:05:09'"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {"45|45", "'45'|45", "45.4|45",
        "'45.5'|46", "'00:01:30'|90", "'1:30'|90", "'PT1M'|60", "0|0"})
    void readsDurations(String given, long seconds) {
        assertEquals(seconds, map("'acwDuration':" + given).acwDurationSeconds);
    }

    @Test
    void rejectsBadDurations() {
        assertEquals("requestSaveInteractionLog: acwDuration must be a number of seconds, not 'abc'",
                error("'acwDuration':'abc'"));
        assertEquals("requestSaveInteractionLog: acwDuration must be a number of seconds, not -5",
                error("'acwDuration':-5"));
        assertEquals("requestSaveInteractionLog: acwDuration must be a number of seconds, not Infinity",
                error("'acwDuration':1e400"));
        assertEquals("requestSaveInteractionLog: acwDuration (at interactionData.interaction.intrinsics."
                + "ACW_DURATION) must be a number of seconds, not an object",
                error("'interactionData':{'interaction':{'intrinsics':{'ACW_DURATION':{}}}}"));
    }

    @Test
    void readsCustomFieldsAsObjectOrArray() {
        Map<String, Object> expected = Map.of("reason", "Refund", "amount", 12L, "flags", List.of("a", "b"));
        assertEquals(expected, map("'customFields':{'reason':'Refund','amount':12,'flags':['a','b']}")
                .customFields);
        assertEquals(expected, map("'customFields':[{'name':'reason','value':'Refund'},{'key':'amount','value':12},"
                + "{'id':'flags','value':['a','b']}]").customFields);
        Interaction i = map("'customFields':[{'name':'empty'}]");
        assertTrue(i.customFields.containsKey("empty"));
        assertNull(i.customFields.get("empty"));
        assertEquals("requestSaveInteractionLog: customFields[1] has no name",
                error("'customFields':[{'name':'a','value':1},{'value':2}]"));
        assertEquals("requestSaveInteractionLog: customFields must be an object or an array of {name, value}, "
                + "not a string", error("'customFields':'x'"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {"'AXP'|AXP", "'Elite'|Elite",
        "'elite'|Elite", "['AXP','Elite']|[AXP,Elite]", "['Elite']|Elite",
        "'[AXP,Elite]'|[AXP,Elite]", "'AXP, Elite'|[AXP,Elite]"})
    void readsInteractionOrigin(String given, String expected) {
        assertEquals(expected, map("'interactionOrigin':" + given).interactionOrigin);
    }

    @ParameterizedTest
    @CsvSource({"Voice, VOICE", "VOICE, VOICE", "chat, CHAT", "Email, EMAIL", "E-mail, EMAIL",
        "Messaging, SOCIAL", "social, SOCIAL"})
    void readsChannels(String given, Channel expected) {
        assertEquals(expected, map("'channel':'" + given + "'").channel);
    }

    @Test
    void readsDirectionsAndTypes() {
        assertEquals(Direction.OUTBOUND, map("'direction':'Outbound'").direction);
        assertEquals(Direction.INTERNAL, map("'direction':'internal'").direction);
        assertEquals(InteractionType.CALLED, map("'interactionType':'Called'").interactionType);
        assertEquals("requestSaveInteractionLog: channel must be one of Voice, Chat, Email, Messaging, Social; "
                + "not 'Fax'", error("'channel':'Fax'"));
        assertTrue(error("'direction':'Sideways'").startsWith("requestSaveInteractionLog: direction must be one of"));
        assertTrue(error("'interactionType':3").startsWith(
                "requestSaveInteractionLog: interactionType must be one of"));
    }

    @Test
    void readsWorkCodes() {
        assertEquals(List.of("1", "2", "3", "4"),
                map("'workCodes':['1',2,{'code':'3'},{'name':'4'}]").workCodes);
        assertEquals(List.of("7"), map("'workCodes':'7'").workCodes);
        assertEquals("requestSaveInteractionLog: workCodes[0] must be a string, not an array",
                error("'workCodes':[[]]"));
    }

    @Test
    void resolvesNameAndRelatedTo() {
        Interaction i = map("'nameOptions':[{'id':'c1','label':'Contact','name':'Jane','isWhat':true},"
                + "{'name':'no id'}],"
                + "'relatedToOptions':[{'id':'k1','type':'Case','name':'0001','isWho':'true'}],"
                + "'nameId':'c1','relatedToId':{'id':'k1'}");
        assertEquals(1, i.nameOptions.size(), "an option without an id is dropped");
        assertObject(i.nameOptions.get(0), "c1", "Contact", "Jane", true, true);
        assertObject(i.relatedToOptions.get(0), "k1", "Case", "0001", true, true);
        assertSame(i.nameOptions.get(0), i.selectedName);
        assertObject(i.selectedRelatedTo, "k1", "Case", "0001", false, true);

        Interaction j = map("'nameId':'c9','relatedToId':42");
        assertObject(j.selectedName, "c9", null, null, true, false);
        assertObject(j.selectedRelatedTo, "42", null, null, false, true);
        assertEquals("requestSaveInteractionLog: nameOptions must be an array of {id, label, name}, not an object",
                error("'nameOptions':{}"));
        assertEquals("requestSaveInteractionLog: relatedToOptions[0].isWhat must be true or false, not 'yes'",
                error("'relatedToOptions':[{'id':'a','isWhat':'yes'}]"));
        assertEquals("requestSaveInteractionLog: nameId has no id", error("'nameId':{'name':'x'}"));
    }

    @Test
    void readsAttributesSettingsAttachmentsAndCavs() {
        Interaction i = map("'attributes':[{'name':'Language','value':'Spanish'},{'key':'VIP','value':true}],"
                + "'settings':[{'name':'displayComments','value':true}],"
                + "'draftAttachments':['a.txt',{'name':'b.png','size':1}],"
                + "'cavs':[{'id':'7','name':'AccountId','group':'Customer','value':'42'},{'name':'Tier','value':3}]");
        assertEquals(Map.of("Language", "Spanish", "VIP", "true"), i.attributes);
        assertEquals("Spanish", i.language);
        assertEquals(Map.of("displayComments", true), i.settings);
        assertEquals(List.of(Map.of("name", "a.txt"), Map.of("name", "b.png", "size", 1L)), i.draftAttachments);
        assertEquals(2, i.cavs.size());
        assertEquals("7", i.cavs.get(0).id);
        assertEquals("AccountId", i.cavs.get(0).name);
        assertEquals("Customer", i.cavs.get(0).group);
        assertEquals("42", i.cavs.get(0).value);
        assertEquals("3", i.cavs.get(1).value);
        assertNull(i.cavs.get(1).group);

        Interaction j = map("'callAttachedVariables':{'Customer.AccountId':'42'}");
        assertEquals("Customer", j.cavs.get(0).group);
        assertEquals("AccountId", j.cavs.get(0).name);
    }

    @Test
    void requiresTheInteractionId() {
        String missing = "requestSaveInteractionLog: interactionId is missing";
        assertEquals(missing, assertThrows(IllegalArgumentException.class,
                () -> mapper.map(json("{'message':{'body':{'interactionData':{}}}}"))).getMessage());
        assertEquals(missing, assertThrows(IllegalArgumentException.class,
                () -> mapper.map(json("{'interactionId':'  '}"))).getMessage());
        assertEquals("requestSaveInteractionLog: interactionId must be a string, not an object",
                assertThrows(IllegalArgumentException.class,
                        () -> mapper.map(json("{'interactionId':{}}"))).getMessage());
        assertEquals("123", mapper.map(json("{'interactionId':123}")).interactionId);
        assertEquals("x", mapper.map(json("{'interactionData':{'interaction':{'intrinsics':"
                + "{'INTERACTION_ID':'x'}}}}")).interactionId);
    }

    @Test
    void namesTheFieldOfTheWrongType() {
        assertEquals("requestSaveInteractionLog: data must be an object, not an array",
                assertThrows(IllegalArgumentException.class, () -> mapper.map(JSON.createArrayNode())).getMessage());
        assertEquals("requestSaveInteractionLog: data must be an object, not null",
                assertThrows(IllegalArgumentException.class, () -> mapper.map(null)).getMessage());
        assertEquals("requestSaveInteractionLog: message.body must be an object, not a string",
                assertThrows(IllegalArgumentException.class,
                        () -> mapper.map(json("{'message':{'body':'x'}}"))).getMessage());
        assertEquals("requestSaveInteractionLog: interactionData must be an object, not a string",
                error("'interactionData':'x'"));
        assertEquals("requestSaveInteractionLog: priority must be an integer, not 'high'", error("'priority':'high'"));
        assertEquals("requestSaveInteractionLog: settings.displayName must be true or false, not 'maybe'",
                error("'settings':{'displayName':'maybe'}"));
        assertEquals("requestSaveInteractionLog: isTransfer must be true or false, not 1", error("'isTransfer':1"));
        assertEquals("requestSaveInteractionLog: ucid must be a string, not an array", error("'ucid':[]"));
        assertEquals("requestSaveInteractionLog: attributes.dept must be a string or an array of strings, "
                + "not an object", error("'attributes':{'dept':{}}"));
        assertEquals("requestSaveInteractionLog: draftAttachments[0] must be an object, not a number",
                error("'draftAttachments':[1]"));
        assertEquals("requestSaveInteractionLog: interactionOrigin[1] must be a string, not a number",
                error("'interactionOrigin':['AXP',2]"));
    }

    @Test
    void boundsStringsAndArrays() {
        String max = "c".repeat(InteractionLogMapper.DEFAULT_MAX_STRING_LENGTH);
        assertEquals(max, map("'comments':'" + max + "'").comments);
        assertEquals("requestSaveInteractionLog: comments is longer than 32000 characters",
                error("'comments':'" + max + "x'"));
        assertEquals("requestSaveInteractionLog: customFields.note is longer than 32000 characters",
                error("'customFields':{'note':'" + max + "x'}"));
        assertEquals("requestSaveInteractionLog: interactionId is longer than 32000 characters",
                assertThrows(IllegalArgumentException.class,
                        () -> mapper.map(json("{'interactionId':'" + max + "x'}"))).getMessage());

        ObjectNode body = body("");
        ArrayNode codes = body.putArray("workCodes");
        for (int k = 0; k < 1_000; k++) {
            codes.add("c" + k);
        }
        assertEquals(1_000, mapper.map(body).workCodes.size());
        codes.add("one too many");
        assertEquals("requestSaveInteractionLog: workCodes has 1001 entries; at most 1000 are allowed",
                assertThrows(IllegalArgumentException.class, () -> mapper.map(body)).getMessage());

        ObjectNode nested = body("");
        ArrayNode list = nested.putObject("engagementParameters").putArray("history");
        for (int k = 0; k <= 1_000; k++) {
            list.add(k);
        }
        assertEquals("requestSaveInteractionLog: engagementParameters.history has 1001 entries; "
                + "at most 1000 are allowed",
                assertThrows(IllegalArgumentException.class, () -> mapper.map(nested)).getMessage());
    }

    @Test
    void limitsAreConfigurable() {
        InteractionLogMapper small = new InteractionLogMapper(5, 2);
        assertEquals("requestSaveInteractionLog: subject is longer than 5 characters",
                assertThrows(IllegalArgumentException.class,
                        () -> small.map(body("'subject':'123456'"))).getMessage());
        assertEquals("requestSaveInteractionLog: workCodes has 3 entries; at most 2 are allowed",
                assertThrows(IllegalArgumentException.class,
                        () -> small.map(body("'workCodes':['a','b','c']"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new InteractionLogMapper(0, 1));
    }

    @Test
    void refusesTooDeepValues() {
        String deep = "[".repeat(40) + "]".repeat(40);
        assertEquals("requestSaveInteractionLog: customFields.x" + "[0]".repeat(32)
                + " is nested deeper than 32 levels", error("'customFields':{'x':" + deep + "}"));
    }
}

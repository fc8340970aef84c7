package org.crmconnector.crm.salesforce.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The emulator is only worth its tests if it refuses what Salesforce refuses. */
class SalesforceEmulatorTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private SalesforceEmulator org;
    private String token;

    @BeforeEach
    void setUp() throws Exception {
        org = new SalesforceEmulator();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(org.url() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                        + SalesforceEmulator.CLIENT_ID + "&client_secret=" + SalesforceEmulator.CLIENT_SECRET))
                .build(), HttpResponse.BodyHandlers.ofString());
        token = json.readTree(login.body()).get("access_token").asText();
        assertTrue(json.readTree(login.body()).path("issued_at").isTextual());
    }

    @AfterEach
    void tearDown() {
        org.close();
    }

    @Test
    void anUnescapedReservedCharacterIsAMalformedSearch() throws Exception {
        HttpResponse<String> response = search("FIND {+15551234567} IN PHONE FIELDS RETURNING Contact(Id)");

        assertEquals(400, response.statusCode());
        JsonNode error = json.readTree(response.body()).get(0);
        assertEquals("MALFORMED_SEARCH", error.get("errorCode").asText());
        assertTrue(response.headers().firstValue("Sforce-Limit-Info").orElse("").startsWith("api-usage="));
    }

    @Test
    void phoneSearchMatchesDigitsWhateverTheFormatting() throws Exception {
        String id = org.addContact("Jane Doe", "(555) 123-4567");

        JsonNode found = json.readTree(search("FIND {5551234567} IN PHONE FIELDS RETURNING Contact(Id, Name)").body());

        assertEquals(id, found.path("searchRecords").get(0).path("Id").asText());
        assertEquals("Contact", found.path("searchRecords").get(0).path("attributes").path("type").asText());
        assertEquals(0, json.readTree(search("FIND {15551234567} IN PHONE FIELDS RETURNING Contact(Id)").body())
                .path("searchRecords").size(), "the country code is not in the stored digits");
    }

    @Test
    void anExpiredSessionIsRefusedWithTheStandardBody() throws Exception {
        org.expireSessions();

        HttpResponse<String> response = search("FIND {Acme} RETURNING Account(Id)");

        assertEquals(401, response.statusCode());
        assertEquals("[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]", response.body());
    }

    @Test
    void userQueriesAnswerTheQueryShapeAndRefuseUnknownColumns() throws Exception {
        String id = org.addUser("ada@acme.example", java.util.Map.of("FederationIdentifier", "agent-7"));

        JsonNode found = json.readTree(call("GET", "/query/?q=" + URLEncoder.encode(
                "SELECT Id FROM User WHERE FederationIdentifier = 'agent-7' AND IsActive = true LIMIT 2",
                StandardCharsets.UTF_8), null).body());
        HttpResponse<String> unknown = call("GET", "/query/?q=" + URLEncoder.encode(
                "SELECT Id FROM User WHERE Agent__c = 'agent-7'", StandardCharsets.UTF_8), null);
        HttpResponse<String> malformed = call("GET", "/query/?q=" + URLEncoder.encode(
                "SELECT Id FROM User WHERE Email = 'o'brien@acme.example'", StandardCharsets.UTF_8), null);

        assertEquals(1, found.path("totalSize").asInt());
        assertTrue(found.path("done").asBoolean());
        assertEquals(id, found.path("records").get(0).path("Id").asText());
        assertEquals("User", found.path("records").get(0).path("attributes").path("type").asText());
        assertEquals(400, unknown.statusCode());
        assertEquals("INVALID_FIELD", json.readTree(unknown.body()).get(0).path("errorCode").asText());
        assertEquals(400, malformed.statusCode());
        assertEquals("MALFORMED_QUERY", json.readTree(malformed.body()).get(0).path("errorCode").asText());
    }

    @Test
    void aLeadNeedsItsRequiredFieldsAndAUniqueExternalIdValueOnce() throws Exception {
        org.externalIdField("CrmConnector_Phone__c");

        HttpResponse<String> missing = call("POST", "/sobjects/Lead/", "{\"LastName\":\"Unknown\"}");
        HttpResponse<String> created = call("POST", "/sobjects/Lead/",
                "{\"LastName\":\"Unknown\",\"Company\":\"?\",\"CrmConnector_Phone__c\":\"15551234567\"}");
        HttpResponse<String> duplicate = call("POST", "/sobjects/Lead/",
                "{\"LastName\":\"Other\",\"Company\":\"?\",\"CrmConnector_Phone__c\":\"15551234567\"}");
        HttpResponse<String> read = call("GET", "/sobjects/Lead/CrmConnector_Phone__c/15551234567", null);

        assertEquals(400, missing.statusCode());
        assertEquals("REQUIRED_FIELD_MISSING", json.readTree(missing.body()).get(0).path("errorCode").asText());
        assertEquals(201, created.statusCode());
        String id = json.readTree(created.body()).path("id").asText();
        assertTrue(id.startsWith("00Q"), id);
        assertEquals("/services/data/v62.0/sobjects/Lead/" + id, created.headers().firstValue("Location").orElse(""));
        assertEquals(400, duplicate.statusCode());
        JsonNode error = json.readTree(duplicate.body()).get(0);
        assertEquals("DUPLICATE_VALUE", error.path("errorCode").asText());
        assertTrue(error.path("message").asText().endsWith(id), error.toString());
        assertEquals(id, json.readTree(read.body()).path("Id").asText());
        assertEquals(404, call("GET", "/sobjects/Lead/CrmConnector_Phone__c/999", null).statusCode());
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(org.url() + "/services/data/v62.0" + path))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> search(String sosl) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(org.url() + "/services/data/v62.0/search/?q="
                + URLEncoder.encode(sosl, StandardCharsets.UTF_8))).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

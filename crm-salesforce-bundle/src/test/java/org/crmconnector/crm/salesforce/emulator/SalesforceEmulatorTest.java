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

    private HttpResponse<String> search(String sosl) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(org.url() + "/services/data/v62.0/search/?q="
                + URLEncoder.encode(sosl, StandardCharsets.UTF_8))).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

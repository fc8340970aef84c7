package org.crmconnector.crm.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.crmconnector.testing.ConfigProperties;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigurationTest {

    @AutoClose
    private final AdapterFixture fixture = new AdapterFixture();

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiterString = " => ", value = {
            "instance.url => ''",
            "instance.url => http://acme.my.salesforce.com",
            "instance.url => not a url",
            "login.url => ftp://login.salesforce.com",
            "api.version => 62",
            "auth.flow => password",
            "client.id => ''",
            ".client.secret => ''",
            "search.objects => Contact Phone",
            "search.objects => Contact: Phone; DROP",
            "search.limit => 0",
            "pop.manyMatches => FIRST",
            "pop.noMatch => NEW_LEAD",
            "task.fieldMapping => Subject=nonsense",
            "task.fieldMapping => Queue__c=topicName|x",
            "task.externalIdField => Key Field",
            "task.granularity => PER_AGENT",
            "timeout.request.ms => 0",
            "lookup.cacheTtl.seconds => -1",
            "limit.threshold.percent => 101" })
    void aBadValueIsRefusedNamingTheAttribute(String attribute, String value) {
        ConfigProperties<SalesforceConfig> config = fixture.config().and(attribute, value);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fixture.start(config));

        assertTrue(e.getMessage().contains(" " + attribute + " "), e.getMessage());
    }

    @Test
    void jwtNeedsAReadablePkcs8KeyAndNeverQuotesIt() {
        String notAKey = "-----BEGIN PRIVATE KEY-----\nTUlJQ0VBVEhJU0lTTk9UQUtFWQ==\n-----END PRIVATE KEY-----";
        ConfigProperties<SalesforceConfig> config = ConfigProperties.with(SalesforceConfig.class, "instance.url", fixture.org.url())
                .and("auth.flow", "jwt_bearer")
                .and("client.id", "key").and("jwt.username", "u@example.com").and(".jwt.privateKey", notAKey);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fixture.start(config));

        assertTrue(e.getMessage().contains(".jwt.privateKey"), e.getMessage());
        assertFalse(e.getMessage().contains("TUlJQ0VBVEhJU0lTTk9UQUtFWQ"));
    }

    @Test
    void aPkcs1KeyIsExplainedNotJustRefused() {
        ConfigProperties<SalesforceConfig> config = ConfigProperties.with(SalesforceConfig.class, "instance.url", fixture.org.url())
                .and("auth.flow", "jwt_bearer")
                .and("client.id", "key").and("jwt.username", "u@example.com")
                .and(".jwt.privateKey", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fixture.start(config));

        assertTrue(e.getMessage().contains("openssl pkcs8"), e.getMessage());
    }

    @Test
    void aKeyPastedIntoOneLineIsAccepted() throws Exception {
        String pem = AuthenticationTest.pem(AuthenticationTest.rsaKeys()).replace("\n", " ");
        ConfigProperties<SalesforceConfig> config = ConfigProperties.with(SalesforceConfig.class, "instance.url", fixture.org.url())
                .and("auth.flow", "jwt_bearer")
                .and("client.id", "key").and("jwt.username", "u@example.com").and(".jwt.privateKey", pem);

        fixture.start(config);
    }

    @Test
    void theDefaultsMakeAWorkingAdapter() {
        SalesforceConnector sf = fixture.start();

        assertTrue(sf.dispositions().isEmpty());
        assertFalse(sf.toString().contains("s3cr3t"), sf.toString());
        assertTrue(sf.toString().contains("v62.0"), sf.toString());
    }

    @Test
    void theComponentDescriptionRegistersASalesforceConnectorPerFactoryConfiguration() throws IOException {
        String component = resource("OSGI-INF/org.crmconnector.crm.salesforce.SalesforceConnector.xml");
        assertTrue(component.contains("configuration-policy=\"require\""));
        assertTrue(component.contains("configuration-pid=\"org.crmconnector.crm.salesforce\""));
        assertTrue(component.contains("<property name=\"crm.type\" type=\"String\" value=\"salesforce\"/>"), component);
        assertTrue(component.contains("interface=\"org.crmconnector.crm.CrmConnector\""));

        String metatype = resource("OSGI-INF/metatype/org.crmconnector.crm.salesforce.SalesforceConfig.xml");
        assertTrue(metatype.contains("<Designate factoryPid=\"org.crmconnector.crm.salesforce\">"), metatype);
        for (String secret : List.of(".client.secret", ".jwt.privateKey")) {
            assertTrue(metatype.contains("<AD id=\"" + secret + "\" type=\"Password\""), secret);
        }
        assertTrue(metatype.contains("default=\"Salesforce:\\ {crm.instance}\""), "metatype escapes the space");
        assertTrue(metatype.contains("id=\"task.externalIdField\" type=\"String\""));
        assertEquals(1, count(metatype, "default=\"CrmConnector_Key__c\""));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ConfigurationTest.class.getClassLoader().getResourceAsStream(name)) {
            assertTrue(in != null, name + " generated by bnd");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}

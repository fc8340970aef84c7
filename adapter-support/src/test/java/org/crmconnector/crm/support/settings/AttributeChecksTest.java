package org.crmconnector.crm.support.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class AttributeChecksTest {

    private final AttributeChecks checks = new AttributeChecks("Acme adapter configuration");

    private static String problem(Executable check) {
        return assertThrows(IllegalArgumentException.class, check).getMessage();
    }

    @Test
    void aProblemNamesTheSubjectAndTheAttribute() {
        assertEquals("Acme adapter configuration: client.id is required", problem(() -> checks.required("client.id", " ")));
        assertEquals("x", checks.required("client.id", " x "));
        assertEquals("Acme adapter configuration: search.limit must be positive",
                problem(() -> checks.positive("search.limit", 0)));
        assertEquals("Acme adapter configuration: batch.size must be 1 to 1000",
                problem(() -> checks.between("batch.size", 1001, 1, 1000)));
        assertEquals("Acme adapter configuration: owner.cacheTtl.seconds must not be negative",
                problem(() -> checks.notNegative("owner.cacheTtl.seconds", -1)));
        assertEquals(0, checks.notNegative("owner.cacheTtl.seconds", 0));
        assertEquals("", AttributeChecks.optional(null));
    }

    @Test
    void aChoiceIsAnEnumConstantInAnyCase() {
        assertEquals(TimeUnit.SECONDS, checks.choice("unit", TimeUnit.class, "seconds"));
        assertEquals("Acme adapter configuration: unit must be one of " + List.of(TimeUnit.values()),
                problem(() -> checks.choice("unit", TimeUnit.class, "fortnights")));
    }

    @Test
    void aParserProblemIsReportedForItsAttributeAndLinesNeedOne() {
        assertEquals("Acme adapter configuration: fields bad pair 'a'", problem(() -> checks.parsed("fields", () -> {
            throw new IllegalArgumentException("bad pair 'a'");
        })));
        assertEquals(List.of(1, 22), checks.lines("sizes", new String[] { "1", " ", null, "22" }, Integer::valueOf, "none"));
        assertEquals("Acme adapter configuration: sizes must name at least one size",
                problem(() -> checks.lines("sizes", new String[] { " " }, Integer::valueOf, "must name at least one size")));
        assertEquals("Acme adapter configuration: sizes For input string: \"x\"",
                problem(() -> checks.lines("sizes", new String[] { "x" }, Integer::valueOf, "none")));
    }

    @Test
    void urlsMustBeHttpsExceptToThisMachine() {
        assertEquals(URI.create("https://acme.example/api"), checks.httpsUrl("base.url", "https://acme.example/api"));
        assertEquals(URI.create("http://localhost:8080"), checks.httpsUrl("base.url", "http://localhost:8080"));
        assertEquals("Acme adapter configuration: base.url must use https (http is accepted for localhost only)",
                problem(() -> checks.httpsUrl("base.url", "http://acme.example")));
        assertEquals("Acme adapter configuration: base.url must be an absolute https URL",
                problem(() -> checks.httpsUrl("base.url", "ftp://acme.example")));
        assertEquals("Acme adapter configuration: base.url is not a URL", problem(() -> checks.httpsUrl("base.url", "a b")));
        assertFalse(problem(() -> checks.httpsUrl("base.url", "http://user:s3cret@acme.example")).contains("s3cret"));
    }
}

package org.crmconnector.crm.genericrest.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.crmconnector.crm.genericrest.template.Template;
import org.crmconnector.crm.genericrest.template.UrlTemplate;
import org.crmconnector.crm.genericrest.template.Values;
import org.crmconnector.crm.genericrest.template.Variables;
import org.crmconnector.interaction.CrmObject;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonPointer;

class RecordReaderTest {

    private static RecordReader reader(String records, String url, String urlTemplate) {
        return new RecordReader(JsonPointer.compile(records), JsonPointer.compile("/id"),
                JsonPointer.compile("/properties/name"), null, JsonPointer.compile("/kind"), "Contact",
                url == null ? null : JsonPointer.compile(url),
                urlTemplate == null ? null : UrlTemplate.parse(urlTemplate, "", Variables.RECORD_URL));
    }

    @Test
    void readsNestedListWithPerRecordPointers() throws IOException {
        List<CrmObject> found = reader("/data/items", null, null).read(
                "{\"data\":{\"items\":[{\"id\":7,\"kind\":\"Lead\",\"properties\":{\"name\":\"Ada\"}},"
                        + "{\"id\":\"c2\",\"properties\":{}}]}}",
                new Values());
        assertEquals(2, found.size());
        assertEquals("7", found.get(0).id, "numbers are read as text");
        assertEquals("Lead", found.get(0).label);
        assertEquals("Ada", found.get(0).name);
        assertTrue(found.get(0).isWho);
        assertEquals("Contact", found.get(1).label, "missing type falls back to the configured one");
        assertNull(found.get(1).name, "missing name is null, not an error");
    }

    @Test
    void missingListPathMeansNoMatch() throws IOException {
        assertTrue(reader("/results", null, null).read("{\"total\":0}", new Values()).isEmpty());
        assertTrue(reader("/results", null, null).read("", new Values()).isEmpty());
        assertTrue(reader("/results", null, null).read("{\"results\":null}", new Values()).isEmpty());
    }

    @Test
    void rootObjectIsOneRecordAndRecordsWithoutIdAreSkipped() throws IOException {
        assertEquals(1, reader("", null, null).read("{\"id\":\"x\"}", new Values()).size());
        assertEquals(1, reader("", null, null).read("[{\"id\":\"x\"},{\"name\":\"no id\"},{\"id\":{}}]", new Values())
                .size());
    }

    @Test
    void recordUrlFromPointerWinsAndMustBeHttp() throws IOException {
        List<CrmObject> found = reader("", "/link", "https://crm.example.com/c/{recordId}").read(
                "[{\"id\":\"1\",\"link\":\"https://crm.example.com/own/1\"},{\"id\":\"2\",\"link\":\"javascript:alert(1)\"}]",
                new Values());
        assertEquals("https://crm.example.com/own/1", found.get(0).url);
        assertEquals("https://crm.example.com/c/2", found.get(1).url, "a non-http link is not used");
    }

    @Test
    void recordUrlTemplateUsesRecordFieldsEncoded() throws IOException {
        List<CrmObject> found = reader("", null, "https://crm.example.com/{recordType}/{recordId}?m={record.email}")
                .read("[{\"id\":\"../admin\",\"email\":\"a@b.c&x=1\"}]", new Values());
        assertEquals("https://crm.example.com/Contact/..%2Fadmin?m=a%40b.c%26x%3D1", found.get(0).url);
    }

    @Test
    void nameTemplateJoinsNestedFields() throws IOException {
        RecordReader r = new RecordReader(JsonPointer.compile("/results"), JsonPointer.compile("/id"), null,
                Template.parse("{record.properties.firstname} {record.properties.lastname}", Variables.RECORD_NAME),
                null, "Contact", null, null);
        List<CrmObject> found = r.read("{\"results\":[{\"id\":\"51\",\"properties\":{\"firstname\":\"Ada\","
                + "\"lastname\":\"Lovelace\"}},{\"id\":\"52\",\"properties\":{}}]}", new Values());
        assertEquals("Ada Lovelace", found.get(0).name);
        assertNull(found.get(1).name, "no name fields: no name");
    }

    @Test
    void answerThatIsNotJsonIsAnError() {
        assertThrows(IOException.class, () -> reader("", null, null).read("<html>", new Values()));
    }
}

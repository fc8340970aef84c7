package org.crmconnector.crm.genericrest.template;

import java.util.Set;

/**
 * An {@code application/x-www-form-urlencoded} body such as
 * {@code caller={ani}&note={notes}}. Values are form-encoded, so a value's
 * {@code &} or {@code =} cannot add or change a field.
 */
public final class FormBodyTemplate implements BodyTemplate {

    private final Template template;

    public FormBodyTemplate(String source, VariableCatalog catalog) {
        this.template = Template.parse(source, catalog);
    }

    @Override
    public String contentType() {
        return "application/x-www-form-urlencoded";
    }

    @Override
    public String render(Values values) {
        return template.render(values, Encoding.FORM);
    }

    @Override
    public Set<String> variables() {
        return template.variables();
    }

    @Override
    public String source() {
        return template.source();
    }
}

package org.crmconnector.crm.genericrest.template;

import java.util.Set;

/** A request body built from variables. */
public interface BodyTemplate {

    /** The Content-Type header value of what {@link #render(Values)} writes. */
    String contentType();

    String render(Values values);

    /** Every variable the body uses. */
    Set<String> variables();

    /** The template as the operator wrote it. */
    String source();
}

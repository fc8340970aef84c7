package org.crmconnector.crm.genericrest.config;

import org.crmconnector.crm.genericrest.template.UrlTemplate;

import com.fasterxml.jackson.core.JsonPointer;

/**
 * How interaction logs are written.
 *
 * @param create      null when logs are not written
 * @param update      null when a record written before is left as it is
 * @param idPointer   null when the answer's id is not read
 * @param recordUrl   null when the record's URL is not known
 */
public record LogTemplates(RequestTemplate create, RequestTemplate update, JsonPointer idPointer, String recordType,
        UrlTemplate recordUrl) {
}

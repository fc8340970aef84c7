package org.crmconnector.crm.genericrest.http;

/** A successful (2xx) answer. */
public record RestResponse(int status, String body) {
}

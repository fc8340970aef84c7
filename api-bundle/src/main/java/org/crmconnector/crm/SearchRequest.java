package org.crmconnector.crm;

/** A free-text search in the CRM. */
public class SearchRequest {
    public String tenantId;
    public String text;
    /** At most this many results. */
    public int limit = 20;

    public SearchRequest() {
    }

    public SearchRequest(String tenantId, String text, int limit) {
        this.tenantId = tenantId;
        this.text = text;
        this.limit = limit;
    }
}

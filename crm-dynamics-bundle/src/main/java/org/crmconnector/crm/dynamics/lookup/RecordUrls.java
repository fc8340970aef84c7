package org.crmconnector.crm.dynamics.lookup;

import org.crmconnector.crm.dynamics.webapi.ODataText;
import org.crmconnector.crm.support.pop.PopPages;

/**
 * Addresses of the unified interface ({@code main.aspx}) of one environment,
 * as Microsoft Learn's "Open apps, forms, views, dialogs, and reports with a
 * URL" gives them: {@code etn}, {@code id}, {@code pagetype}, {@code extraqs}
 * for default values of a new record, {@code appid} to open a given app.
 */
public final class RecordUrls implements PopPages {

    private final String base;

    /** @param appId the model-driven app to open records in, or empty for the user's default */
    public RecordUrls(String environmentUrl, String appId) {
        this.base = (environmentUrl.endsWith("/") ? environmentUrl : environmentUrl + "/") + "main.aspx?"
                + (appId == null || appId.isEmpty() ? "" : "appid=" + ODataText.encode(appId) + "&");
    }

    /** {@code main.aspx?etn=contact&id=<guid>&pagetype=entityrecord}. */
    public String record(String logicalName, String id) {
        return base + "etn=" + ODataText.encode(logicalName) + "&id=" + ODataText.encode(id) + "&pagetype=entityrecord";
    }

    /** A new record's form with one column filled in: {@code extraqs} holds {@code column=value}, encoded once more. */
    public String newRecord(String logicalName, String column, String value) {
        return base + "etn=" + ODataText.encode(logicalName) + "&pagetype=entityrecord&extraqs="
                + ODataText.encode(column + "=" + value);
    }

    /** The search page of the unified interface for a term. */
    @Override
    public String search(String term) {
        return base + "pagetype=search&searchText=" + ODataText.encode(term);
    }

    /** A new contact with the number in {@code telephone1}. */
    @Override
    public String newContact(String number) {
        return newRecord("contact", "telephone1", number);
    }
}

package org.crmconnector.crm.salesforce.pop;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.crmconnector.crm.support.pop.PopPages;

/** Lightning Experience page addresses of one org. */
public final class LightningUrls implements PopPages {

    private final String base;
    private final String searchPathTemplate;

    /**
     * @param instanceUrl the org's URL, e.g. {@code https://acme.my.salesforce.com}
     * @param searchPathTemplate the search page path with {@code {term}} where the URL-encoded term goes
     */
    public LightningUrls(String instanceUrl, String searchPathTemplate) {
        this.base = instanceUrl.endsWith("/") ? instanceUrl.substring(0, instanceUrl.length() - 1) : instanceUrl;
        this.searchPathTemplate = searchPathTemplate;
    }

    /** {@code /lightning/r/{Object}/{Id}/view}. */
    public String record(String objectType, String id) {
        return base + "/lightning/r/" + encode(objectType) + "/" + encode(id) + "/view";
    }

    /**
     * {@code /lightning/o/{Object}/new?defaultFieldValues=Field=value}. The
     * value's commas are encoded too ({@code %2C}): bare commas separate field pairs.
     */
    public String newRecord(String objectType, String field, String value) {
        return base + "/lightning/o/" + encode(objectType) + "/new?defaultFieldValues=" + field + "=" + encode(value);
    }

    @Override
    public String search(String term) {
        return base + searchPathTemplate.replace("{term}", encode(term));
    }

    /** A new Contact with the number as its {@code Phone}. */
    @Override
    public String newContact(String number) {
        return newRecord("Contact", "Phone", number);
    }

    /** URL-encodes a component; spaces as {@code %20}, since {@code +} means plus in a fragment or path. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

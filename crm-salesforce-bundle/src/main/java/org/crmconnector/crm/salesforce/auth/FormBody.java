package org.crmconnector.crm.salesforce.auth;

import java.util.LinkedHashMap;
import java.util.Map;

import org.crmconnector.crm.support.oauth.TokenEndpoint;

/** An {@code application/x-www-form-urlencoded} body. */
final class FormBody {

    private final Map<String, String> fields = new LinkedHashMap<>();

    FormBody add(String name, String value) {
        fields.put(name, value);
        return this;
    }

    String encode() {
        return TokenEndpoint.encode(fields);
    }
}

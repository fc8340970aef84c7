package org.crmconnector.crm.salesforce.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** An {@code application/x-www-form-urlencoded} body. */
final class FormBody {

    private final Map<String, String> fields = new LinkedHashMap<>();

    FormBody add(String name, String value) {
        fields.put(name, value);
        return this;
    }

    String encode() {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}

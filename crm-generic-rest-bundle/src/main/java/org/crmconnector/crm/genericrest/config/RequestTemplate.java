package org.crmconnector.crm.genericrest.config;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.crmconnector.crm.genericrest.http.RestRequest;
import org.crmconnector.crm.genericrest.template.BodyTemplate;
import org.crmconnector.crm.genericrest.template.Encoding;
import org.crmconnector.crm.genericrest.template.Template;
import org.crmconnector.crm.genericrest.template.UrlTemplate;
import org.crmconnector.crm.genericrest.template.Values;

/**
 * A configured request: method, URL, headers and body, each a template, and
 * whether the CRM credentials go with it (decided once, from its literal origin).
 */
public final class RequestTemplate {

    /** A header whose value is a template; the name is literal. */
    public record HeaderTemplate(String name, Template value) {
    }

    private final String method;
    private final UrlTemplate url;
    private final List<HeaderTemplate> headers;
    private final BodyTemplate body;
    private final boolean withCredentials;

    public RequestTemplate(String method, UrlTemplate url, List<HeaderTemplate> headers, BodyTemplate body,
            boolean withCredentials) {
        this.method = method;
        this.url = url;
        this.headers = List.copyOf(headers);
        this.body = body;
        this.withCredentials = withCredentials;
    }

    public RestRequest render(Values values) {
        List<Map.Entry<String, String>> rendered = new ArrayList<>(headers.size());
        for (HeaderTemplate h : headers) {
            rendered.add(new AbstractMap.SimpleImmutableEntry<>(h.name(), h.value().render(values, Encoding.HEADER)));
        }
        return new RestRequest(method, url.render(values), rendered, body == null ? null : body.render(values),
                body == null ? null : body.contentType(), withCredentials);
    }

    public String method() {
        return method;
    }

    public UrlTemplate url() {
        return url;
    }

    public List<HeaderTemplate> headers() {
        return headers;
    }

    public boolean withCredentials() {
        return withCredentials;
    }

    /** The body, or null. */
    public BodyTemplate body() {
        return body;
    }

    /**
     * Whether the URL or body uses variables and all of them are empty here:
     * a lookup for nobody would at best find nothing and at worst everything.
     */
    public boolean onlyEmptyVariables(Values values) {
        Set<String> used = new LinkedHashSet<>(url.variables());
        if (body != null) {
            used.addAll(body.variables());
        }
        return !used.isEmpty() && used.stream().allMatch(v -> values.text(v).isEmpty());
    }

    /** Whether any part of the request uses the variable. */
    public boolean uses(String variable) {
        return url.variables().contains(variable)
                || headers.stream().anyMatch(h -> h.value().variables().contains(variable))
                || body != null && body.variables().contains(variable);
    }
}

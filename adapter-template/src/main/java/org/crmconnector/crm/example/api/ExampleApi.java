package org.crmconnector.crm.example.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.crmconnector.crm.support.http.AuthorizedClient;
import org.crmconnector.crm.support.http.Credentials;
import org.crmconnector.crm.support.http.ResponseText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Example CRM's REST API: JSON in and out, a fixed bearer token. Replace
 * the paths and shapes with your CRM's; keep the classification of failures.
 */
public final class ExampleApi {

    private final AuthorizedClient<String> http;
    private final String base;
    private final ObjectMapper json = new ObjectMapper();

    public ExampleApi(HttpClient client, URI base, String token) {
        this.http = new AuthorizedClient<>(client, new Credentials<>() {
            @Override
            public String current() {
                return token;
            }

            @Override
            public void apply(String credentials, HttpRequest.Builder request) {
                request.setHeader("Authorization", "Bearer " + credentials);
            }
        });
        String url = base.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** @param path encoded, starting with {@code /}; @param body null for none */
    public JsonNode send(String method, String path, JsonNode body, Duration timeout) throws ApiFailure {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response;
        try {
            response = http.call().send(request);
        } catch (org.crmconnector.crm.support.http.AuthenticationException e) {
            throw new ApiFailure(e.getMessage(), e.isRetryable(), !e.isRetryable(), null, e);
        } catch (IOException e) {
            throw new ApiFailure("unreachable: " + e, true, false, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiFailure("interrupted", true, false, null, e);
        }
        int status = response.statusCode();
        String reason = "HTTP " + status + ": " + ResponseText.abbreviate(response.body(), 300);
        if (status / 100 == 2) {
            try {
                return json.readTree(response.body() == null || response.body().isEmpty() ? "{}" : response.body());
            } catch (IOException e) {
                // 2xx without JSON: a proxy's page, not the CRM's answer
                throw new ApiFailure(reason, true, false, null, e);
            }
        }
        boolean retryable = status == 429 || status >= 500;
        String after = response.headers().firstValue("Retry-After").orElse("");
        Duration retryAfter = retryable && after.matches("\\d{1,9}") ? Duration.ofSeconds(Long.parseLong(after)) : null;
        throw new ApiFailure(reason, retryable, status == 401 || status == 403, retryAfter, null);
    }
}

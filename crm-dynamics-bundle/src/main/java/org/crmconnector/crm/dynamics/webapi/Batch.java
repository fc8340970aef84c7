package org.crmconnector.crm.dynamics.webapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code multipart/mixed} body of a {@code $batch} request and the
 * reading of its answer, as Microsoft Learn's "Execute batch operations
 * using the Web API" describes them (OData 4.0 Part 1, 11.7). Parts are not
 * grouped in change sets: each stands alone, so one refused record does not
 * roll back the others.
 */
public final class Batch {

    private static final String CRLF = "\r\n";

    private final String boundary = "batch_" + UUID.randomUUID();
    private final StringBuilder body = new StringBuilder();

    /** @param apiPath the versioned API path, e.g. {@code /api/data/v9.2/} */
    public Batch(String apiPath, List<WebApiRequest> requests) {
        for (WebApiRequest r : requests) {
            body.append("--").append(boundary).append(CRLF)
                    .append("Content-Type: application/http").append(CRLF)
                    .append("Content-Transfer-Encoding: binary").append(CRLF).append(CRLF)
                    .append(r.method()).append(' ').append(apiPath).append(r.path()).append(" HTTP/1.1").append(CRLF);
            if (r.body() != null) {
                body.append("Content-Type: application/json; type=entry").append(CRLF);
            }
            body.append("Accept: application/json").append(CRLF);
            r.headers().forEach((k, v) -> body.append(k).append(": ").append(v).append(CRLF));
            body.append(CRLF);
            if (r.body() != null) {
                body.append(r.body()).append(CRLF);
            }
        }
        body.append("--").append(boundary).append("--").append(CRLF);
    }

    public String contentType() {
        return "multipart/mixed; boundary=" + boundary;
    }

    public String body() {
        return body.toString();
    }

    /** One part of the answer: the embedded response's status, headers (names in lower case) and body. */
    public record Part(int status, Map<String, String> headers, String body) {
    }

    /**
     * Splits a {@code multipart/mixed} answer into its parts, in order.
     *
     * @throws IllegalArgumentException when the answer is not such a body
     */
    public static List<Part> parse(String contentType, String answer) {
        String boundary = boundaryOf(contentType);
        List<Part> parts = new ArrayList<>();
        String[] sections = answer.split("--" + java.util.regex.Pattern.quote(boundary));
        // sections[0] is the preamble; the last one starts with "--" (the close delimiter)
        for (int i = 1; i < sections.length; i++) {
            String section = sections[i];
            if (section.startsWith("--")) {
                break;
            }
            parts.add(part(section));
        }
        return parts;
    }

    private static Part part(String section) {
        String normalised = section.replace("\r\n", "\n");
        int mimeEnd = normalised.indexOf("\n\n");
        if (mimeEnd < 0) {
            throw new IllegalArgumentException("a batch part without an embedded response");
        }
        String http = normalised.substring(mimeEnd + 2);
        int headEnd = http.indexOf("\n\n");
        String head = headEnd < 0 ? http : http.substring(0, headEnd);
        String content = headEnd < 0 ? "" : http.substring(headEnd + 2).strip();
        String[] lines = head.split("\n");
        String[] statusLine = lines[0].trim().split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new IllegalArgumentException("a batch part whose response starts with '" + lines[0].trim() + "'");
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return new Part(Integer.parseInt(statusLine[1]), headers, content);
    }

    private static String boundaryOf(String contentType) {
        if (contentType != null) {
            for (String parameter : contentType.split(";")) {
                String p = parameter.trim();
                if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                    return p.substring("boundary=".length()).replace("\"", "");
                }
            }
        }
        throw new IllegalArgumentException("the answer is not multipart/mixed: " + contentType);
    }
}

package org.crmconnector.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An {@link HttpServletResponse} for tests, without a container: it records
 * the status, the headers and the body, whether written through the writer
 * or the output stream. A redirect is a 302 with its Location; a reset
 * forgets everything, as the container's does.
 */
public final class RecordedResponse {

    private int status = 200;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private ByteArrayOutputStream body = new ByteArrayOutputStream();
    private PrintWriter writer;
    private final HttpServletResponse response;

    public RecordedResponse() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException("no asynchronous writes here");
            }
        };
        this.response = (HttpServletResponse) Proxy.newProxyInstance(RecordedResponse.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setStatus", "sendError" -> {
                        status = (Integer) args[0];
                        yield null;
                    }
                    case "getStatus" -> status;
                    case "setHeader", "addHeader" -> {
                        headers.put((String) args[0], (String) args[1]);
                        yield null;
                    }
                    case "setContentType" -> {
                        headers.put("Content-Type", (String) args[0]);
                        yield null;
                    }
                    case "getContentType" -> headers.get("Content-Type");
                    case "getHeader" -> headers.get((String) args[0]);
                    case "containsHeader" -> headers.containsKey((String) args[0]);
                    case "sendRedirect" -> {
                        status = 302;
                        headers.put("Location", (String) args[0]);
                        yield null;
                    }
                    case "getOutputStream" -> out;
                    case "getWriter" -> writer();
                    case "reset" -> {
                        status = 200;
                        headers.clear();
                        body = new ByteArrayOutputStream();
                        writer = null;
                        yield null;
                    }
                    case "isCommitted" -> false;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "RecordedResponse " + status + " " + headers;
                    default -> null;
                });
    }

    private PrintWriter writer() {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8), true);
        }
        return writer;
    }

    /** What the code under test writes to. */
    public HttpServletResponse response() {
        return response;
    }

    public int status() {
        return status;
    }

    /** The headers set so far, by name; live, so a test may read them while the code is running. */
    public Map<String, String> headers() {
        return headers;
    }

    public String body() {
        if (writer != null) {
            writer.flush();
        }
        return body.toString(StandardCharsets.UTF_8);
    }
}

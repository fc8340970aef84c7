package org.crmconnector.core.web;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.crmconnector.core.json.Json;

/** Requests for resources' unit tests, without a servlet container. */
public final class TestRequests {

    private TestRequests() {
    }

    /**
     * A {@code POST} of {@code json} to {@code path} below the tenant, of no
     * tenant: enough for what a resource checks before it calls the engine.
     */
    public static ApiRequest post(String json, String... path) {
        return postAs("application/json", json, path);
    }

    /** As {@link #post(String, String...)}, sent with {@code contentType}. */
    public static ApiRequest postAs(String contentType, String json, String... path) {
        return postFor(null, contentType, json, path);
    }

    /** As {@link #postAs}, for {@code tenant}. */
    public static ApiRequest postFor(org.crmconnector.core.tenant.Tenant tenant, String contentType, String json,
            String... path) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        HttpServletRequest http = (HttpServletRequest) Proxy.newProxyInstance(TestRequests.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getMethod" -> "POST";
                    case "getContentType" -> contentType;
                    case "getContentLengthLong" -> (long) body.length;
                    case "getInputStream" -> stream;
                    default -> null;
                });
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                TestRequests.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> null);
        return new ApiRequest(http, response, tenant, List.of(path), new Json(), 1 << 20, System.nanoTime());
    }
}

package org.crmconnector.core.console;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Just enough of the servlet API, and annotation-typed configurations, for the console tests. */import org.crmconnector.testing.ComponentConfig;

final class Fakes {

    private Fakes() {
    }

    /** A request as the Web Console hands it to the plugin. */
    static final class Request {
        String method = "GET";
        String pathInfo = "/crm";
        String remoteUser = "admin";
        String contentType;
        byte[] body = new byte[0];
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final Map<String, String> params = new HashMap<>();
        final Map<String, Object> attributes = new HashMap<>();

        Request() {
            headers.put("Host", "localhost:19380");
            attributes.put("felix.webconsole.appRoot", "/system/console");
        }

        Request post() {
            method = "POST";
            contentType = "application/x-www-form-urlencoded";
            return this;
        }

        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Request param(String name, String value) {
            params.put(name, value);
            return this;
        }

        HttpServletRequest proxy() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            ServletInputStream stream = new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
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
                }
            };
            return (HttpServletRequest) Proxy.newProxyInstance(Fakes.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> switch (m.getName()) {
                        case "getMethod" -> method;
                        case "getPathInfo" -> pathInfo;
                        case "getRequestURI" -> "/system/console" + pathInfo;
                        case "getContextPath" -> "";
                        case "getServletPath" -> "/system/console";
                        case "getRemoteUser" -> remoteUser;
                        case "getContentType" -> contentType;
                        case "getHeader" -> headers.get((String) args[0]);
                        case "getParameter" -> params.get((String) args[0]);
                        case "getAttribute" -> attributes.get((String) args[0]);
                        case "getInputStream" -> stream;
                        case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                        case "toString" -> "FakeRequest";
                        case "hashCode" -> System.identityHashCode(p);
                        case "equals" -> p == args[0];
                        default -> null;
                    });
        }
    }

    /** Records what the plugin answered. */
    static final class Response {
        int status = 200;
        String contentType;
        final Map<String, String> headers = new HashMap<>();
        final StringWriter body = new StringWriter();
        private final PrintWriter writer = new PrintWriter(body, true);

        HttpServletResponse proxy() {
            return (HttpServletResponse) Proxy.newProxyInstance(Fakes.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setContentType" -> contentType = (String) args[0];
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "getWriter" -> {
                                return writer;
                            }
                            case "getStatus" -> {
                                return status;
                            }
                            case "hashCode" -> {
                                return System.identityHashCode(p);
                            }
                            case "equals" -> {
                                return p == args[0];
                            }
                            default -> {
                                return null;
                            }
                        }
                        return null;
                    });
        }

        String body() {
            writer.flush();
            return body.toString();
        }
    }

    /** An annotation-typed configuration: the defaults plus overrides by method name, as DS builds it. */
    static <A> A config(Class<A> type, Object... overrides) {
        return ComponentConfig.of(type, overrides);
    }

    static void run(CrmConsolePlugin plugin, Request req, Response resp) throws IOException {
        try {
            plugin.service(req.proxy(), resp.proxy());
        } catch (jakarta.servlet.ServletException e) {
            throw new IOException(e);
        }
    }
}

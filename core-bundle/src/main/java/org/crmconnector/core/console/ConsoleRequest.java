package org.crmconnector.core.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;

/** A request to the plugin as the Web Console hands it over: where the console lives, the parameters, the user. */
final class ConsoleRequest {

    /** Set by the Web Console; absent when the plugin is called directly. */
    private static final String APP_ROOT = "felix.webconsole.appRoot";

    private final HttpServletRequest request;

    ConsoleRequest(HttpServletRequest request) {
        this.request = request;
    }

    HttpServletRequest servletRequest() {
        return request;
    }

    /** The Web Console's root, e.g. {@code /system/console}, for links to its other tabs. */
    String consoleRoot() {
        Object root = request.getAttribute(APP_ROOT);
        return root != null ? root.toString() : request.getContextPath() + request.getServletPath();
    }

    /** This page's address. */
    String pluginRoot() {
        return consoleRoot() + "/" + CrmConsolePlugin.LABEL;
    }

    /** The trimmed parameter, or "" when absent. */
    String param(String name) {
        String v = request.getParameter(name);
        return v == null ? "" : v.trim();
    }

    String user() {
        return CsrfGuard.user(request);
    }

    /** A value for a query string. */
    static String query(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}

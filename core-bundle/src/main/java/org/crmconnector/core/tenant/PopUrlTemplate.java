package org.crmconnector.core.tenant;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.crmconnector.interaction.Cav;
import org.crmconnector.interaction.Interaction;

/**
 * A tenant's pop URL with variables (seed 004: "a URL containing defined
 * variables from the call"). Every value is URL-encoded, so a caller's
 * number or a CAV can never change the URL's structure; scheme and host are
 * written literally, so no template and no value can make a pop a
 * {@code javascript:} or {@code data:} URL, or send the agent to another host.
 */
public final class PopUrlTemplate {

    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_.-]*)}");
    /** http(s), a literal host, then path, query or fragment: variables only after the host. */
    private static final Pattern LITERAL_HTTP_ORIGIN = Pattern.compile("(?i)https?://[^/?#{}\\s]+([/?#].*)?",
            Pattern.DOTALL);
    static final List<String> NAMES = List.of("ani", "dnis", "interactionId", "agentId", "channel", "recordId", "ucid",
            "tenantId");

    private final String template;

    private PopUrlTemplate(String template) {
        this.template = template;
    }

    /** Parses and checks the scheme, host and variables; an unknown variable is an error naming it. */
    public static PopUrlTemplate parse(String template) {
        if (!LITERAL_HTTP_ORIGIN.matcher(template).matches()) {
            throw new IllegalArgumentException("pop.url.template '" + template + "' must start with http:// or https:// "
                    + "and a literal host; variables may follow the host");
        }
        Matcher m = VARIABLE.matcher(template);
        List<String> unknown = new ArrayList<>();
        while (m.find()) {
            String name = m.group(1);
            if (!NAMES.contains(name) && !name.startsWith("cav.")) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("pop.url.template: unknown variable(s) " + unknown + "; known: " + NAMES
                    + " and cav.NAME");
        }
        return new PopUrlTemplate(template);
    }

    public String expand(Interaction i, String recordId) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(encode(value(m.group(1), i, recordId))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String value(String name, Interaction i, String recordId) {
        if (name.startsWith("cav.")) {
            String cavName = name.substring(4);
            for (Cav c : i.cavs) {
                if (cavName.equals(c.name) || cavName.equals((c.group == null ? "" : c.group + ".") + c.name)) {
                    return c.value;
                }
            }
            return "";
        }
        return switch (name) {
            case "ani" -> i.ani();
            case "dnis" -> i.dnisForLookup();
            case "interactionId" -> i.interactionId;
            case "agentId" -> i.agentId;
            case "channel" -> i.channel == null ? null : i.channel.name().toLowerCase();
            case "recordId" -> recordId;
            case "ucid" -> i.ucid;
            case "tenantId" -> i.tenantId;
            default -> null;
        };
    }

    private static String encode(String v) {
        return v == null ? "" : URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

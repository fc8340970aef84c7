package org.crmconnector.crm.support.owner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.crmconnector.crm.support.settings.SettingLines;

/**
 * The configured agent-to-CRM-user table, lines {@code agentId=value}. A value
 * holding {@code @} is the user's e-mail, looked up in the CRM; any other
 * value is the CRM's own user id, used as it is.
 */
public final class OwnerTable {

    private final Map<String, String> entries;

    private OwnerTable(Map<String, String> entries) {
        this.entries = Map.copyOf(entries);
    }

    public static OwnerTable empty() {
        return new OwnerTable(Map.of());
    }

    /**
     * @param validUserId what the CRM accepts as a user id (e.g. Salesforce's {@code 005} ids)
     * @param idForm how such an id looks, for the message when one does not
     * @throws IllegalArgumentException naming the bad line
     */
    public static OwnerTable parse(String[] lines, Predicate<String> validUserId, String idForm) {
        Map<String, String> entries = new LinkedHashMap<>();
        String form = "'agentId=userId' or 'agentId=email'";
        for (SettingLines.Line l : SettingLines.parse(lines, form)) {
            String line = l.text();
            String agent = l.name();
            String value = l.value();
            if (agent.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException("'" + line + "' is not " + form);
            }
            if (!isEmail(value) && !validUserId.test(value)) {
                throw new IllegalArgumentException("'" + line + "': '" + value + "' is neither an e-mail address nor "
                        + idForm);
            }
            if (entries.put(agent, value) != null) {
                throw new IllegalArgumentException("agent '" + agent + "' is listed twice");
            }
        }
        return new OwnerTable(entries);
    }

    /** The configured value for the agent, or null when the table does not list it. */
    public String valueFor(String agentId) {
        return entries.get(agentId);
    }

    public int size() {
        return entries.size();
    }

    /** The agents the table lists, for checks. */
    public List<String> agents() {
        return List.copyOf(entries.keySet());
    }

    static boolean isEmail(String value) {
        int at = value.indexOf('@');
        return at > 0 && at < value.length() - 1 && value.indexOf('@', at + 1) < 0;
    }
}

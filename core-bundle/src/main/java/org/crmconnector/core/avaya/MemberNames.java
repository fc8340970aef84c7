package org.crmconnector.core.avaya;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Member names as the connector spells them: AXP writes {@code acwDuration},
 * Elite Voice's intrinsics {@code ACW_DURATION}, so names are compared after
 * {@link #normalise(String) normalising} them.
 */
final class MemberNames {

    private MemberNames() {
    }

    /** Lower case without {@code _}, {@code -} and spaces: {@code ACW_DURATION} and {@code acwDuration} meet. */
    static String normalise(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int k = 0; k < name.length(); k++) {
            char ch = name.charAt(k);
            if (ch != '_' && ch != '-' && ch != ' ') {
                sb.append(Character.toLowerCase(ch));
            }
        }
        return sb.toString();
    }

    /** The first non-null member of a small object by normalised name, keys in order of preference. */
    static JsonNode member(JsonNode object, String... keys) {
        for (String key : keys) {
            String wanted = normalise(key);
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                if (!e.getValue().isNull() && normalise(e.getKey()).equals(wanted)) {
                    return e.getValue();
                }
            }
        }
        return null;
    }
}

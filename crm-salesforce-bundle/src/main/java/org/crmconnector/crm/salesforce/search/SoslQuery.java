package org.crmconnector.crm.salesforce.search;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Builds SOSL {@code FIND} statements. */
public final class SoslQuery {

    /** Salesforce answers MALFORMED_SEARCH when one of these appears unescaped, even inside quotes. */
    private static final String RESERVED = "?&|!{}[]()^~*:\\\"'+-";

    private SoslQuery() {
    }

    /** Backslash-escapes SOSL's reserved characters so that the text is searched for literally. */
    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (RESERVED.indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /** {@code FIND {v1 OR v2} IN PHONE FIELDS RETURNING ... LIMIT n}. */
    public static String phoneLookup(Collection<String> digitVariants, List<SearchObject> objects, int limit) {
        String terms = digitVariants.stream().map(SoslQuery::escape).collect(Collectors.joining(" OR "));
        return "FIND {" + terms + "} IN PHONE FIELDS RETURNING " + returning(objects) + " LIMIT " + limit;
    }

    /** {@code FIND {text} IN ALL FIELDS RETURNING ... LIMIT n}, the text taken literally. */
    public static String textSearch(String text, List<SearchObject> objects, int limit) {
        return "FIND {" + escape(text.trim()) + "} IN ALL FIELDS RETURNING " + returning(objects) + " LIMIT " + limit;
    }

    private static String returning(List<SearchObject> objects) {
        return objects.stream().map(SearchObject::returningClause).collect(Collectors.joining(", "));
    }
}

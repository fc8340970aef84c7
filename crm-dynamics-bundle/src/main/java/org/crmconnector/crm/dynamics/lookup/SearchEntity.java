package org.crmconnector.crm.dynamics.lookup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.crmconnector.crm.dynamics.webapi.ODataText;

/**
 * A table the caller is looked up in, configured as
 * {@code lead: telephone1, mobilephone WHERE statecode eq 0}: its logical
 * name, the phone columns compared with the caller's number and an optional
 * OData filter. The entity set, primary id and name columns follow the
 * standard tables' conventions and can be given for others as
 * {@code new_customer/new_customers/new_name}.
 */
public record SearchEntity(String logicalName, String entitySet, String idColumn, String nameColumn,
        List<String> phoneColumns, String where) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern ENTRY = Pattern.compile("\\s*([^:]+?)\\s*:\\s*(.*?)\\s*(?:\\bWHERE\\b\\s*(.+?))?\\s*",
            Pattern.CASE_INSENSITIVE);

    /** Contacts and leads are people (the Name of a log); accounts and the rest are what a call is about. */
    public boolean isPerson() {
        return logicalName.equals("contact") || logicalName.equals("lead");
    }

    /** {@code $select} and {@code $filter} for records whose phone columns end like the caller's number. */
    String phoneQuery(String lastDigits, int top) {
        List<String> columns = new ArrayList<>(List.of(idColumn, nameColumn));
        phoneColumns.stream().filter(c -> !columns.contains(c)).forEach(columns::add);
        List<String> ends = phoneColumns.stream()
                .map(c -> "endswith(" + c + "," + ODataText.literal(lastDigits) + ")")
                .toList();
        String filter = "(" + String.join(" or ", ends) + ")" + (where == null ? "" : " and (" + where + ")");
        return entitySet + "?$select=" + String.join(",", columns) + "&$filter="
                + ODataText.encode(filter) + "&$top=" + top;
    }

    /** {@code $select} and {@code $filter} for records whose name contains the text. */
    String textQuery(String text, int top) {
        String filter = "contains(" + nameColumn + "," + ODataText.literal(text) + ")" + (where == null ? "" : " and (" + where + ")");
        return entitySet + "?$select=" + idColumn + "," + nameColumn + "&$filter=" + ODataText.encode(filter) + "&$top=" + top;
    }

    /** @throws IllegalArgumentException naming what is wrong with the entry */
    public static SearchEntity parse(String entry) {
        Matcher m = ENTRY.matcher(entry == null ? "" : entry);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + entry + "' is not 'table: column, column [WHERE filter]'");
        }
        String[] names = m.group(1).toLowerCase(Locale.ROOT).split("/");
        for (String n : names) {
            requireName(n.trim(), entry);
        }
        String logical = names[0].trim();
        String set = names.length > 1 ? names[1].trim() : plural(logical);
        String nameColumn = names.length > 2 ? names[2].trim()
                : logical.equals("contact") || logical.equals("lead") ? "fullname" : "name";
        List<String> phones = new ArrayList<>();
        for (String column : m.group(2).split(",")) {
            if (!column.isBlank()) {
                requireName(column.trim().toLowerCase(Locale.ROOT), entry);
                phones.add(column.trim().toLowerCase(Locale.ROOT));
            }
        }
        if (phones.isEmpty()) {
            throw new IllegalArgumentException("'" + entry + "' names no phone column");
        }
        String logicalId = logical + "id";
        return new SearchEntity(logical, set, logicalId, nameColumn, List.copyOf(phones), m.group(3));
    }

    /** The entity set names of the standard tables: {@code contacts}, {@code accounts}, {@code opportunities}. */
    public static String plural(String logical) {
        if (logical.endsWith("y") && !logical.endsWith("ey")) {
            return logical.substring(0, logical.length() - 1) + "ies";
        }
        return logical.endsWith("s") ? logical + "es" : logical + "s";
    }

    private static void requireName(String name, String entry) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' in '" + entry + "' is not a logical name");
        }
    }
}

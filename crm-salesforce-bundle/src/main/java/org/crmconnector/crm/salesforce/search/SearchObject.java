package org.crmconnector.crm.salesforce.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An object the caller is looked up in, with the phone fields compared to
 * the caller's number and an optional filter, configured as
 * {@code Lead: Phone, MobilePhone WHERE IsConverted = false}.
 */
public record SearchObject(String type, List<String> phoneFields, String where) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern ENTRY = Pattern.compile("\\s*([^:]+?)\\s*:\\s*(.*?)\\s*(?:\\bWHERE\\b\\s*(.+?))?\\s*",
            Pattern.CASE_INSENSITIVE);

    /** Contacts and Leads are people (Task.WhoId); everything else is a Related To record (Task.WhatId). */
    public boolean isWho() {
        return "Contact".equalsIgnoreCase(type) || "Lead".equalsIgnoreCase(type);
    }

    /** {@code Contact(Id, Name, Phone, MobilePhone WHERE ...)}. */
    String returningClause() {
        Set<String> fields = new LinkedHashSet<>(List.of("Id", "Name"));
        fields.addAll(phoneFields);
        return type + "(" + String.join(", ", fields) + (where == null ? "" : " WHERE " + where) + ")";
    }

    /** @throws IllegalArgumentException naming what is wrong with the entry */
    public static SearchObject parse(String entry) {
        Matcher m = ENTRY.matcher(entry == null ? "" : entry);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + entry + "' is not 'Object: Field, Field [WHERE condition]'");
        }
        String type = m.group(1);
        requireName(type, entry);
        List<String> fields = new ArrayList<>();
        for (String field : m.group(2).split(",")) {
            if (!field.isBlank()) {
                requireName(field.trim(), entry);
                fields.add(field.trim());
            }
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("'" + entry + "' names no phone field");
        }
        return new SearchObject(type, List.copyOf(fields), m.group(3));
    }

    private static void requireName(String name, String entry) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' in '" + entry + "' is not an API name");
        }
    }
}

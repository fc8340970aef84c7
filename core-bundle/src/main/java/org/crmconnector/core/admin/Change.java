package org.crmconnector.core.admin;

/** What one write did: {@code created}, {@code updated}, {@code unchanged} or {@code deleted}. */
public record Change(Kind kind, String id, String pid, String outcome) {

    public boolean created() {
        return "created".equals(outcome);
    }
}

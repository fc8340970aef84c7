package org.crmconnector.core.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How many there are in each state: what an operator reads first with a thousand tenants. */
public final class Summary {

    public static final List<String> STATES = List.of("live", "no-adapter", "refused", "unsatisfied", "pending");

    private Summary() {
    }

    public static Map<String, Integer> count(List<Provisioned> items) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("total", items.size());
        STATES.forEach(s -> counts.put(s, 0));
        items.forEach(p -> counts.merge(p.state(), 1, Integer::sum));
        return counts;
    }
}

package org.crmconnector.core.console;

import java.util.List;
import java.util.Map;

import org.crmconnector.core.outbox.TenantStats;
import org.crmconnector.core.tenant.Tenant;

/**
 * One GET of the page. Tenants and outbox statistics are read once here, so
 * every section shows the same moment.
 *
 * @param request the request the page answers
 * @param token   the user's CSRF token, carried by every form that changes state
 * @param tenants the live tenants, by id
 * @param stats   outbox statistics by tenant
 */
record ConsolePage(ConsoleRequest request, String token, List<Tenant> tenants, Map<String, TenantStats> stats) {
}

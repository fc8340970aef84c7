package org.crmconnector.core.web;

import java.io.IOException;

/**
 * A resource of the tenant API that lives with its protocol, not in the HTTP
 * layer: registered as a service with {@link #ROUTE}, it is handed every
 * authenticated request whose first segment below
 * {@code /api/v1/tenants/{tenantId}} is that route. The HTTP layer finds it by
 * the route alone, so it never depends on the protocol's package.
 */
public interface ApiResource {

    /** Service property: the route, the first path segment below the tenant, e.g. {@code softphone}. */
    String ROUTE = "crm.api.route";

    /** Returned by a resource that has taken over the response as a stream. */
    Object STREAMING = new Object();

    /**
     * @return the answer, written as JSON with the status set on the request (200 unless set), or
     *         {@link #STREAMING}
     * @throws ApiException for what HTTP itself refuses; engine refusals pass through as they are
     */
    Object handle(ApiRequest request) throws IOException;
}

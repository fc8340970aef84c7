package org.crmconnector.core.agentpage;

import org.osgi.service.component.annotations.Component;

/**
 * Serves the demo agent page and the browser client from this bundle's
 * {@code agent/} folder at {@code /agent/*} (the whiteboard resource service:
 * the service object is only a marker, the properties do the work). Plain
 * properties rather than {@code @HttpWhiteboardResource}, which would add a
 * resolution requirement for no gain.
 */
@Component(service = AgentPageResources.class, property = {
        "osgi.http.whiteboard.resource.pattern=/agent/*",
        "osgi.http.whiteboard.resource.prefix=/agent"})
public class AgentPageResources {
}

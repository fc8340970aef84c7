package org.crmconnector.core.agentpage;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * Serves the demo agent page and the browser client from this bundle's
 * {@code agent/} folder at {@code /agent/*} (the whiteboard resource service:
 * the service object is only a marker, the properties do the work).
 */
@Component(service = AgentPageResources.class)
@HttpWhiteboardResource(pattern = "/agent/*", prefix = "/agent")
public class AgentPageResources {
}

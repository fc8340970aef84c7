/**
 * The agent event bus: how an event for an agent's browser (a screen pop, a
 * softphone callback, a log notice) reaches the stream that agent holds open,
 * on whichever node that stream is. The engine publishes to and subscribes on
 * the one {@link org.crmconnector.eventbus.AgentEventBus} service with the
 * highest ranking; the server has an in-process one, and a cluster installs
 * one over its shared database or broker.
 * <p>
 * Implementations are checked by one contract test ({@code AgentEventBusContract}
 * in the project's test-support module), which each of them extends.
 */
@Export
@Version("1.1.0")
package org.crmconnector.eventbus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

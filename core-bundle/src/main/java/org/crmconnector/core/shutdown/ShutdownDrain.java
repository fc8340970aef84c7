package org.crmconnector.core.shutdown;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.crmconnector.core.agent.AgentStreams;
import org.crmconnector.core.node.Draining;
import org.crmconnector.core.node.NodeConfig;
import org.crmconnector.core.node.NodeIdentity;
import org.crmconnector.core.outbox.Outbox;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the node on SIGTERM (or Ctrl-C) so that a rolling restart refuses no
 * event and loses no work, in this order, within {@code drain.timeout.seconds}:
 * <ol>
 * <li>draining begins: {@code /health/ready} answers 503, new API requests
 * 503 with {@code Retry-After};</li>
 * <li>the API requests already inside are answered;</li>
 * <li>the outbox claims nothing more, finishes the deliveries it is running
 * and hands every lease back;</li>
 * <li>the agents' streams are closed (their clients reconnect elsewhere);</li>
 * <li>the node still answers 503 until {@code drain.min.seconds} have passed
 * since the start, for a load balancer to notice;</li>
 * <li>the framework is stopped, which closes the stores and the port.</li>
 * </ol>
 * Active only when Felix's own shutdown hook is off ({@code
 * felix.shutdown.hook=false}, as the server's conf/config.properties has it):
 * that hook would stop the framework at once, in parallel with this one,
 * taking the HTTP server and the adapters away from requests and deliveries
 * still running. Elsewhere (tests, embedding) the framework's owner stops it.
 */
@Component(immediate = true, configurationPid = NodeIdentity.PID)
public class ShutdownDrain {

    static final String FELIX_SHUTDOWN_HOOK = "felix.shutdown.hook";
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownDrain.class);
    /** After the drain, how long the framework may take to stop its bundles. */
    private static final long FRAMEWORK_STOP_MILLIS = 30_000;

    private final Draining draining;
    private final Outbox outbox;
    private final AgentStreams streams;
    private final NodeIdentity node;
    private final BundleContext context;
    private final Duration timeout;
    private final Duration minimum;
    private final Thread hook;

    @Activate
    public ShutdownDrain(NodeConfig config, BundleContext context, @Reference Draining draining,
            @Reference Outbox outbox, @Reference AgentStreams streams, @Reference NodeIdentity node) {
        this.draining = draining;
        this.outbox = outbox;
        this.streams = streams;
        this.node = node;
        this.context = context;
        this.timeout = Duration.ofSeconds(Math.max(0, config.drain_timeout_seconds()));
        this.minimum = Duration.ofSeconds(Math.min(Math.max(0, config.drain_min_seconds()), timeout.toSeconds()));
        if ("false".equalsIgnoreCase(context.getProperty(FELIX_SHUTDOWN_HOOK))) {
            hook = new Thread(this::drainAndStop, "crm-shutdown-drain");
            Runtime.getRuntime().addShutdownHook(hook);
        } else {
            hook = null;
        }
    }

    @Deactivate
    void deactivate() {
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is stopping: the hook runs (or ran) and stops the framework itself
            }
        }
    }

    /** The sequence of the class comment; public for a test that drives it without a JVM shutdown. */
    public void drainAndStop() {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        LOG.info("Node '{}' stopping: draining for at most {} s", node.id(), timeout.toSeconds());
        draining.begin();
        try {
            if (!draining.awaitIdle(deadline)) {
                LOG.warn("Node '{}': {} API requests still running after the drain timeout", node.id(),
                        draining.inFlight());
            }
            long requestsDone = System.nanoTime();
            outbox.drain(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            long deliveriesDone = System.nanoTime();
            streams.closeAll();
            LOG.info("Node '{}' drained: requests answered in {} ms, deliveries finished and leases handed back in "
                    + "{} ms; stopping the framework", node.id(), millis(requestsDone - started),
                    millis(deliveriesDone - requestsDone));
            long holdUntil = started + minimum.toNanos();
            // a deliberate hold, not a wait for a condition: the load balancer's next look is what we wait for
            TimeUnit.NANOSECONDS.sleep(Math.max(0, holdUntil - System.nanoTime()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Node '{}': drain failed; stopping anyway", node.id(), e);
        }
        stopFramework();
    }

    private void stopFramework() {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        try {
            system.stop();
            if (system instanceof Framework framework) {
                framework.waitForStop(FRAMEWORK_STOP_MILLIS);
            }
        } catch (BundleException | IllegalStateException e) {
            // already stopping, or our context went with this bundle: the framework is on its way down
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}

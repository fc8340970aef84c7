package org.crmconnector.store.postgresql.config;

import java.io.IOException;
import java.net.InetAddress;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.crmconnector.store.postgresql.datasource.PostgresDatabase;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenants and adapter instances on every node of a cluster: on a node that
 * keeps its data in PostgreSQL (the {@link PostgresDatabase} is there only
 * then), each change of a replicated factory configuration in this node's
 * Config Admin goes to the database, and what other nodes wrote there is
 * applied here within a poll interval ({@link ConfigurationSync}). Polling a
 * version counter rather than LISTEN: it needs no connection of its own, and
 * a node that lost the database for a while simply reads on from where it
 * was. One thread does all of it, so local events and applied rows never
 * interleave.
 */
@Component(service = ConfigurationListener.class, immediate = true, configurationPid = ConfigurationReplicator.PID)
@Designate(ocd = ConfigurationReplicator.Config.class)
public class ConfigurationReplicator implements ConfigurationListener {

    public static final String PID = "org.crmconnector.store.postgresql.configurations";

    @ObjectClassDefinition(name = "CRM connector: configurations across nodes",
            description = "On a node on PostgreSQL: which factory configurations every node shares through the "
                    + "database, and how often this node reads the others' changes.")
    public @interface Config {
        @AttributeDefinition(name = "Factory PIDs", description = "Factory PIDs replicated to every node; a trailing "
                + "* matches every factory PID starting with what precedes it.")
        String[] factory_pids() default {"org.crmconnector.tenant", "org.crmconnector.crm.*"};

        @AttributeDefinition(name = "Poll interval (milliseconds)",
                description = "How often this node reads the configurations other nodes changed.")
        long poll_millis() default 500;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationReplicator.class);

    private final ConfigurationSync sync;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "crm-configuration-replicator");
        t.setDaemon(true);
        return t;
    });
    private volatile String lastFailure;

    @Activate
    public ConfigurationReplicator(Config config, @Reference PostgresDatabase database,
            @Reference ConfigurationAdmin admin) {
        this.sync = new ConfigurationSync(admin, new ReplicatedConfigurations(database.pool("configurations")),
                matcher(config.factory_pids()), origin());
        worker.scheduleWithFixedDelay(() -> run("reading the cluster's configurations", sync::poll), 0,
                Math.max(50, config.poll_millis()), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() == ConfigurationEvent.CM_LOCATION_CHANGED || event.getFactoryPid() == null) {
            return;
        }
        boolean deleted = event.getType() == ConfigurationEvent.CM_DELETED;
        try {
            worker.execute(() -> run("publishing configuration " + event.getPid(),
                    () -> sync.localChanged(event.getPid(), event.getFactoryPid(), deleted)));
        } catch (RejectedExecutionException e) {
            // deactivated: the next start publishes what the table does not know
        }
    }

    static Predicate<String> matcher(String[] patterns) {
        List<String> list = patterns == null ? List.of() : List.of(patterns);
        return factoryPid -> list.stream().map(String::trim).anyMatch(p -> p.endsWith("*")
                ? factoryPid.startsWith(p.substring(0, p.length() - 1)) : factoryPid.equals(p));
    }

    /** Who wrote a change, for the log of the other nodes: the host and an id of this run. */
    private static String origin() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return host + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private interface Step {
        void run() throws SQLException, IOException, InvalidSyntaxException;
    }

    // one line per distinct failure, not one every poll while the database is down
    private void run(String what, Step step) {
        try {
            step.run();
            if (lastFailure != null) {
                LOG.info("Configurations are in step with the cluster's database again");
                lastFailure = null;
            }
        } catch (SQLException | IOException | InvalidSyntaxException | RuntimeException e) {
            String failure = what + ": " + e.getMessage();
            if (!failure.equals(lastFailure)) {
                LOG.warn("Configurations across nodes: {} failed ({}); trying again", what, e.getMessage());
                lastFailure = failure;
            }
        }
    }
}

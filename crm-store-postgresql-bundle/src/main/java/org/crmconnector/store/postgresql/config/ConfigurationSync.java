package org.crmconnector.store.postgresql.config;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one node's replicated configurations (tenants, adapter instances)
 * and the table of the cluster in step. A local change (Web Console, deploy/,
 * operator API: all go through Config Admin) is written to the table; every
 * row another node wrote is applied to the local Config Admin. At start the
 * table wins for every configuration it knows (a node coming back takes what
 * changed while it was away), and local configurations it does not know are
 * published (the first node on an empty database brings its own).
 * <p>
 * Not thread-safe: the component calls it from one thread. {@link #known}
 * holds, per identity, the properties this node and the table agree on, so
 * that the Config Admin event caused by applying a row is recognised and not
 * sent back, and so is FileInstall writing an applied change to its file.
 */
final class ConfigurationSync {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationSync.class);
    private static final String DELETED = "";

    private final ConfigurationAdmin admin;
    private final ReplicatedConfigurations table;
    private final Predicate<String> replicated;
    private final String origin;
    private final Map<String, String> known = new HashMap<>();
    /** Local changes the database did not take yet (it was unreachable): identity to PID, retried on each poll. */
    private final Map<ConfigurationIdentity, String> unpublished = new LinkedHashMap<>();
    private long seen;
    private boolean started;

    /**
     * @param replicated which factory PIDs are replicated
     * @param origin this node's run, written with each change it publishes
     */
    ConfigurationSync(ConfigurationAdmin admin, ReplicatedConfigurations table, Predicate<String> replicated,
            String origin) {
        this.admin = admin;
        this.table = table;
        this.replicated = replicated;
        this.origin = origin;
    }

    /** Reads what changed in the table, or the whole table the first time, and applies it. */
    void poll() throws SQLException, IOException, InvalidSyntaxException {
        if (!started) {
            start();
            return;
        }
        for (var pending : List.copyOf(unpublished.entrySet())) {
            unpublished.remove(pending.getKey());
            publish(pending.getKey(), pending.getValue());
        }
        Map<String, Configuration> copies = null;
        for (ReplicatedConfigurations.Row row : table.since(seen)) {
            // this run's own rows are here already, or a newer local change is waiting to be published
            if (!row.origin().equals(origin)) {
                if (copies == null) {
                    copies = localCopies();
                }
                apply(row, copies);
            }
            seen = row.version();
        }
    }

    /**
     * This node's factory configurations by identity, read once for a batch
     * of rows: looking each row's copy up among all of its factory's made a
     * thousand tenants cost a million comparisons. Every factory's, not only
     * those this node replicates: a row from a node that replicates more
     * still finds the copy it changes.
     */
    private Map<String, Configuration> localCopies() throws IOException, InvalidSyntaxException {
        Map<String, Configuration> copies = new HashMap<>();
        for (Configuration c : list("(service.factoryPid=*)")) {
            if (c.getProperties() != null) {
                copies.put(ConfigurationIdentity.of(c.getPid(), c.getFactoryPid()).key(), c);
            }
        }
        return copies;
    }

    private void start() throws SQLException, IOException, InvalidSyntaxException {
        Map<String, Configuration> copies = localCopies();
        Map<String, Configuration> local = new HashMap<>();
        copies.forEach((key, c) -> {
            if (replicated.test(c.getFactoryPid())) {
                local.put(key, c);
            }
        });
        int applied = 0;
        for (ReplicatedConfigurations.Row row : table.since(0)) {
            if (replicated.test(row.identity().factoryPid())) {
                applied += apply(row, copies) ? 1 : 0;
            }
            local.remove(row.identity().key());
            seen = row.version();
        }
        for (Configuration c : local.values()) {
            publish(ConfigurationIdentity.of(c.getPid(), c.getFactoryPid()), c.getPid());
        }
        started = true;
        LOG.info("Configurations in step with the cluster's database: {} changed here from it, {} published to it "
                + "(version {})", applied, local.size(), seen);
    }

    /** A replicated configuration changed (or was deleted) in this node's Config Admin. */
    void localChanged(String pid, String factoryPid, boolean deleted) throws SQLException, IOException,
            InvalidSyntaxException {
        if (factoryPid == null || !replicated.test(factoryPid)) {
            return;
        }
        ConfigurationIdentity identity = ConfigurationIdentity.of(pid, factoryPid);
        if (deleted) {
            if (!DELETED.equals(known.get(identity.key()))) {
                publish(identity, DELETED);
            }
        } else if (started) {
            // before the start the whole table is read first: the start publishes what it does not know
            publish(identity, pid);
        }
    }

    /** Writes the local state of {@code pid} (or a deletion, for {@link #DELETED}) unless the table has it. */
    private void publish(ConfigurationIdentity identity, String pid) throws SQLException, IOException,
            InvalidSyntaxException {
        String properties;
        if (DELETED.equals(pid)) {
            properties = DELETED;
        } else {
            Configuration c = find(pid);
            if (c == null || c.getProperties() == null) {
                return; // deleted since: its deletion event follows
            }
            properties = ConfigurationCodec.encode(c.getProperties());
        }
        if (properties.equals(known.get(identity.key()))) {
            return;
        }
        long version;
        try {
            version = table.publish(identity, DELETED.equals(properties) ? "{}" : properties, DELETED.equals(properties),
                    origin);
        } catch (SQLException e) {
            unpublished.put(identity, pid);
            throw e;
        }
        known.put(identity.key(), properties);
        LOG.info("Configuration {} {} for every node (version {})", identity.key(),
                DELETED.equals(properties) ? "deleted" : "published", version);
    }

    /**
     * Brings the local copy to {@code row}; true when that changed it.
     * {@code copies}: this node's copies by identity, kept up to date here.
     */
    private boolean apply(ReplicatedConfigurations.Row row, Map<String, Configuration> copies) throws IOException {
        ConfigurationIdentity identity = row.identity();
        Configuration current = copies.get(identity.key());
        if (row.deleted()) {
            known.put(identity.key(), DELETED);
            if (current == null) {
                return false;
            }
            copies.remove(identity.key());
            current.delete();
            LOG.info("Configuration {} deleted here, as node {} deleted it", current.getPid(), row.origin());
            return true;
        }
        known.put(identity.key(), row.properties());
        if (current != null && current.getProperties() != null
                && row.properties().equals(ConfigurationCodec.encode(current.getProperties()))) {
            return false;
        }
        Dictionary<String, Object> properties = ConfigurationCodec.decode(row.properties());
        if (current == null) {
            // location "?": bound to whichever bundle has the factory, as a file in deploy/ would be
            current = admin.getFactoryConfiguration(identity.factoryPid(), identity.name(), "?");
            copies.put(identity.key(), current);
        } else if (current.getProperties() != null) {
            // a copy that FileInstall made from a file of this node stays that file's: the file is updated
            Object file = current.getProperties().get("felix.fileinstall.filename");
            if (file != null) {
                properties.put("felix.fileinstall.filename", file);
            }
        }
        current.update(properties);
        LOG.info("Configuration {} changed here, as node {} changed it (version {})", current.getPid(), row.origin(),
                row.version());
        return true;
    }

    private Configuration find(String pid) throws IOException, InvalidSyntaxException {
        Configuration[] found = admin.listConfigurations("(service.pid=" + pid + ")");
        return found == null || found.length == 0 ? null : found[0];
    }

    private List<Configuration> list(String filter) throws IOException, InvalidSyntaxException {
        Configuration[] found = admin.listConfigurations(filter);
        return found == null ? List.of() : List.of(found);
    }
}

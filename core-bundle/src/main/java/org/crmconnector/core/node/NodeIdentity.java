package org.crmconnector.core.node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import org.crmconnector.core.store.DataFolders;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's id, the one place that decides it: configured, or derived
 * from the host name and the data folder, so that two servers on one host
 * (two folders) differ and a restarted server keeps its id.
 * <p>
 * No {@code @Modified}: a new id restarts this and what holds leases under it
 * (the outbox hands its leases back first).
 */
@Component(service = NodeIdentity.class, configurationPid = NodeIdentity.PID)
@Designate(ocd = NodeConfig.class)
public class NodeIdentity {

    public static final String PID = "org.crmconnector.node";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Where node.id was before this component had it; not Outbox.PID, which would tie this package to the outbox. */
    static final String LEGACY_PID = "org.crmconnector.outbox";
    private static final Logger LOG = LoggerFactory.getLogger(NodeIdentity.class);

    private final String id;
    private final Optional<String> legacyWarning;

    @Activate
    public NodeIdentity(NodeConfig config, BundleContext context, @Reference ConfigurationAdmin configAdmin) {
        this(config.node_id(), legacyNodeId(configAdmin), hostName(),
                DataFolders.resolve("", context.getProperty(DataFolders.DATA_DIR_PROPERTY), ""));
        legacyWarning.ifPresent(LOG::warn);
    }

    NodeIdentity(String configured, String hostName, Path dataFolder) {
        this(configured, null, hostName, dataFolder);
    }

    /**
     * {@code legacy} is a node.id still in the outbox's configuration, where it was until this component
     * took it: used while the node has none of its own, so an upgraded node keeps its name (and takes back
     * its leases at once after a crash) instead of turning into a derived one; either way the operator is
     * told to move it.
     */
    NodeIdentity(String configured, String legacy, String hostName, Path dataFolder) {
        String value = configured == null ? "" : configured.trim();
        String old = legacy == null ? "" : legacy.trim();
        if (value.isEmpty() && !old.isEmpty()) {
            value = valid(old, LEGACY_PID);
            legacyWarning = Optional.of("node.id '" + old + "' is set in " + LEGACY_PID + ", which no longer reads it: "
                    + "this node takes it as its id until you move it to node.id of " + PID + " (and remove it from "
                    + LEGACY_PID + ")");
        } else if (!old.isEmpty()) {
            legacyWarning = Optional.of("node.id '" + old + "' in " + LEGACY_PID + " is ignored: the node id is set in "
                    + PID + (old.equals(value) ? "" : " ('" + value + "')") + "; remove node.id from " + LEGACY_PID);
        } else {
            legacyWarning = Optional.empty();
        }
        this.id = value.isEmpty() ? derived(hostName, dataFolder) : valid(value, PID);
    }

    private static String valid(String id, String pid) {
        if (!VALID.matcher(id).matches()) {
            throw new IllegalArgumentException("node.id of " + pid + " must be 1 to 64 letters, digits, '.', '_' or '-': "
                    + id);
        }
        return id;
    }

    /** The outbox configuration's node.id, null when there is none (or Configuration Admin cannot tell). */
    static String legacyNodeId(ConfigurationAdmin configAdmin) {
        try {
            // listed, not getConfiguration: that would create the outbox's configuration where there is none
            Configuration[] found = configAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + LEGACY_PID + ")");
            Dictionary<String, Object> props = found == null || found.length == 0 ? null : found[0].getProperties();
            Object value = props == null ? null : props.get("node.id");
            return value == null ? null : value.toString();
        } catch (IOException | InvalidSyntaxException e) {
            LOG.debug("Could not look for a node.id left in {}: {}", LEGACY_PID, e.toString());
            return null;
        }
    }

    /** What the start logs about a node.id left in the outbox's configuration, if there is one. */
    Optional<String> legacyWarning() {
        return legacyWarning;
    }

    /** A node with this id, for tests and tools. */
    public static NodeIdentity of(String id) {
        return new NodeIdentity(id, null, null);
    }

    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }

    /** host-1a2b3c4d: the host name (cut to fit) and 8 hex digits of the data folder's absolute path. */
    static String derived(String hostName, Path dataFolder) {
        String host = hostName == null ? "" : hostName.replaceAll("[^A-Za-z0-9._-]", "-");
        if (host.isEmpty()) {
            host = "node";
        }
        if (host.length() > 55) {
            host = host.substring(0, 55);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(dataFolder.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return host + "-" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}

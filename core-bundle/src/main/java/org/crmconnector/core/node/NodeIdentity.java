package org.crmconnector.core.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import org.crmconnector.core.store.DataFolders;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

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

    private final String id;

    @Activate
    public NodeIdentity(NodeConfig config, BundleContext context) {
        this(config.node_id(), hostName(), DataFolders.resolve("", context.getProperty(DataFolders.DATA_DIR_PROPERTY), ""));
    }

    NodeIdentity(String configured, String hostName, Path dataFolder) {
        String value = configured == null ? "" : configured.trim();
        if (value.isEmpty()) {
            value = derived(hostName, dataFolder);
        } else if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("node.id must be 1 to 64 letters, digits, '.', '_' or '-': " + value);
        }
        this.id = value;
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

package org.crmconnector.store.postgresql.config;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * One node's Config Admin in memory: PIDs made as Felix makes them
 * ({@code factoryPid.<uuid>} for createFactoryConfiguration, {@code
 * factoryPid~name} for getFactoryConfiguration), properties copied in and
 * out, and its events queued as Felix queues them (delivered later, on
 * another thread there; by the test here).
 */
final class FakeConfigurationAdmin implements ConfigurationAdmin {

    /** An event as a ConfigurationListener gets it. */
    record Event(String pid, String factoryPid, boolean deleted) {
    }

    private final Map<String, FakeConfiguration> configurations = new TreeMap<>();
    final Queue<Event> events = new ArrayDeque<>();

    /** The properties of {@code pid}, or null when there is no such configuration. */
    Dictionary<String, Object> properties(String pid) {
        FakeConfiguration c = configurations.get(pid);
        return c == null ? null : c.getProperties();
    }

    Set<String> pids() {
        return Collections.unmodifiableSet(configurations.keySet());
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid) {
        return create(factoryPid + "." + UUID.randomUUID(), factoryPid);
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid, String location) {
        return createFactoryConfiguration(factoryPid);
    }

    @Override
    public Configuration getConfiguration(String pid, String location) {
        return getConfiguration(pid);
    }

    @Override
    public Configuration getConfiguration(String pid) {
        return configurations.containsKey(pid) ? configurations.get(pid) : create(pid, null);
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
        String pid = factoryPid + "~" + name;
        return configurations.containsKey(pid) ? configurations.get(pid) : create(pid, factoryPid);
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name) {
        return getFactoryConfiguration(factoryPid, name, null);
    }

    @Override
    public Configuration[] listConfigurations(String filter) throws InvalidSyntaxException {
        var f = filter == null ? null : FrameworkUtil.createFilter(filter);
        Configuration[] found = configurations.values().stream()
                .filter(c -> c.properties != null && (f == null || f.match(c.getProperties())))
                .toArray(Configuration[]::new);
        return found.length == 0 ? null : found;
    }

    private FakeConfiguration create(String pid, String factoryPid) {
        FakeConfiguration c = new FakeConfiguration(pid, factoryPid);
        configurations.put(pid, c);
        return c;
    }

    private final class FakeConfiguration implements Configuration {
        private final String pid;
        private final String factoryPid;
        private Dictionary<String, Object> properties;
        private long changes;

        FakeConfiguration(String pid, String factoryPid) {
            this.pid = pid;
            this.factoryPid = factoryPid;
        }

        @Override
        public String getPid() {
            return pid;
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            if (properties == null) {
                return null;
            }
            Hashtable<String, Object> copy = new Hashtable<>();
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                copy.put(key, properties.get(key));
            }
            copy.put("service.pid", pid);
            if (factoryPid != null) {
                copy.put("service.factoryPid", factoryPid);
            }
            return copy;
        }

        @Override
        public Dictionary<String, Object> getProcessedProperties(ServiceReference<?> reference) {
            return getProperties();
        }

        @Override
        public void update(Dictionary<String, ?> update) {
            Hashtable<String, Object> copy = new Hashtable<>();
            for (Enumeration<String> keys = update.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                copy.put(key, update.get(key));
            }
            properties = copy;
            changes++;
            events.add(new Event(pid, factoryPid, false));
        }

        @Override
        public void delete() {
            configurations.remove(pid);
            events.add(new Event(pid, factoryPid, true));
        }

        @Override
        public String getFactoryPid() {
            return factoryPid;
        }

        @Override
        public void update() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> update) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setBundleLocation(String location) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getBundleLocation() {
            return null;
        }

        @Override
        public long getChangeCount() {
            return changes;
        }

        @Override
        public void addAttributes(ConfigurationAttribute... attrs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<ConfigurationAttribute> getAttributes() {
            return Set.of();
        }

        @Override
        public void removeAttributes(ConfigurationAttribute... attrs) {
            throw new UnsupportedOperationException();
        }
    }
}

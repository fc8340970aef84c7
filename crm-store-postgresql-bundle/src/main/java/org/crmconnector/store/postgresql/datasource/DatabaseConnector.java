package org.crmconnector.store.postgresql.datasource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;

import org.crmconnector.store.postgresql.schema.SchemaMigrations;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the node selects PostgreSQL (framework property {@value #STORE_PROPERTY}
 * {@code =postgresql}), connects to the database its {@link DatabaseSettings}
 * name and registers it as a {@link PostgresDatabase} service once it answers
 * and its schema is migrated to what this bundle needs. Until then (the
 * database is down at start, or a migration fails) nothing is registered, so
 * the stores on it and the registry and outbox using them stay inactive, and
 * the log says why every few seconds. On a node that selects another store it
 * does nothing: the bundle may be installed everywhere.
 */
@Component(immediate = true)
public class DatabaseConnector {

    /** The core's store selection (StoreSelection.PROPERTY there), read here too: nothing on it is shared. */
    public static final String STORE_PROPERTY = "crm.store";

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseConnector.class);

    private final PooledDatabase database;
    private final Thread connector;
    private final Object lock = new Object();
    private ServiceRegistration<PostgresDatabase> registration;
    private boolean closed;

    @Activate
    public DatabaseConnector(BundleContext context,
            @Reference(target = "(osgi.jdbc.driver.class=org.postgresql.Driver)") DataSourceFactory driver)
            throws SQLException {
        String store = context.getProperty(STORE_PROPERTY);
        if (store == null || !store.trim().equalsIgnoreCase("postgresql")) {
            LOG.debug("This node keeps its data in the {} store: no PostgreSQL connection", store);
            this.database = null;
            this.connector = null;
            return;
        }
        DatabaseSettings config;
        try {
            config = DatabaseSettings.read(context::getProperty);
            this.database = PooledDatabase.open(config, driver, System::getenv);
        } catch (IllegalArgumentException e) {
            LOG.error("The PostgreSQL store is selected ({}=postgresql) but not usably configured: {}", STORE_PROPERTY,
                    e.getMessage());
            throw e;
        }
        long retryMillis = TimeUnit.SECONDS.toMillis(Math.max(1, config.retrySeconds()));
        this.connector = new Thread(() -> connect(context, retryMillis), "crm-postgresql-connector");
        connector.setDaemon(true);
        connector.start();
    }

    private void connect(BundleContext context, long retryMillis) {
        for (int attempt = 1;; attempt++) {
            try {
                int version;
                try (Connection c = database.openDedicated()) {
                    version = SchemaMigrations.migrate(c);
                }
                register(context, version);
                LOG.info("PostgreSQL at {} is ready (schema version {})", database.url(), version);
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.warn("PostgreSQL at {} cannot be used yet (attempt {}): {}. The stores on it stay unregistered, so "
                        + "the interaction registry and the outbox are inactive; trying again in {} s", database.url(),
                        attempt, e.getMessage(), retryMillis / 1000);
            }
            try {
                Thread.sleep(retryMillis);
            } catch (InterruptedException e) {
                return; // deactivated
            }
        }
    }

    private void register(BundleContext context, int schemaVersion) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("crm.database.url", database.url());
        props.put("crm.schema.version", schemaVersion);
        synchronized (lock) {
            if (!closed) {
                registration = context.registerService(PostgresDatabase.class, database, props);
            }
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (connector == null) {
            return;
        }
        connector.interrupt();
        connector.join(10_000);
        synchronized (lock) {
            closed = true;
            if (registration != null) {
                // the stores go first (they reference it), then the pool closes under nobody
                registration.unregister();
                registration = null;
            }
        }
        database.close();
        LOG.info("PostgreSQL connection pool to {} closed", database.url());
    }
}

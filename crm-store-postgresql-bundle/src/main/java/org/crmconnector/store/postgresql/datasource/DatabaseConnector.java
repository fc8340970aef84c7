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
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects to the configured PostgreSQL database and registers it as a
 * {@link PostgresDatabase} service once it answers and its schema is
 * migrated to what this bundle needs. Until then (the database is down at
 * start, or a migration fails) nothing is registered, so the stores on it
 * and the registry and outbox using them stay inactive, and the log says
 * why every few seconds.
 */
@Component(configurationPid = DatabaseConnector.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = PostgresConfig.class)
public class DatabaseConnector {

    public static final String PID = "org.crmconnector.store.postgresql";

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseConnector.class);

    private final PooledDatabase database;
    private final Thread connector;
    private final Object lock = new Object();
    private ServiceRegistration<PostgresDatabase> registration;
    private boolean closed;

    @Activate
    public DatabaseConnector(PostgresConfig config, BundleContext context,
            @Reference(target = "(osgi.jdbc.driver.class=org.postgresql.Driver)") DataSourceFactory driver)
            throws SQLException {
        try {
            this.database = PooledDatabase.open(config, driver, System::getenv);
        } catch (IllegalArgumentException e) {
            LOG.error("The PostgreSQL store is not configured usably: {}", e.getMessage());
            throw e;
        }
        long retryMillis = TimeUnit.SECONDS.toMillis(Math.max(1, config.retry_seconds()));
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

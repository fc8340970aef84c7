package org.crmconnector.store.postgresql.datasource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.osgi.service.jdbc.DataSourceFactory;

/**
 * HikariCP over the DataSource that pgjdbc's {@link DataSourceFactory} makes:
 * the OSGi way to a driver (no DriverManager, which cannot see bundles).
 * Made without connecting, so a database that is down at start is waited
 * for rather than failing the configuration.
 */
public final class PooledDatabase implements PostgresDatabase, AutoCloseable {

    private final String url;
    private final DataSource direct;
    private final DatabaseSettings config;
    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private PooledDatabase(String url, DataSource direct, DatabaseSettings config) {
        this.url = url;
        this.direct = direct;
        this.config = config;
    }

    /**
     * @param env looks up the password's environment variable
     * @throws IllegalArgumentException when the configuration is unusable (the message says why)
     * @throws SQLException when the driver refuses its properties
     */
    public static PooledDatabase open(DatabaseSettings config, DataSourceFactory driver, UnaryOperator<String> env)
            throws SQLException {
        String url = JdbcUrl.check(config.jdbcUrl());
        Properties props = new Properties();
        props.setProperty(DataSourceFactory.JDBC_URL, url);
        if (config.user() != null && !config.user().isBlank()) {
            props.setProperty(DataSourceFactory.JDBC_USER, config.user().trim());
        }
        DatabasePassword.read(config.passwordFile(), config.passwordEnv(), env)
                .ifPresent(p -> props.setProperty(DataSourceFactory.JDBC_PASSWORD, p));
        return new PooledDatabase(url, driver.createDataSource(props), config);
    }

    @Override
    public DataSource pool(String name) {
        if (closed) {
            throw new IllegalStateException("The connection pools to " + url + " are closed");
        }
        return pools.computeIfAbsent(name, this::newPool);
    }

    private HikariDataSource newPool(String name) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("crm-postgresql-" + name);
        hikari.setDataSource(direct);
        hikari.setMaximumPoolSize(Math.max(1, config.poolSize()));
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(Duration.ofSeconds(Math.max(1, config.connectTimeoutSeconds())).toMillis());
        // start without a connection: the connector waits for the database instead of failing
        hikari.setInitializationFailTimeout(-1);
        hikari.setAutoCommit(true);
        return new HikariDataSource(hikari);
    }

    @Override
    public Connection openDedicated() throws SQLException {
        return direct.getConnection();
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public void close() {
        closed = true;
        pools.values().forEach(HikariDataSource::close);
    }
}

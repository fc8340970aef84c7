package org.crmconnector.store.postgresql.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one connection of its own (not a pooled one: while it waits for
 * notifications nothing else can run on it) that {@code LISTEN}s on one
 * channel, and hands what arrives to a {@link NotificationHandler} on its
 * thread.
 * <p>
 * PostgreSQL keeps no notifications for a listener that was not connected,
 * so when the connection fails (the server restarted, the backend was
 * terminated, the network dropped) this connects again and then tells the
 * handler {@link NotificationHandler#connected connected}: the handler reads
 * from its tables what it may have missed meanwhile. A connection that is
 * quiet for long is checked, so one that died silently is noticed too.
 */
public final class NotificationListener implements AutoCloseable {

    /** Opens the connection to listen on (the database's dedicated connection). */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);
    /** How long one wait for notifications lasts: also how soon {@link #close} is noticed. */
    private static final int WAIT_MILLIS = 250;
    /** A connection quiet for this long is checked with a round trip. */
    private static final long CHECK_QUIET_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final ConnectionSource source;
    private final String channel;
    private final NotificationHandler handler;
    private final Thread thread;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;
    private volatile Connection current;

    /**
     * @param channel a plain identifier (it is written into {@code LISTEN} as it is)
     * @param name the thread's name
     */
    public NotificationListener(ConnectionSource source, String channel, NotificationHandler handler, String name) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain channel name: " + channel);
        }
        this.source = source;
        this.channel = channel;
        this.handler = handler;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** How many times a connection was made and listened on: more than one after a reconnect. */
    public int connections() {
        return connections.get();
    }

    /** The server process id of the listening connection, or 0 while there is none (for tests and logs). */
    public int backendPid() throws SQLException {
        Connection c = current;
        return c == null ? 0 : c.unwrap(PGConnection.class).getBackendPID();
    }

    private void run() {
        long backoff = 100;
        while (!closed) {
            try (Connection c = source.open()) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET application_name = 'crm-listener-" + channel + "'");
                    s.execute("LISTEN " + channel);
                }
                current = c;
                int made = connections.incrementAndGet();
                if (made > 1) {
                    LOG.info("Listening on {} again; reading what was missed meanwhile", channel);
                }
                backoff = 100;
                // after LISTEN, so whatever commits from now on is either notified or read here
                handler.connected();
                listen(c.unwrap(PGConnection.class), c);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                LOG.warn("The listener on {} lost its connection ({}); connecting again in {} ms", channel,
                        e.getMessage(), backoff);
            } finally {
                current = null;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                break;
            }
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
    }

    private void listen(PGConnection pg, Connection c) throws SQLException {
        long quietSince = System.nanoTime();
        while (!closed) {
            PGNotification[] got = pg.getNotifications(WAIT_MILLIS);
            if (got != null && got.length > 0) {
                List<String> payloads = new ArrayList<>(got.length);
                for (PGNotification n : got) {
                    payloads.add(n.getParameter());
                }
                handler.notified(payloads);
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > CHECK_QUIET_NANOS) {
                if (!c.isValid(5)) {
                    throw new SQLException("the connection does not answer");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    /** Stops listening and closes the connection; waits for the thread a moment. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

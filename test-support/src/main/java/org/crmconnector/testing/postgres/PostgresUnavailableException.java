package org.crmconnector.testing.postgres;

import java.io.IOException;

/** No PostgreSQL server binaries are on this machine and none could be installed. */
public class PostgresUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public PostgresUnavailableException(String message) {
        super(message);
    }
}

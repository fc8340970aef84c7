package org.crmconnector.testing.postgres;

import java.io.IOException;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class the JVM's shared {@link PostgresServer} (started once
 * per test JVM, so once per module), as a parameter of type
 * {@code PostgresServer}.
 * <p>
 * When PostgreSQL is not on the machine and cannot be installed, the tests
 * are skipped with that reason, unless the system property
 * {@value #REQUIRED_PROPERTY} is true (as CI sets it): then they fail. A
 * server that is there but does not start always fails them.
 */
public final class PostgresExtension implements BeforeAllCallback, ParameterResolver {

    public static final String REQUIRED_PROPERTY = "crm.postgres.required";

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        server();
    }

    /** The shared server, or the test aborted (skipped) or failed as the class comment says. */
    public static PostgresServer server() throws IOException {
        try {
            return PostgresServer.shared();
        } catch (PostgresUnavailableException e) {
            if (Boolean.getBoolean(REQUIRED_PROPERTY)) {
                throw e;
            }
            Assumptions.abort("PostgreSQL tests skipped: " + e.getMessage());
            throw e; // not reached
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return server();
        } catch (IOException e) {
            throw new ParameterResolutionException("No test PostgreSQL: " + e.getMessage(), e);
        }
    }
}

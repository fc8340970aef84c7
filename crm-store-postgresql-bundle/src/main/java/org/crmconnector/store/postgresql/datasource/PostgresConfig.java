package org.crmconnector.store.postgresql.datasource;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "CRM connector: PostgreSQL database",
        description = "The PostgreSQL database that nodes of a cluster share for interactions and the outbox. Nothing "
                + "connects until this is configured; to switch a node to it, also set 'CRM connector: store' to PostgreSQL.")
public @interface PostgresConfig {

    @AttributeDefinition(name = "JDBC URL",
            description = "For example jdbc:postgresql://db.example.com:5432/crm. Without a password in it: the password "
                    + "comes from a file or an environment variable (below).")
    String jdbc_url();

    @AttributeDefinition(name = "User", description = "The database user; it needs to create tables in the schema at the "
            + "first start and after an upgrade.")
    String user() default "crm";

    @AttributeDefinition(name = "Password file", required = false,
            description = "A file holding the password (one line). It must not be readable by others (chmod 600 or 640): "
                    + "a world-readable file is refused. Leave empty to use the environment variable.")
    String password_file() default "";

    @AttributeDefinition(name = "Password environment variable", required = false,
            description = "The name of an environment variable of the server process holding the password, for example "
                    + "CRM_DB_PASSWORD. Leave both empty when the database needs no password (or ~/.pgpass has it).")
    String password_env() default "";

    @AttributeDefinition(name = "Pool size", description = "Connections this node keeps open at most.")
    int pool_size() default 10;

    @AttributeDefinition(name = "Connect timeout (seconds)",
            description = "How long a request waits for a connection before it fails (and is answered 503).")
    long connect_timeout_seconds() default 10;

    @AttributeDefinition(name = "Retry interval (seconds)",
            description = "While the database cannot be reached at start, how often to try again. Until it answers, the "
                    + "stores on it are not registered and the interaction registry and outbox stay inactive.")
    long retry_seconds() default 5;
}

package org.crmconnector.store.postgresql.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JdbcUrlTest {

    @Test
    void acceptsAPostgresUrlWithOptions() {
        assertEquals("jdbc:postgresql://db:5432/crm?ssl=true",
                JdbcUrl.check(" jdbc:postgresql://db:5432/crm?ssl=true "));
    }

    @Test
    void refusesOtherDatabases() {
        assertThrows(IllegalArgumentException.class, () -> JdbcUrl.check("jdbc:mysql://db/crm"));
        assertThrows(IllegalArgumentException.class, () -> JdbcUrl.check(""));
        assertThrows(IllegalArgumentException.class, () -> JdbcUrl.check(null));
    }

    @Test
    void refusesAPasswordInTheUrlWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcUrl.check("jdbc:postgresql://db/crm?user=crm&password=hunter2"));
        assertTrue(!e.getMessage().contains("hunter2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JdbcUrl.check("jdbc:postgresql://crm:hunter2@db/crm"));
    }
}

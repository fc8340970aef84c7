package org.crmconnector.crm.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedHttpClientsTest {

    private final SharedHttpClients clients = new SharedHttpClients("test");

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void aThousandInstancesWithTheSameSettingsShareOneClient() {
        List<SharedHttpClients.Lease> leases = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            leases.add(clients.lease(Duration.ofSeconds(5)));
        }
        assertEquals(1, clients.clientCount());
        assertTrue(leases.stream().allMatch(l -> l.client() == leases.get(0).client()));
    }

    @Test
    void distinctConnectTimeoutsGetClientsOfTheirOwn() {
        SharedHttpClients.Lease five = clients.lease(Duration.ofSeconds(5));
        SharedHttpClients.Lease ten = clients.lease(Duration.ofSeconds(10));
        assertNotSame(five.client(), ten.client());
        assertEquals(Duration.ofSeconds(10), ten.client().connectTimeout().orElseThrow());
        assertEquals(2, clients.clientCount());
    }

    @Test
    void theClientGoesWithItsLastLeaseAndAReleaseCountsOnce() {
        SharedHttpClients.Lease a = clients.lease(Duration.ofSeconds(5));
        SharedHttpClients.Lease b = clients.lease(Duration.ofSeconds(5));
        a.close();
        a.close();
        assertEquals(1, clients.clientCount(), "b still holds it");
        assertSame(b.client(), clients.lease(Duration.ofSeconds(5)).client());
        b.close();
        assertEquals(1, clients.clientCount(), "the third lease still holds it");
    }

    @Test
    void noLeaseOnceClosed() {
        clients.lease(Duration.ofSeconds(5));
        clients.close();
        assertEquals(0, clients.clientCount());
        assertThrows(IllegalStateException.class, () -> clients.lease(Duration.ofSeconds(5)));
    }
}

package org.crmconnector.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.ServletRequest;

import org.crmconnector.core.node.Draining;
import org.crmconnector.testing.RecordedResponse;
import org.junit.jupiter.api.Test;

class DrainFilterTest {

    private final Draining draining = new Draining();
    private final DrainFilter filter = new DrainFilter(draining);
    private final AtomicInteger handled = new AtomicInteger();

    @Test
    void aRequestIsCountedWhileItIsAnswered() throws Exception {
        RecordedResponse recorded = new RecordedResponse();
        filter.doFilter((ServletRequest) null, recorded.response(), (req, resp) -> {
            assertEquals(1, draining.inFlight(), "the drain waits for it");
            handled.incrementAndGet();
        });
        assertEquals(1, handled.get());
        assertEquals(0, draining.inFlight());
        assertEquals(200, recorded.status());
    }

    @Test
    void whileDrainingANewRequestIsAnswered503WithRetryAfterAndNotHandled() throws Exception {
        draining.begin();
        RecordedResponse recorded = new RecordedResponse();
        filter.doFilter((ServletRequest) null, recorded.response(), (req, resp) -> handled.incrementAndGet());
        assertEquals(0, handled.get());
        assertEquals(503, recorded.status());
        assertEquals("2", recorded.headers().get("Retry-After"));
        assertEquals("close", recorded.headers().get("Connection"), "the client does not keep a connection to this node");
        assertTrue(recorded.body().contains("\"code\":\"DRAINING\""), recorded.body());
        assertEquals(0, draining.inFlight());
    }

    @Test
    void aRequestThatFailsIsStillCountedOut() {
        assertThrows(IllegalStateException.class, () -> filter.doFilter((ServletRequest) null,
                new RecordedResponse().response(), (req, resp) -> {
                    throw new IllegalStateException("handler failure (expected by the test)");
                }));
        assertEquals(0, draining.inFlight());
    }
}

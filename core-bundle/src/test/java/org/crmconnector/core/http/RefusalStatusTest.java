package org.crmconnector.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.crmconnector.core.lifecycle.LifecycleException.Code;
import org.crmconnector.core.refusal.Refusal;
import org.junit.jupiter.api.Test;

class RefusalStatusTest {

    @Test
    void lifecycleCodesKeepTheirHttpStatus() {
        assertEquals(404, RefusalStatus.of(Code.INTERACTION_NOT_FOUND.kind()));
        assertEquals(410, RefusalStatus.of(Code.INTERACTION_FINISHED.kind()));
        assertEquals(409, RefusalStatus.of(Code.INTERACTION_EXISTS.kind()));
        assertEquals(409, RefusalStatus.of(Code.ILLEGAL_TRANSITION.kind()));
        assertEquals(429, RefusalStatus.of(Code.TOO_MANY_INTERACTIONS.kind()));
    }

    @Test
    void whatDoesNotAnswerNowIsServiceUnavailable() {
        assertEquals(503, RefusalStatus.of(Refusal.Kind.UNAVAILABLE));
    }

    @Test
    void invalidRequestsAreBadRequests() {
        assertEquals(400, RefusalStatus.of(Refusal.invalid("INVALID_FIELD", "x").kind()));
    }
}

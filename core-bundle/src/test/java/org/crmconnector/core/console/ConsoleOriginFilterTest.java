package org.crmconnector.core.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import jakarta.servlet.FilterChain;

class ConsoleOriginFilterTest {

    private final ConsoleOriginFilter filter = new ConsoleOriginFilter();

    /** Whether the request reached the Web Console; the answer is in {@code resp}. */
    private boolean passes(Fakes.Request req, Fakes.Response resp) throws Exception {
        AtomicBoolean passed = new AtomicBoolean();
        FilterChain chain = (rq, rs) -> passed.set(true);
        filter.doFilter(req.proxy(), resp.proxy(), chain);
        return passed.get();
    }

    private static Fakes.Request bundleStop() {
        Fakes.Request r = new Fakes.Request().post().param("action", "stop");
        r.pathInfo = "/bundles/4";
        return r;
    }

    @Test
    void aCrossSitePostToAnyConsolePageIsRefused() throws Exception {
        Fakes.Response resp = new Fakes.Response();
        assertFalse(passes(bundleStop().header("Origin", "http://evil.example"), resp));
        assertEquals(403, resp.status);
        assertTrue(resp.body().contains("Refused"), resp.body());

        Fakes.Request config = new Fakes.Request().post().header("Origin", "http://localhost:19381")
                .param("factoryPid", "org.crmconnector.tenant").param("apply", "true");
        config.pathInfo = "/configMgr/[Temporary PID replaced by real PID upon save]";
        assertFalse(passes(config, new Fakes.Response()), "another port is another origin");
    }

    @Test
    void aPostNamingNoOriginAtAllIsRefused() throws Exception {
        assertFalse(passes(bundleStop(), new Fakes.Response()));
        assertFalse(passes(bundleStop().header("Origin", "null"), new Fakes.Response()), "a sandboxed frame's origin");
        assertFalse(passes(bundleStop().header("Referer", "http://evil.example/localhost:19380"), new Fakes.Response()));
    }

    @Test
    void theConsolesOwnRequestsPass() throws Exception {
        assertTrue(passes(bundleStop().header("Origin", "http://localhost:19380"), new Fakes.Response()));
        assertTrue(passes(bundleStop().header("Referer", "http://localhost:19380/system/console/bundles"),
                new Fakes.Response()), "a form post without Origin names the page in Referer");
        Fakes.Request delete = new Fakes.Request().header("Origin", "https://LOCALHOST:19380");
        delete.method = "DELETE";
        assertTrue(passes(delete, new Fakes.Response()));
    }

    @Test
    void readsPassWhateverTheirOrigin() throws Exception {
        Fakes.Request get = new Fakes.Request().header("Referer", "http://evil.example/");
        assertTrue(passes(get, new Fakes.Response()));
        Fakes.Request head = new Fakes.Request();
        head.method = "HEAD";
        assertTrue(passes(head, new Fakes.Response()));
    }

    @Test
    void aGetThatTheConfigurationTabTreatsAsPostIsGuardedToo() throws Exception {
        Fakes.Request delete = new Fakes.Request().param("post", "true").param("apply", "true").param("delete", "true")
                .header("Referer", "http://evil.example/");
        delete.pathInfo = "/configMgr/org.crmconnector.tenant~demo";
        assertFalse(passes(delete, new Fakes.Response()));
        Fakes.Request form = new Fakes.Request().param("post", "true")
                .header("Referer", "http://localhost:19380/system/console/configMgr");
        assertTrue(passes(form, new Fakes.Response()), "the tab's own form request");
    }
}

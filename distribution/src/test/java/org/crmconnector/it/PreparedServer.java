package org.crmconnector.it;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.inject.Inject;

import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A server without adapters, started once per test class (subclasses run with
 * {@code @ExamReactorStrategy(PerClass.class)}), and a {@link #prepare()} that
 * runs once in it before the first test. When preparing fails, every test of
 * the class fails with that cause instead of preparing again.
 */
public abstract class PreparedServer {

    /** Per class, should two classes ever share a framework: true when prepared, else why it failed. */
    private static final Map<Class<?>, Object> PREPARED = new ConcurrentHashMap<>();

    @Inject
    protected BundleContext context;

    @Inject
    protected ConfigurationAdmin configAdmin;

    /** Made in the probe from the framework's port: the test JVM chose it, and its statics are not the probe's. */
    protected Api api;

    @Configuration
    public Option[] config() {
        return new Option[] {ServerOptions.server(ServerOptions.freePort(), ServerOptions.newWorkDir(), false)};
    }

    @Before
    public final void prepareOnce() throws Exception {
        api = new Api(Integer.parseInt(context.getProperty("org.osgi.service.http.port")));
        Object state = PREPARED.get(getClass());
        if (state instanceof Throwable failure) {
            throw new AssertionError("set-up failed before", failure);
        }
        if (state != null) {
            return;
        }
        try {
            prepare();
            PREPARED.put(getClass(), Boolean.TRUE);
        } catch (Throwable e) {
            PREPARED.put(getClass(), e);
            throw e;
        }
    }

    /** The configuration and tenants all tests of the class share. */
    protected abstract void prepare() throws Exception;
}

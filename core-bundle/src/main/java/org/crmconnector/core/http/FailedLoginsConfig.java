package org.crmconnector.core.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "CRM connector: failed logins",
        description = "How the tenant API answers a client that keeps sending wrong API keys, and the Web Console one "
                + "that keeps sending wrong passwords. Every failure is logged with the client address and the tenant "
                + "(or the console user name tried), never the key or password.")
public @interface FailedLoginsConfig {

    @AttributeDefinition(name = "Failures allowed",
            description = "Wrong keys one client address may send for one tenant within the window. After that, every "
                    + "request of that client to that tenant, even with the right key, is answered 429 with Retry-After "
                    + "until the window ends. Likewise wrong Web Console logins from one client address: after that many, its "
                    + "requests to /system/console are answered 429. Clients behind one proxy share an address.")
    int max_failures() default 10;

    @AttributeDefinition(name = "Window (seconds)",
            description = "The window failures are counted in, from the first failure; it is also the longest back-off.")
    int window_seconds() default 60;
}

package org.crmconnector.crm.genericrest.http;

import java.time.Duration;

/** Waits between tries; replaced in tests so they neither sleep nor depend on timing. */
@FunctionalInterface
public interface Sleeper {

    Sleeper THREAD = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}

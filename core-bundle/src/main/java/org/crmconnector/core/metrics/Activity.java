package org.crmconnector.core.metrics;

/** What the console and the shell count per tenant over the last hour. */
public enum Activity {
    POP("pops"), POP_FAILURE("pop-failures"), LOG("logs");

    final String suffix;

    Activity(String suffix) {
        this.suffix = suffix;
    }
}

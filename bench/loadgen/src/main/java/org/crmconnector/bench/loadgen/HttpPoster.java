package org.crmconnector.bench.loadgen;

import java.io.Closeable;
import java.io.IOException;

/** One client's way of sending a JSON POST and waiting for the whole answer. */
interface HttpPoster extends Closeable {

    /** Sends the body, reads the whole response, returns its status. */
    int post(String path, byte[] jsonBody) throws IOException;

    /** The body of the last response, for error reports (may be empty). */
    String lastBody();

    @Override
    void close();
}

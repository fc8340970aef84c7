package org.crmconnector.it;

import static org.junit.Assert.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A server-sent event stream read over real HTTP: a background thread parses
 * the lines into events and comments and puts them in a queue the test polls
 * with bounded deadlines.
 */
final class Sse implements AutoCloseable {

    /** One event ({@code name} set) or comment ({@code comment} set). */
    record Event(Long id, String name, String data, String comment) {
        JsonNode json() {
            try {
                return Api.JSON.readTree(data);
            } catch (Exception e) {
                throw new AssertionError("event data is not JSON: " + data, e);
            }
        }

        boolean is(String eventName) {
            return eventName.equals(name);
        }
    }

    final int status;
    final String contentType;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    /** Everything received so far, in order, for assertions about what did not come. */
    final List<Event> seen = new ArrayList<>();

    private Sse(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        this.lines = response.body();
        Thread reader = new Thread(this::read, "it-sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static Sse open(HttpClient http, String url, String key, String lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        try {
            return new Sse(http.sendAsync(b.GET().build(), HttpResponse.BodyHandlers.ofLines()).get(20, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new AssertionError("could not open " + url, e);
        }
    }

    private void read() {
        Long id = null;
        String name = null;
        StringBuilder data = null;
        try {
            for (var it = lines.iterator(); it.hasNext();) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (name != null || data != null) {
                        queue.add(new Event(id, name == null ? "message" : name, data == null ? "" : data.toString(), null));
                    }
                    id = null;
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    queue.add(new Event(null, null, null, line.substring(1).trim()));
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    String d = line.substring(5);
                    d = d.startsWith(" ") ? d.substring(1) : d;
                    data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
                }
            }
        } catch (RuntimeException closed) {
            // the test closed the stream
        }
    }

    /** The next event or comment, waiting at most {@code within}. */
    Event next(Duration within) {
        try {
            Event e = queue.poll(within.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                fail("no event within " + within + "; seen " + seen);
            }
            seen.add(e);
            return e;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ie);
        }
    }

    /** The next named event (comments skipped). */
    Event nextEvent(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Event e = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (e.name() != null) {
                return e;
            }
        }
    }

    /** Skips events until one matches; returns it. */
    Event await(Predicate<Event> match, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Event e = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (match.test(e)) {
                return e;
            }
        }
    }

    Event await(String eventName, Duration within) {
        return await(e -> e.is(eventName), within);
    }

    @Override
    public void close() {
        lines.close();
    }
}

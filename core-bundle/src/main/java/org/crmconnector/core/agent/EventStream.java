package org.crmconnector.core.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

/**
 * One open SSE connection. Writes are non-blocking: a slow browser makes its
 * own queue grow, never the thread that published the event wait. A stream
 * whose queue overflows is closed; its client reconnects and resumes from the
 * replay buffer with Last-Event-ID.
 */
final class EventStream implements WriteListener {

    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final int maxQueued;
    private final Consumer<EventStream> onClose;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private boolean needsFlush;
    private boolean closed;

    EventStream(AsyncContext async, int maxQueued, Consumer<EventStream> onClose) throws IOException {
        this.async = async;
        this.out = async.getResponse().getOutputStream();
        this.maxQueued = maxQueued;
        this.onClose = onClose;
    }

    void start() {
        out.setWriteListener(this);
    }

    void send(SseEvent event) {
        offer(event.wire());
    }

    void keepAlive() {
        offer(KEEP_ALIVE);
    }

    synchronized void offer(byte[] bytes) {
        if (closed) {
            return;
        }
        if (queue.size() >= maxQueued) {
            close();
            return;
        }
        queue.addLast(bytes);
        drain();
    }

    @Override
    public synchronized void onWritePossible() {
        drain();
    }

    @Override
    public void onError(Throwable t) {
        close();
    }

    private void drain() {
        try {
            while (!closed && out.isReady()) {
                if (needsFlush && queue.isEmpty()) {
                    needsFlush = false;
                    out.flush();
                    continue;
                }
                byte[] next = queue.pollFirst();
                if (next == null) {
                    return;
                }
                out.write(next);
                needsFlush = true;
            }
        } catch (IOException | IllegalStateException e) {
            close();
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
        }
        try {
            async.complete();
        } catch (IllegalStateException alreadyDone) {
            // the container completed it first (client went away)
        }
        onClose.accept(this);
    }
}

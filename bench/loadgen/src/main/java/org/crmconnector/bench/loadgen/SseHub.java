package org.crmconnector.bench.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many agent event streams (Server-Sent Events) held open by ONE selector thread
 * with non-blocking sockets: 10,000 streams cost 10,000 sockets, not 10,000
 * threads. Each stream is {@code GET /api/v1/tenants/{t}/agents/{agent}/events} with the key as a Bearer header;
 * the hub decodes HTTP chunked framing and SSE blocks and reports each event with
 * the {@link System#nanoTime()} of the read that completed it.
 */
final class SseHub implements AutoCloseable {

    interface Listener {
        void onEvent(Stream stream, String event, String data, long arrivalNanos);
    }

    /** One agent stream. Touched only by the selector thread, except the volatile flags. */
    final class Stream {
        final String agentId;
        final int index;
        final long openedNanos = System.nanoTime();
        volatile boolean connected;
        volatile boolean ended;
        volatile int status;
        volatile long connectedNanos;
        SocketChannel channel;
        ByteBuffer request;
        // parser state
        private final StringBuilder head = new StringBuilder(256);
        private boolean inBody;
        private boolean chunked;
        private int chunkState; // 0 size line, 1 data, 2 CRLF after data
        private long chunkLeft;
        private final StringBuilder sizeLine = new StringBuilder(8);
        private final StringBuilder block = new StringBuilder(64);
        private char last;
        private boolean released;

        Stream(String agentId, int index) {
            this.agentId = agentId;
            this.index = index;
        }
    }

    private final String host;
    private final int port;
    private final String tenant;
    private final String key;
    private final Listener listener;
    private final Selector selector;
    private final Thread loop;
    private final Queue<Stream> toRegister = new ConcurrentLinkedQueue<>();
    private final List<Stream> streams = new ArrayList<>();
    private final Semaphore handshakes;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private volatile boolean running = true;

    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    /** Streams the server closed after their preamble. */
    final AtomicInteger dropped = new AtomicInteger();
    final AtomicInteger keepAlives = new AtomicInteger();
    volatile String firstFailure;

    SseHub(String host, int port, String tenant, String key, int maxHandshakes, Listener listener) throws IOException {
        this.host = host;
        this.port = port;
        this.tenant = tenant;
        this.key = key;
        this.listener = listener;
        this.handshakes = new Semaphore(maxHandshakes);
        this.selector = Selector.open();
        this.loop = new Thread(this::run, "sse-hub");
        this.loop.setDaemon(true);
        this.loop.start();
    }

    /** Opens one stream; waits (bounded) while too many handshakes are in flight. */
    Stream open(String agentId) throws IOException, InterruptedException {
        if (!handshakes.tryAcquire(30, TimeUnit.SECONDS)) {
            throw new IOException("no handshake slot within 30 s: the server is not accepting streams");
        }
        Stream s;
        synchronized (streams) {
            s = new Stream(agentId, streams.size());
            streams.add(s);
        }
        String path = "/api/v1/tenants/" + tenant + "/agents/" + agentId + "/events";
        s.request = ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nAuthorization: Bearer " + key
                + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        s.channel = ch;
        try {
            ch.connect(new InetSocketAddress(host, port));
        } catch (IOException e) {
            fail(s, "connect: " + e);
            ch.close();
            return s;
        }
        toRegister.add(s);
        selector.wakeup();
        return s;
    }

    /**
     * Opens streams for the agents {@code prefix}0 .. {@code prefix}(n-1) and waits (bounded by
     * {@code waitSeconds} in all) until each has its preamble or failed. Returns the seconds taken.
     */
    double openAll(String prefix, int n, int waitSeconds) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(waitSeconds);
        for (int i = 0; i < n && System.nanoTime() < deadline; i++) {
            open(prefix + i);
            if (i > 0 && i % 2000 == 0) {
                System.err.printf("loadgen: %d streams requested, %d connected, %d failed%n", i, connected.get(),
                        failed.get());
            }
        }
        while (connected.get() + failed.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    List<Stream> streams() {
        synchronized (streams) {
            return new ArrayList<>(streams);
        }
    }

    private void run() {
        try {
            while (running) {
                selector.select(200);
                for (Stream s; (s = toRegister.poll()) != null;) {
                    try {
                        s.channel.register(selector,
                                s.channel.isConnected() ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, s);
                    } catch (IOException e) {
                        fail(s, "register: " + e);
                    }
                }
                var keys = selector.selectedKeys();
                for (SelectionKey k : keys) {
                    Stream s = (Stream) k.attachment();
                    try {
                        if (!k.isValid()) {
                            continue;
                        }
                        if (k.isConnectable()) {
                            s.channel.finishConnect();
                            k.interestOps(SelectionKey.OP_WRITE);
                        }
                        if (k.isValid() && k.isWritable()) {
                            s.channel.write(s.request);
                            if (!s.request.hasRemaining()) {
                                s.request = null;
                                k.interestOps(SelectionKey.OP_READ);
                            }
                        }
                        if (k.isValid() && k.isReadable()) {
                            readBuffer.clear();
                            int n = s.channel.read(readBuffer);
                            long now = System.nanoTime();
                            if (n < 0) {
                                endOf(s, "closed by the server");
                                k.cancel();
                                s.channel.close();
                            } else if (n > 0) {
                                readBuffer.flip();
                                feed(s, readBuffer, now);
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        endOf(s, e.toString());
                        k.cancel();
                        try {
                            s.channel.close();
                        } catch (IOException ignored) {
                            // closing anyway
                        }
                    }
                }
                keys.clear();
            }
        } catch (IOException e) {
            firstFailure = "selector: " + e;
        }
    }

    private void endOf(Stream s, String why) {
        if (s.ended) {
            return;
        }
        s.ended = true;
        if (s.connected) {
            dropped.incrementAndGet();
        } else {
            fail(s, why);
        }
    }

    private void fail(Stream s, String why) {
        s.ended = true;
        failed.incrementAndGet();
        if (firstFailure == null) {
            firstFailure = s.agentId + ": " + why + (s.status != 0 ? " (HTTP " + s.status + ")" : "");
        }
        release(s);
    }

    private void release(Stream s) {
        if (!s.released) {
            s.released = true;
            handshakes.release();
        }
    }

    private void feed(Stream s, ByteBuffer buf, long now) throws IOException {
        while (buf.hasRemaining()) {
            if (!s.inBody) {
                char c = (char) (buf.get() & 0xff);
                s.head.append(c);
                int n = s.head.length();
                if (n >= 4 && c == '\n' && s.head.charAt(n - 2) == '\r' && s.head.charAt(n - 3) == '\n') {
                    String h = s.head.toString();
                    s.status = Integer.parseInt(h.substring(9, 12));
                    if (s.status != 200) {
                        throw new IOException("HTTP " + s.status);
                    }
                    s.chunked = h.toLowerCase().contains("transfer-encoding: chunked");
                    s.inBody = true;
                    s.head.setLength(0);
                } else if (n > 16384) {
                    throw new IOException("response head too long");
                }
                continue;
            }
            if (!s.chunked) {
                sse(s, (char) (buf.get() & 0xff), now);
                continue;
            }
            switch (s.chunkState) {
                case 0 -> {
                    char c = (char) (buf.get() & 0xff);
                    if (c == '\n') {
                        String line = s.sizeLine.toString().trim();
                        s.sizeLine.setLength(0);
                        int semi = line.indexOf(';');
                        long size = Long.parseLong(semi >= 0 ? line.substring(0, semi) : line, 16);
                        if (size == 0) {
                            throw new IOException("the server ended the stream");
                        }
                        s.chunkLeft = size;
                        s.chunkState = 1;
                    } else if (c != '\r') {
                        s.sizeLine.append(c);
                    }
                }
                case 1 -> {
                    sse(s, (char) (buf.get() & 0xff), now);
                    if (--s.chunkLeft == 0) {
                        s.chunkState = 2;
                    }
                }
                default -> {
                    if (buf.get() == '\n') {
                        s.chunkState = 0;
                    }
                }
            }
        }
    }

    private void sse(Stream s, char c, long now) {
        if (c == '\n' && s.last == '\n') {
            block(s, s.block.toString(), now);
            s.block.setLength(0);
            s.last = 0;
            return;
        }
        s.last = c;
        s.block.append(c);
    }

    private void block(Stream s, String text, long now) {
        if (text.startsWith(":")) {
            if (text.startsWith(": connected")) {
                if (!s.connected) {
                    s.connectedNanos = now;
                    s.connected = true;
                    connected.incrementAndGet();
                    release(s);
                }
            } else {
                keepAlives.incrementAndGet();
            }
            return;
        }
        String event = "message";
        StringBuilder data = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(line.substring(line.length() > 5 && line.charAt(5) == ' ' ? 6 : 5));
            }
        }
        if (listener != null) {
            listener.onEvent(s, event, data.toString(), now);
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Stream s : streams()) {
            try {
                if (s.channel != null) {
                    s.channel.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}

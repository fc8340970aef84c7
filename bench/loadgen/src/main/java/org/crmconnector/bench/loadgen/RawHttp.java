package org.crmconnector.bench.loadgen;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client on one blocking socket: writes the whole
 * request in one call, parses only the status line, Content-Length and chunked
 * framing. It exists because a load generator sharing 2 cores with the server must
 * spend as little CPU per request as possible (see README: raw vs JDK HttpClient).
 */
final class RawHttp implements HttpPoster {

    private final String host;
    private final int port;
    private final String auth;
    private final int timeoutMs;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private byte[] lastBody = new byte[0];
    private final StringBuilder line = new StringBuilder(128);

    RawHttp(String host, int port, String bearerKey, int timeoutMs) {
        this.host = host;
        this.port = port;
        this.auth = bearerKey == null ? "" : "Authorization: Bearer " + bearerKey + "\r\n";
        this.timeoutMs = timeoutMs;
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(timeoutMs);
        s.connect(new InetSocketAddress(host, port), timeoutMs);
        socket = s;
        out = s.getOutputStream();
        in = new BufferedInputStream(s.getInputStream(), 8192);
    }

    @Override
    public int post(String path, byte[] body) throws IOException {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n" + auth
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] req = new byte[head.length + body.length];
        System.arraycopy(head, 0, req, 0, head.length);
        System.arraycopy(body, 0, req, head.length, body.length);
        boolean fresh = socket == null;
        if (fresh) {
            connect();
        }
        try {
            out.write(req);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            if (fresh) {
                throw e;
            }
            // the server may close an idle keep-alive connection: retry once on a new one
            connect();
            out.write(req);
            out.flush();
            return readResponse();
        }
    }

    private int readResponse() throws IOException {
        String status = readLine();
        if (!status.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h = readLine(); !h.isEmpty(); h = readLine()) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase().contains("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        if (chunked) {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            while (true) {
                String size = readLine();
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                if (n == 0) {
                    while (!readLine().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                body.write(in.readNBytes(n));
                readLine();
            }
            lastBody = body.toByteArray();
        } else if (length >= 0) {
            lastBody = in.readNBytes((int) length);
            if (lastBody.length < length) {
                throw new EOFException("response body cut short");
            }
        } else {
            lastBody = in.readAllBytes();
            close = true;
        }
        if (close) {
            close();
        }
        return code;
    }

    private String readLine() throws IOException {
        line.setLength(0);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b == '\n') {
                int n = line.length();
                if (n > 0 && line.charAt(n - 1) == '\r') {
                    line.setLength(n - 1);
                }
                return line.toString();
            }
            line.append((char) b);
            if (line.length() > 16384) {
                throw new IOException("header line too long");
            }
        }
    }

    @Override
    public String lastBody() {
        return new String(lastBody, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        out = null;
        in = null;
    }
}

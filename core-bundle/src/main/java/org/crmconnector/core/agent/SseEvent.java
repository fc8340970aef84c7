package org.crmconnector.core.agent;

import java.nio.charset.StandardCharsets;

/** One server-sent event, encoded once and shared by every stream and the replay buffer. */
public record SseEvent(long id, String name, byte[] wire) {

    public static SseEvent of(long id, String name, byte[] jsonData) {
        return encode(id, "id: " + id + "\nevent: " + name + "\ndata: ", name, jsonData);
    }

    /** An event without an id: the client's Last-Event-ID stays where it was. */
    public static SseEvent unnumbered(String name, byte[] jsonData) {
        return encode(-1, "event: " + name + "\ndata: ", name, jsonData);
    }

    private static SseEvent encode(long id, String head, String name, byte[] jsonData) {
        // JSON from Jackson has no raw newlines, so one data: line is enough
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[h.length + jsonData.length + 2];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(jsonData, 0, out, h.length, jsonData.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return new SseEvent(id, name, out);
    }
}

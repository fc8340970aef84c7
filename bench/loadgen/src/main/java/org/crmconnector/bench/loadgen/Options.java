package org.crmconnector.bench.loadgen;

import java.nio.file.Path;

/** The load generator's command line: parsed once, bounded, loopback only. */
final class Options {

    String host = "127.0.0.1";
    int port = 19200;
    /** Where phase c holds its agents' streams: --stream-target, else --target (another node measures cross-node pops). */
    String streamHost;
    int streamPort = -1;
    String tenant = "demo";
    String key = "demo-key";
    int duration = 20;
    int warmup = 5;
    int connections = 16;
    int agents = 200;
    int popAgents = 100;
    int popSenders = 4;
    int streamCount = 10_000;
    int streamSample = 100;
    int handshakes = 256;
    int retentionAgents = 500;
    int retentionEvents = 256;
    int liveInteractions = 5000;
    String phases = "a,b,c,d,e,f";
    String client = "raw";
    int rounds = 2;
    long serverPid = -1;
    int maxSeconds = 900;
    int timeoutMs = 10_000;
    Path out;

    /** Parses {@code args}; prints the usage and exits on --help, exits with 2 on a bad option. */
    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name;
            String value;
            if (a.equals("-h") || a.equals("--help")) {
                usage();
                System.exit(0);
            }
            if (!a.startsWith("--")) {
                die("unexpected argument " + a);
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else {
                name = a.substring(2);
                if (i + 1 >= args.length) {
                    die("missing value for " + a);
                }
                value = args[++i];
            }
            o.set(name, value);
        }
        if (o.streamHost == null) {
            o.streamHost = o.host;
            o.streamPort = o.port;
        }
        for (String h : new String[] {o.host, o.streamHost}) {
            if (!h.equals("127.0.0.1") && !h.equals("localhost") && !h.equals("::1")) {
                die("the benchmark runs on loopback only; --target must be 127.0.0.1, localhost or ::1");
            }
        }
        if (!o.client.equals("raw") && !o.client.equals("jdk") && !o.client.equals("both")) {
            die("--client must be raw, jdk or both");
        }
        return o;
    }

    private void set(String name, String value) {
        switch (name) {
            case "target" -> {
                host = host(value);
                port = port(value);
            }
            case "stream-target" -> {
                streamHost = host(value);
                streamPort = port(value);
            }
            case "tenant" -> tenant = value;
            case "key" -> key = value;
            case "duration" -> duration = bounded(name, value, 1, 600);
            case "warmup" -> warmup = bounded(name, value, 0, 120);
            case "connections", "concurrency" -> connections = bounded(name, value, 1, 1024);
            case "agents" -> agents = bounded(name, value, 1, 100_000);
            case "pop-agents" -> popAgents = bounded(name, value, 1, 10_000);
            case "pop-senders" -> popSenders = bounded(name, value, 1, 256);
            case "streams" -> streamCount = bounded(name, value, 1, 60_000);
            case "stream-sample" -> streamSample = bounded(name, value, 1, 10_000);
            case "handshakes" -> handshakes = bounded(name, value, 1, 10_000);
            case "retention-agents" -> retentionAgents = bounded(name, value, 1, 10_000);
            case "retention-events" -> retentionEvents = bounded(name, value, 1, 10_000);
            case "live-interactions" -> liveInteractions = bounded(name, value, 1, 9_000);
            case "phases" -> phases = value;
            case "client" -> client = value;
            case "rounds" -> rounds = bounded(name, value, 1, 10);
            case "server-pid" -> serverPid = Long.parseLong(value);
            case "max-seconds" -> maxSeconds = bounded(name, value, 10, 3600);
            case "timeout-ms" -> timeoutMs = bounded(name, value, 100, 120_000);
            case "out" -> out = Path.of(value);
            default -> die("unknown option --" + name);
        }
    }

    /** The settings paragraph at the top of the results. */
    String describe() {
        return String.format("target http://%s:%d, tenant `%s`, client `%s`, connections %d, agents %d, warmup %d s, "
                + "duration %d s, rounds %d, pop agents %d, pop senders %d, streams %d (sample %d, %d handshakes in flight)%n%n",
                host, port, tenant, client, connections, agents, warmup, duration, rounds, popAgents, popSenders,
                streamCount, streamSample, handshakes);
    }

    private static int bounded(String name, String value, int min, int max) {
        int v = Integer.parseInt(value);
        if (v < min || v > max) {
            die("--" + name + " must be between " + min + " and " + max);
        }
        return v;
    }

    private static String host(String url) {
        String t = url.replaceFirst("^http://", "").replaceAll("/.*$", "");
        int colon = t.lastIndexOf(':');
        return colon > 0 ? t.substring(0, colon) : t;
    }

    private static int port(String url) {
        String t = url.replaceFirst("^http://", "").replaceAll("/.*$", "");
        int colon = t.lastIndexOf(':');
        return colon > 0 ? Integer.parseInt(t.substring(colon + 1)) : 80;
    }

    private static void usage() {
        System.out.println("""
                java -jar crm-bench-loadgen.jar [options]
                  --target http://127.0.0.1:19200   server (loopback only)
                  --stream-target URL  where phase c holds its streams (default --target; another node of a
                                      cluster measures pops that cross nodes)
                  --tenant demo --key demo-key        tenant and API key
                  --duration 20       measured seconds of phases a, b and c
                  --warmup 5          unmeasured seconds before phases a and b
                  --connections 16    concurrent connections (threads) in phases a and b
                  --agents 200        distinct agents in phase b
                  --pop-agents 100    agents holding streams in phase c
                  --pop-senders 4     concurrent incomingCall senders in phase c
                  --streams 10000     concurrent agent streams in phase d
                  --stream-sample 100 streams of phase d that must receive a pop
                  --handshakes 256    stream handshakes in flight at once in phase d
                  --retention-agents 500   agents of phase e
                  --retention-events 256   events published to each of them in phase e (the default replay size)
                  --live-interactions 5000  outbound calls phase f leaves live to weigh them (at most 9,000:
                                      the tenant's bound is 10,000)
                  --phases a,b,c,d,e,f  which phases (a and b first, in rounds; then c, f, e, d)
                  --client raw        raw (own HTTP/1.1 on sockets), jdk (java.net.http) or both (a and b twice)
                  --rounds 2          repeat a then b this many times; the targets use the last round (warmest JIT)
                  --server-pid PID    server JVM, for CPU use and heap (jcmd)
                  --max-seconds 900   hard bound of the whole run
                  --out FILE.md       write the results as Markdown
                """);
    }

    private static void die(String message) {
        System.err.println("loadgen: " + message);
        System.exit(2);
    }
}

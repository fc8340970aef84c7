package org.crmconnector.bench.loadgen;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CPU use of the server, of this process and of the whole machine (Linux /proc), and the server's heap via jcmd. */
final class Proc {

    private static final double TICK = 100.0; // USER_HZ on Linux

    private Proc() {
    }

    /** CPU seconds used so far by a process, or -1. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static double selfCpuSeconds() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return -1;
    }

    /** {busy, total} CPU seconds of the whole machine since boot. */
    static double[] machineCpu() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new double[] {(total - idle) / TICK, total / TICK};
        } catch (IOException | RuntimeException e) {
            return new double[] {-1, -1};
        }
    }

    static String status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return line.substring(field.length() + 1).trim();
                }
            }
        } catch (IOException e) {
            // gone
        }
        return "?";
    }

    /** TcpExt ListenOverflows of the machine (SYNs dropped because a listen queue was full), or -1. */
    static long listenOverflows() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("TcpExt:") && lines.get(i + 1).startsWith("TcpExt:")) {
                    String[] k = lines.get(i).split("\\s+");
                    String[] v = lines.get(i + 1).split("\\s+");
                    for (int j = 0; j < k.length && j < v.length; j++) {
                        if (k[j].equals("ListenOverflows")) {
                            return Long.parseLong(v[j]);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Runs a full GC in the server, then returns its used heap in MB (or -1) and the raw heap_info text. */
    static Object[] heapAfterGc(long pid) {
        if (pid <= 0) {
            return new Object[] {-1.0, "no server pid given"};
        }
        run(List.of("jcmd", Long.toString(pid), "GC.run"));
        String info = run(List.of("jcmd", Long.toString(pid), "GC.heap_info"));
        Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
        double used = m.find() ? Long.parseLong(m.group(2)) / 1024.0 : -1;
        return new Object[] {used, info.trim()};
    }

    static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out);
        } catch (IOException e) {
            return "failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** CPU seconds of server, self and machine at one moment. */
    record Snapshot(long nanos, double server, double self, double busy, double total) {
        static Snapshot take(long serverPid) {
            double[] m = machineCpu();
            return new Snapshot(System.nanoTime(), serverPid > 0 ? cpuSeconds(serverPid) : -1, selfCpuSeconds(), m[0], m[1]);
        }

        /** "server x.xx cores, loadgen y.yy cores, everything else z.zz cores" over the interval. */
        String coresSince(Snapshot before) {
            double secs = (nanos - before.nanos) / 1e9;
            double srv = server >= 0 ? (server - before.server) / secs : Double.NaN;
            double me = (self - before.self) / secs;
            double all = (busy - before.busy) / secs;
            return String.format("server %.2f, loadgen %.2f, rest of machine %.2f (of %d cores)", srv, me,
                    Double.isNaN(srv) ? Double.NaN : all - srv - me, Runtime.getRuntime().availableProcessors());
        }
    }
}

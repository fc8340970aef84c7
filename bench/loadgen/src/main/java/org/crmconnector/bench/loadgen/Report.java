package org.crmconnector.bench.loadgen;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a run reports: the Markdown text the phases append to, the named figures
 * (written next to it as {@code name=value}, for scripts) and the first errors.
 */
final class Report {

    private static final int MAX_ERRORS = 50;

    final StringBuilder md = new StringBuilder();
    final Map<String, Double> figures = new LinkedHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    /** Keeps the first errors only: enough to see what went wrong, bounded under a flood of failures. */
    void error(String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(message);
        }
    }

    boolean errorsFull() {
        return errors.size() >= MAX_ERRORS;
    }

    void appendFirstErrors() {
        if (!errors.isEmpty()) {
            md.append("\n## First errors\n\n");
            errors.stream().limit(10).forEach(e -> md.append("- ").append(e.replace('\n', ' ')).append('\n'));
        }
    }

    /** Prints the text and writes it to {@code out} and its figures to {@code out}.figures; also called by the watchdog. */
    synchronized void write(Path out) {
        System.out.println();
        System.out.println(md);
        if (out != null) {
            try {
                Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
                Path figs = Path.of(out.toString().replaceAll("\\.md$", "") + ".figures");
                try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(figs))) {
                    figures.forEach((k, v) -> w.printf(Locale.ROOT, "%s=%.3f%n", k, v));
                }
            } catch (IOException e) {
                System.err.println("loadgen: could not write " + out + ": " + e);
            }
        }
    }
}

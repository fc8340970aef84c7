package org.crmconnector.core.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The page's stylesheet and script, kept as bundle resources ({@code res/})
 * and written inline: the Web Console draws its frame around a plain servlet's
 * output and serves no files for it, and inline they cost no extra request.
 */
final class PageResources {

    static final String STYLE = "<style>\n" + read("res/console.css") + "</style>";
    static final String SCRIPT = "<script>\n" + read("res/console.js") + "</script>";

    private PageResources() {
    }

    private static String read(String name) {
        try (InputStream in = PageResources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing bundle resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

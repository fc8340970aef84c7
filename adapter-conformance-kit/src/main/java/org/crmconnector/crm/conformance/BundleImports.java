package org.crmconnector.crm.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Manifest;

/**
 * Reads the {@code Import-Package} header bnd wrote for a bundle, so a build
 * can check that an adapter depends on the API packages and nothing of the
 * engine or of another adapter.
 */
public final class BundleImports {

    private BundleImports() {
    }

    /** The imported package names, without attributes or directives. */
    public static List<String> of(Path manifest) throws IOException {
        Manifest m;
        try (InputStream in = Files.newInputStream(manifest)) {
            m = new Manifest(in);
        }
        String header = m.getMainAttributes().getValue("Import-Package");
        List<String> packages = new ArrayList<>();
        if (header == null) {
            return packages;
        }
        // clauses are separated by commas outside quotes: version="[1.1,2)" has one inside
        StringBuilder clause = new StringBuilder();
        boolean quoted = false;
        for (char c : (header + ",").toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                String name = clause.toString().split(";", 2)[0].trim();
                if (!name.isEmpty()) {
                    packages.add(name);
                }
                clause.setLength(0);
            } else {
                clause.append(c);
            }
        }
        return packages;
    }
}

package org.crmconnector.core.store;

import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the embedded stores keep their files. */
public final class DataFolders {

    /** Framework property naming the server's data folder. */
    public static final String DATA_DIR_PROPERTY = "crm.data.dir";

    private DataFolders() {
    }

    /**
     * The configured folder, else {@code name} in the server's data folder
     * (framework property {@value #DATA_DIR_PROPERTY}), else {@code data/name}
     * in the working directory.
     */
    public static Path resolve(String configured, String serverDataDir, String name) {
        String folder = configured == null ? "" : configured.trim();
        if (!folder.isEmpty()) {
            return Paths.get(folder);
        }
        if (serverDataDir != null && !serverDataDir.isBlank()) {
            return Paths.get(serverDataDir.trim(), name);
        }
        return Paths.get(System.getProperty("user.dir"), "data", name);
    }
}

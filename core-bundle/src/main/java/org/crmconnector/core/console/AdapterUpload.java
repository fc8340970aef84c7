package org.crmconnector.core.console;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Hot deploy upload: an adapter jar sent as the raw body, put into the
 * deploy folder. Called only once {@link CsrfGuard} let the POST pass.
 */
final class AdapterUpload {

    private static final Logger LOG = LoggerFactory.getLogger(AdapterUpload.class);

    /** What the page's script shows after an upload. */
    record Uploaded(String file, String symbolicName, String version, String buildTag, boolean replaced) {
    }

    private final DeployFolder deploy;

    AdapterUpload(DeployFolder deploy) {
        this.deploy = deploy;
    }

    void handle(ConsoleRequest req, HttpServletResponse resp) throws IOException {
        HttpServletRequest request = req.servletRequest();
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/java-archive") && !type.startsWith("application/octet-stream")) {
            JsonAnswer.send(resp, 415, Map.of("error", "send the jar as the raw body with Content-Type: application/java-archive"));
            return;
        }
        try {
            DeployFolder.Deployed d = deploy.deploy(request.getParameter("file"), request.getInputStream());
            LOG.info("Console user '{}' deployed {} {} (build tag '{}') as {}", req.user(), d.symbolicName(), d.version(),
                    d.buildTag(), d.file());
            JsonAnswer.send(resp, 200, new Uploaded(d.file().getFileName().toString(), d.symbolicName(), d.version(),
                    d.buildTag(), d.replaced()));
        } catch (DeployFolder.Refused e) {
            JsonAnswer.send(resp, 400, Map.of("error", e.getMessage()));
        }
    }
}

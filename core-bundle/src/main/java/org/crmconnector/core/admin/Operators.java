package org.crmconnector.core.admin;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.crmconnector.core.tenant.ApiKeys;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators who may use the operator API, each a name and the hash of a
 * key. A configuration entry that is not {@code name=sha256:<hex>} is left
 * out with an error in the log rather than refusing the component: one typo
 * must not lock every operator out, nor take the tenant API down with it.
 */
@Component(service = Operators.class, configurationPid = Operators.PID)
@Designate(ocd = OperatorConfig.class)
public class Operators {

    public static final String PID = "org.crmconnector.admin";
    private static final Logger LOG = LoggerFactory.getLogger(Operators.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private record Operator(String name, byte[] digest) {
    }

    private final List<Operator> operators;
    private final int maxBodyBytes;

    @Activate
    public Operators(OperatorConfig config) {
        List<Operator> list = new ArrayList<>();
        for (String entry : config._operator_keys()) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).trim();
            String hash = eq < 0 ? "" : entry.substring(eq + 1).trim().toLowerCase();
            if (!NAME.matcher(name).matches() || !ApiKeys.isHash(hash)) {
                LOG.error("Operator key entry #{} is not name=sha256:<64 hex digits> (a name of letters, digits, "
                        + ". _ @ -); it is ignored", list.size() + 1);
                continue;
            }
            list.add(new Operator(name, ApiKeys.digestOf(hash)));
        }
        this.operators = List.copyOf(list);
        this.maxBodyBytes = Math.max(1024, config.max_body_bytes());
        if (operators.isEmpty()) {
            LOG.info("No operator keys configured ({}): the operator API /api/v1/admin refuses every request", PID);
        }
    }

    /**
     * The name of the operator whose key this is. Every operator's hash is
     * compared, in constant time, so the answer takes as long for a wrong key
     * as for any right one.
     */
    public Optional<String> authenticate(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        byte[] candidate = ApiKeys.digest(key);
        String found = null;
        for (Operator o : operators) {
            if (MessageDigest.isEqual(candidate, o.digest()) && found == null) {
                found = o.name();
            }
        }
        return Optional.ofNullable(found);
    }

    public boolean any() {
        return !operators.isEmpty();
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }
}

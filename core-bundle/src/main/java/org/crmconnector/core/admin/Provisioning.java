package org.crmconnector.core.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.crmconnector.core.refusal.Refusal;
import org.crmconnector.core.routing.AdapterRouter;
import org.crmconnector.core.tenant.ApiKeys;
import org.crmconnector.core.tenant.KeyStrength;
import org.crmconnector.core.checks.ConfigurationChecks;
import org.crmconnector.core.tenant.Tenant;
import org.crmconnector.core.tenant.TenantRegistry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenants and adapter instances as factory configurations in Configuration
 * Admin, read and written for the operator API. Configuration Admin stays the
 * one place they live, so the Web Console, the deploy folder and the API show
 * the same state. Every write is checked first as the Web Console's form and
 * the component itself would check it (metatype types and options, required
 * attributes, then the tenant's or the adapter's own configuration check),
 * so a refused request changes nothing; a bulk write is checked whole before
 * its first item is written.
 */
@Component(service = Provisioning.class)
public class Provisioning {

    /** Bundles that carry CRM adapters say so in their manifest. */
    static final String ADAPTER_HEADER = "X-CrmConnector-Adapter";
    static final String FILE = "felix.fileinstall.filename";
    static final int MAX_ITEMS = 2000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> MANAGED = Set.of("service.pid", ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION, FILE);
    private static final Logger AUDIT = LoggerFactory.getLogger("org.crmconnector.audit");

    private final ConfigurationAdmin configAdmin;
    private final MetaTypeService metatype;
    private final ServiceComponentRuntime scr;
    private final TenantRegistry tenants;
    private final AdapterRouter router;
    private final BundleContext context;
    private final ConfigurationChecks checks;

    @Activate
    public Provisioning(@Reference ConfigurationAdmin configAdmin, @Reference MetaTypeService metatype,
            @Reference ServiceComponentRuntime scr, @Reference TenantRegistry tenants, @Reference AdapterRouter router,
            @Reference ConfigurationChecks checks, BundleContext context) {
        this.checks = checks;
        this.configAdmin = configAdmin;
        this.metatype = metatype;
        this.scr = scr;
        this.tenants = tenants;
        this.router = router;
        this.context = context;
    }

    // --- reading

    /** All of a kind, by id, with their state now. */
    public List<Provisioned> list(Kind kind) {
        Map<String, ConfigSchema> schemas = schemas(kind);
        Map<String, ComponentConfigurationDTO> states = componentStates();
        return index(kind).values().stream().map(c -> view(kind, c, schemas, states))
                .sorted(Comparator.comparing(Provisioned::id)).toList();
    }

    public Optional<Provisioned> get(Kind kind, String id) {
        return Optional.ofNullable(index(kind).get(id)).map(c -> view(kind, c, schemas(kind), componentStates()));
    }

    /** The adapter configurations that can be made now: the factory PIDs of the adapter bundles deployed. */
    public Map<String, ObjectClassDefinition> adapterTypes() {
        Map<String, ObjectClassDefinition> types = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            if (!"true".equals(b.getHeaders("").get(ADAPTER_HEADER)) || b.getState() != Bundle.ACTIVE) {
                continue;
            }
            MetaTypeInformation info = metatype.getMetaTypeInformation(b);
            for (String pid : info == null || info.getFactoryPids() == null ? new String[0] : info.getFactoryPids()) {
                ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
                if (ocd != null) {
                    types.put(pid, ocd);
                }
            }
        }
        return types;
    }

    // --- writing

    /** Creates or replaces one tenant or adapter instance; the same request twice changes nothing the second time. */
    public Change put(Desired desired, String operator) {
        return apply(Map.of("", desired), operator).get(0);
    }

    /**
     * Creates one that does not exist yet. Checked under the same lock as
     * every write, so of two requests creating one id, one creates it and the
     * other is refused, never told it created what it replaced.
     */
    public synchronized Change create(Desired desired, String operator) {
        return provision(Map.of("", desired), operator, true).get(0);
    }

    /**
     * Writes many at once, adapter instances before tenants, after checking
     * them all: one bad item refuses the whole request, naming it.
     * Synchronized, so two requests naming one new id cannot both create it.
     *
     * @param items by where each is in the request, e.g. {@code "tenants[3]."}, which prefixes its messages
     */
    public synchronized List<Change> apply(Map<String, Desired> items, String operator) {
        return provision(items, operator, false);
    }

    /** {@code createOnly}: an item naming a configuration that exists is refused, not replaced. */
    private List<Change> provision(Map<String, Desired> items, String operator, boolean createOnly) {
        if (items.size() > MAX_ITEMS) {
            throw Refusal.invalid("TOO_MANY_ITEMS", "at most " + MAX_ITEMS + " tenants and adapter instances per request");
        }
        // each kind read once, and only a kind the request names
        Map<Kind, Map<String, Configuration>> index = new EnumMap<>(Kind.class);
        Map<Kind, Map<String, ConfigSchema>> schemas = new EnumMap<>(Kind.class);
        Set<String> seen = new HashSet<>();
        List<Planned> plans = new ArrayList<>();
        items.forEach((at, d) -> {
            if (!seen.add(d.kind() + "/" + d.id())) {
                throw Refusal.invalid("DUPLICATE_ITEM", at + "id: " + d.kind().label + " '" + d.id()
                        + "' appears twice in the request");
            }
            Configuration existing = index.computeIfAbsent(d.kind(), this::index).get(d.id());
            if (createOnly && existing != null) {
                throw new Refusal(Refusal.Kind.CONFLICT, "ALREADY_EXISTS", d.kind().label + " '" + d.id()
                        + "' exists; PUT replaces it");
            }
            plans.add(plan(d, existing, schemas.computeIfAbsent(d.kind(), this::schemas), at));
        });
        List<Change> changes = new ArrayList<>();
        plans.stream().filter(p -> p.desired.kind() == Kind.ADAPTER).forEach(p -> changes.add(write(p, operator)));
        plans.stream().filter(p -> p.desired.kind() == Kind.TENANT).forEach(p -> changes.add(write(p, operator)));
        return changes;
    }

    /** Deletes one; a configuration from a deploy/ file loses its file too (FileInstall deletes it). */
    public synchronized Change delete(Kind kind, String id, String operator) {
        Configuration c = index(kind).get(id);
        if (c == null) {
            throw notFound(kind, id);
        }
        String pid = c.getPid();
        try {
            c.delete();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AUDIT.info("operator={} deleted {} '{}' (pid {})", operator, kind.label, id, pid);
        return new Change(kind, id, pid, "deleted");
    }

    static Refusal notFound(Kind kind, String id) {
        return new Refusal(Refusal.Kind.NOT_FOUND, "NOT_FOUND", "no " + kind.label + " '" + id + "'");
    }

    private record Planned(Desired desired, String factoryPid, Configuration existing, Hashtable<String, Object> properties,
            ConfigSchema schema) {
    }

    private Planned plan(Desired d, Configuration existing, Map<String, ConfigSchema> schemas, String at) {
        if (d.id() == null || !ID.matcher(d.id()).matches()) {
            throw Refusal.invalid("INVALID_ID", at + "id must be 1-64 letters, digits, '-' or '_'");
        }
        String factoryPid = factoryPid(d, existing, schemas, at);
        ConfigSchema schema = schemas.get(factoryPid);
        Map<String, Object> sent = d.attributes() == null ? Map.of() : d.attributes();
        Object sentId = sent.get(d.kind().idAttribute);
        if (sentId != null && !d.id().equals(sentId)) {
            throw ConfigSchema.invalid(at + "attributes." + d.kind().idAttribute, "is '" + sentId
                    + "' but the request names '" + d.id() + "'");
        }
        Map<String, Object> typed = schema.typed(sent, at + "attributes.");
        Hashtable<String, Object> props = new Hashtable<>();
        typed.forEach((k, v) -> {
            if (v != null) {
                props.put(k, v);
            }
        });
        props.put(d.kind().idAttribute, d.id());
        Map<String, Object> old = existing == null ? Map.of() : properties(existing);
        // secrets left out keep their values: a client can change a setting without knowing the CRM password
        old.forEach((k, v) -> {
            if (schema.isSecret(k) && !typed.containsKey(k) && !Tenant.TYPED_KEY.equals(k)) {
                props.put(k, v);
            }
        });
        if (old.get(FILE) != null) {
            props.put(FILE, old.get(FILE));
        }
        if (d.kind() == Kind.TENANT) {
            hashTypedKey(props, typed, at);
        }
        schema.requireAll(props, at + "attributes.");
        check(d.kind(), factoryPid, props, at);
        return new Planned(d, factoryPid, existing, props, schema);
    }

    private String factoryPid(Desired d, Configuration existing, Map<String, ConfigSchema> schemas, String at) {
        if (d.kind() == Kind.TENANT) {
            if (d.type() != null && !Tenant.FACTORY_PID.equals(d.type())) {
                throw Refusal.invalid("INVALID_FIELD", at + "type: a tenant is always " + Tenant.FACTORY_PID);
            }
            return Tenant.FACTORY_PID;
        }
        String current = existing == null ? null : existing.getFactoryPid();
        String pid = d.type() != null ? d.type() : current;
        if (pid == null) {
            throw Refusal.invalid("MISSING_FIELD", at + "type is required for a new adapter instance: one of "
                    + String.join(", ", schemas.keySet()));
        }
        if (current != null && !current.equals(pid)) {
            throw new Refusal(Refusal.Kind.CONFLICT, "TYPE_CHANGE", at + "type: adapter instance '" + d.id() + "' is a "
                    + current + "; delete it first to make it a " + pid);
        }
        if (!schemas.containsKey(pid)) {
            throw Refusal.invalid("UNKNOWN_TYPE", at + "type: no adapter bundle deployed serves '" + pid + "'; deployed: "
                    + String.join(", ", schemas.keySet()));
        }
        return pid;
    }

    /**
     * A tenant's key is stored as its hash only, as when the Web Console saves
     * one: a key sent replaces the accepted keys, unless the request also
     * sends the hashes to keep (rotation).
     */
    private static void hashTypedKey(Hashtable<String, Object> props, Map<String, Object> typed, String at) {
        Object key = props.remove(Tenant.TYPED_KEY);
        if (!(key instanceof String typedKey) || typedKey.isEmpty()) {
            return;
        }
        KeyStrength.weakness(typedKey).ifPresent(why -> {
            throw ConfigSchema.invalid(at + "attributes.api.key", "is refused: " + why);
        });
        Set<String> hashes = new TreeSet<>();
        if (typed.get(".api.key.hashes") instanceof String[] kept) {
            hashes.addAll(Arrays.asList(kept));
        }
        hashes.add(ApiKeys.hash(typedKey));
        props.put(".api.key.hashes", hashes.toArray(String[]::new));
    }

    /** What the component itself would refuse on activation, refused now with its own words. */
    private void check(Kind kind, String factoryPid, Hashtable<String, Object> props, String at) {
        Map<String, Object> values = new HashMap<>(props);
        values.remove(FILE);
        // as on the console's form; a check that breaks is still the client's request refused, not a 500
        checks.refusal(kind == Kind.TENANT ? Tenant.FACTORY_PID : factoryPid, values).ifPresent(why -> {
            throw new Refusal(Refusal.Kind.INVALID, "INVALID_ATTRIBUTE", at + why);
        });
    }

    private Change write(Planned p, String operator) {
        Desired d = p.desired;
        try {
            Configuration c = p.existing;
            Map<String, Object> old = c == null ? Map.of() : properties(c);
            String outcome;
            if (c == null) {
                // "?": any bundle may take it, as for FileInstall's; the core must not bind it to itself
                c = configAdmin.getFactoryConfiguration(p.factoryPid, d.id(), "?");
                c.update(p.properties);
                outcome = "created";
            } else if (same(old, p.properties)) {
                outcome = "unchanged";
            } else {
                c.update(p.properties);
                outcome = "updated";
            }
            if (!"unchanged".equals(outcome)) {
                AUDIT.info("operator={} {} {} '{}' (pid {}); attributes changed: {}", operator, outcome, d.kind().label,
                        d.id(), c.getPid(), changedNames(old, p.properties, p.schema));
            }
            return new Change(d.kind(), d.id(), c.getPid(), outcome);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names only, secrets marked as such: the audit log never carries a value. */
    private static String changedNames(Map<String, Object> old, Map<String, Object> now, ConfigSchema schema) {
        Set<String> names = new TreeSet<>();
        Set<String> keys = new HashSet<>(old.keySet());
        keys.addAll(now.keySet());
        for (String k : keys) {
            if (!MANAGED.contains(k) && !Objects.deepEquals(old.get(k), now.get(k))) {
                names.add(ConfigSchema.clientName(k) + (schema.isSecret(k) ? " (secret)" : ""));
            }
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static boolean same(Map<String, Object> old, Map<String, Object> now) {
        Set<String> keys = new HashSet<>(old.keySet());
        keys.addAll(now.keySet());
        keys.removeAll(MANAGED);
        return keys.stream().allMatch(k -> Objects.deepEquals(old.get(k), now.get(k)));
    }

    // --- configurations and their state

    /** The configurations of a kind by id; the first wins where two share one (the tenant registry says which is live). */
    private Map<String, Configuration> index(Kind kind) {
        String filter = kind == Kind.TENANT ? "(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + Tenant.FACTORY_PID + ")"
                : "(&(" + Kind.ADAPTER.idAttribute + "=*)(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=*)(!("
                        + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + Tenant.FACTORY_PID + ")))";
        Map<String, Configuration> byId = new TreeMap<>();
        try {
            Configuration[] found = configAdmin.listConfigurations(filter);
            if (found != null) {
                Arrays.sort(found, Comparator.comparing(Configuration::getPid));
                for (Configuration c : found) {
                    Dictionary<String, Object> p = c.getProperties();
                    if (p != null && p.get(kind.idAttribute) instanceof String id) {
                        byId.putIfAbsent(id, c);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return byId;
    }

    private Map<String, ConfigSchema> schemas(Kind kind) {
        Map<String, ConfigSchema> schemas = new LinkedHashMap<>();
        if (kind == Kind.TENANT) {
            MetaTypeInformation info = metatype.getMetaTypeInformation(context.getBundle());
            schemas.put(Tenant.FACTORY_PID, new ConfigSchema(Tenant.FACTORY_PID,
                    info.getObjectClassDefinition(Tenant.FACTORY_PID, null)));
        } else {
            adapterTypes().forEach((pid, ocd) -> schemas.put(pid, new ConfigSchema(pid, ocd)));
        }
        return schemas;
    }

    private static Map<String, Object> properties(Configuration c) {
        Map<String, Object> map = new HashMap<>();
        Dictionary<String, Object> p = c.getProperties();
        if (p != null) {
            for (String k : Collections.list(p.keys())) {
                map.put(k, p.get(k));
            }
        }
        return map;
    }

    /** What Declarative Services made of each configuration, by PID: refused (with why), waiting, or active. */
    private Map<String, ComponentConfigurationDTO> componentStates() {
        Map<String, ComponentConfigurationDTO> byPid = new HashMap<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.properties != null && c.properties.get("service.pid") instanceof String pid) {
                    byPid.put(pid, c);
                }
            }
        }
        return byPid;
    }

    private Provisioned view(Kind kind, Configuration c, Map<String, ConfigSchema> schemas,
            Map<String, ComponentConfigurationDTO> states) {
        Map<String, Object> props = properties(c);
        String id = (String) props.get(kind.idAttribute);
        ConfigSchema schema = schemas.get(c.getFactoryPid());
        Map<String, Object> attributes = new TreeMap<>();
        Map<String, Boolean> secrets = new TreeMap<>();
        if (schema != null) {
            schema.all().stream().filter(ConfigSchema::isSecret)
                    .forEach(ad -> secrets.put(ConfigSchema.clientName(ad.getID()), false));
        }
        props.forEach((k, v) -> {
            if (MANAGED.contains(k)) {
                return;
            }
            if (k.startsWith(".") || schema != null && schema.isSecret(k)) {
                secrets.merge(ConfigSchema.clientName(k), isSet(v), Boolean::logicalOr);
            } else {
                // arrays as they are: the JSON writer makes them lists
                attributes.put(k, v);
            }
        });
        if (kind == Kind.TENANT) {
            // the key is kept as its hashes: the tenant has a key when it has a hash
            secrets.put("api.key", secrets.getOrDefault("api.key.hashes", false) || secrets.getOrDefault("api.key", false));
        }
        ComponentConfigurationDTO dto = states.get(c.getPid());
        String state;
        String reason = null;
        boolean live = kind == Kind.TENANT ? tenants.find(id).isPresent() : router.current(id).isPresent();
        if (live) {
            state = kind == Kind.TENANT && tenants.find(id).flatMap(t -> router.current(t.adapterInstance())).isEmpty()
                    ? "no-adapter" : "live";
        } else if (dto != null && dto.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
            state = "refused";
            reason = dto.failure == null ? null : dto.failure.lines().findFirst().orElse(null);
        } else if (dto != null && dto.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
            state = "unsatisfied";
        } else {
            state = "pending";
        }
        Object file = props.get(FILE);
        return new Provisioned(id, c.getFactoryPid(), c.getPid(), state, reason, attributes, secrets,
                file == null ? null : file.toString());
    }

    private static boolean isSet(Object v) {
        return v != null && !"".equals(v) && !(v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 0);
    }
}

package org.crmconnector.core.tenant;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.crmconnector.interaction.Channel;
import org.crmconnector.softphone.PartnerConfig;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.converter.Converters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant, made from one factory configuration. Immutable: an edited
 * configuration makes DS replace the instance, so a request always sees one
 * consistent set of settings ({@link TenantRegistry} bridges the replacement).
 */
@Component(service = Tenant.class, configurationPid = Tenant.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TenantConfig.class, factory = true)
public class Tenant {

    public static final String FACTORY_PID = "org.crmconnector.tenant";
    /** The framework property bin/crm-connector --demo sets: demo tenants are live only then. */
    public static final String DEMO_START = "crm.demo";
    /** The key typed into the console: the leading dot keeps it out of the service registry until it is hashed. */
    public static final String TYPED_KEY = ".api.key";
    /** Where the key hashes are stored: the leading dot keeps them out of the service registry. */
    static final String PRIVATE_HASHES = ".api.key.hashes";
    /** Where configurations written before that kept them, and where an operator may still write them. */
    static final String PUBLIC_HASHES = "api.key.hashes";

    private static final Logger LOG = LoggerFactory.getLogger(Tenant.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String pid;
    private final String id;
    private final String displayName;
    private final String adapterInstance;
    /** The API keys' hashes as raw digests, decoded once rather than on every request. */
    private final List<byte[]> apiKeyDigests;
    private final List<String> dispositions;
    private final PartnerConfig partnerConfig;
    private final String dialFrom;
    private final Map<Channel, PopMoment> popMoments = new EnumMap<>(Channel.class);
    private final String popUrlTemplate;
    /** Parsed on save, so a bad template is refused then and not at the first pop. */
    private final PopUrlTemplate popUrl;
    private final String popTarget;
    private final String popTitle;
    private final String popCommand;
    private final String allowedOrigin;
    private final int maxLiveInteractions;
    private final LogStages logStages;
    private final Duration wrapUpTimeout;
    private final String wrapUpTimeoutDisposition;
    private final ExcludedNumbers excludedNumbers;
    private final Duration additionsRetention;

    @Activate
    public Tenant(TenantConfig config, Map<String, Object> properties, BundleContext context,
            @Reference ConfigurationAdmin configAdmin) {
        this(config, properties, Boolean.parseBoolean(context.getProperty(DEMO_START)), configAdmin);
    }

    Tenant(TenantConfig config, Map<String, Object> properties, boolean demoStart, ConfigurationAdmin configAdmin) {
        this(config, publicHashes(properties), demoStart, (String) properties.get(Constants.SERVICE_PID));
        if (!config._api_key().isEmpty() || properties.get(PUBLIC_HASHES) != null) {
            storeKeysPrivately((String) properties.get(Constants.SERVICE_PID), configAdmin, config._api_key());
        }
    }

    /** Builds a tenant from its configuration; rejects what would make it unusable. */
    public Tenant(TenantConfig config) {
        this(config, List.of(), false, null);
    }

    Tenant(TenantConfig config, List<String> publicHashes, boolean demoStart) {
        this(config, publicHashes, demoStart, null);
    }

    /**
     * {@code publicHashes}: hashes a configuration still names api.key.hashes,
     * as before the dot kept them out of the registry. {@code demoStart}: the
     * server was started with --demo, the only start a demo tenant is live in.
     * {@code pid}: the configuration this tenant is made from, null for one
     * made without Config Admin.
     */
    Tenant(TenantConfig config, List<String> publicHashes, boolean demoStart, String pid) {
        this.pid = pid;
        this.id = config.tenant_id() == null ? "" : config.tenant_id().trim();
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("tenant.id '" + id + "' must be 1-64 letters, digits, '-' or '_'");
        }
        if (config.demo_only() && !demoStart) {
            throw new IllegalArgumentException("tenant " + id + " is a demo tenant (demo.only): it is live only when the "
                    + "server is started with bin/crm-connector --demo");
        }
        this.displayName = config.display_name().isBlank() ? id : config.display_name();
        this.adapterInstance = config.adapter_instance() == null ? "" : config.adapter_instance().trim();
        List<String> hashes = new ArrayList<>();
        List<String> given = new ArrayList<>(Arrays.asList(config._api_key_hashes()));
        given.addAll(publicHashes);
        for (String h : given) {
            if (h == null || h.isBlank()) {
                // the Configuration tab's form sends one empty entry for an empty list
                continue;
            }
            if (!ApiKeys.isHash(h.trim())) {
                throw new IllegalArgumentException("tenant " + id + ": api.key.hashes entries must be sha256:<64 hex digits>");
            }
            if (!hashes.contains(h.trim().toLowerCase())) {
                hashes.add(h.trim().toLowerCase());
            }
        }
        if (!config._api_key().isEmpty()) {
            KeyStrength.weakness(config._api_key()).ifPresent(why -> {
                throw new IllegalArgumentException("tenant " + id + ": " + why);
            });
            hashes.add(ApiKeys.hash(config._api_key()));
        }
        this.apiKeyDigests = hashes.stream().map(ApiKeys::digestOf).toList();
        this.dispositions = List.copyOf(Arrays.stream(config.dispositions()).map(String::trim)
                .filter(s -> !s.isEmpty()).toList());
        PartnerConfig pc = new PartnerConfig();
        pc.partnerId = config.partner_id();
        pc.businessSegmentId = config.business_segment_id();
        pc.channelOriginId = config.channel_origin_id();
        this.partnerConfig = pc;
        this.dialFrom = config.dial_from();
        popMoments.put(Channel.VOICE, PopMoment.parse(config.pop_voice(), "pop.voice"));
        popMoments.put(Channel.CHAT, PopMoment.parse(config.pop_chat(), "pop.chat"));
        popMoments.put(Channel.EMAIL, PopMoment.parse(config.pop_email(), "pop.email"));
        popMoments.put(Channel.SOCIAL, PopMoment.parse(config.pop_social(), "pop.social"));
        this.popUrlTemplate = config.pop_url_template() == null ? "" : config.pop_url_template().trim();
        this.popUrl = popUrlTemplate.isEmpty() ? null : parsePopUrl(id, popUrlTemplate);
        this.popTarget = config.pop_target().isBlank() ? "_blank" : config.pop_target();
        this.popTitle = config.pop_title();
        this.popCommand = config.pop_command();
        this.allowedOrigin = WebOrigin.parse("tenant " + id + ": allowed.origin", config.allowed_origin());
        if (config.max_live_interactions() < 1) {
            throw new IllegalArgumentException("tenant " + id + ": max.live.interactions must be at least 1");
        }
        this.maxLiveInteractions = config.max_live_interactions();
        this.logStages = LogStages.parse(config.log_stages());
        if (config.wrapup_timeout_seconds() < 10) {
            throw new IllegalArgumentException("tenant " + id + ": wrapup.timeout.seconds must be at least 10");
        }
        this.wrapUpTimeout = Duration.ofSeconds(config.wrapup_timeout_seconds());
        this.wrapUpTimeoutDisposition = config.wrapup_timeout_disposition() == null ? ""
                : config.wrapup_timeout_disposition().trim();
        try {
            this.excludedNumbers = ExcludedNumbers.parse(config.excluded_numbers());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tenant " + id + ": " + e.getMessage(), e);
        }
        if (config.additions_retention_hours() < 0) {
            throw new IllegalArgumentException("tenant " + id + ": additions.retention.hours must not be negative");
        }
        this.additionsRetention = Duration.ofHours(config.additions_retention_hours());
    }

    /**
     * Refuses the properties of a tenant configuration as activating it would,
     * before it is saved.
     *
     * @param demoStart whether the server runs with --demo
     * @throws IllegalArgumentException naming the attribute
     */
    public static void check(Map<String, Object> properties, boolean demoStart) {
        // the converter maps attribute ids to the annotation's methods as DS does
        new Tenant(Converters.standardConverter().convert(properties).to(TenantConfig.class), publicHashes(properties),
                demoStart);
    }

    private static PopUrlTemplate parsePopUrl(String id, String template) {
        try {
            return PopUrlTemplate.parse(template);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tenant " + id + ": " + e.getMessage(), e);
        }
    }

    private static List<String> publicHashes(Map<String, Object> properties) {
        Object value = properties.get(PUBLIC_HASHES);
        if (value instanceof String[] array) {
            return Arrays.asList(array);
        }
        return value instanceof String single ? List.of(single) : List.of();
    }

    /**
     * Neither the key typed into the console form nor the hashes may stay where
     * they are: the key must not be stored at all, and api.key.hashes without
     * its dot would be a service property. So the stored configuration gets
     * every hash under .api.key.hashes and neither of the others. The update
     * re-activates this component, which then finds only the private hashes.
     */
    private void storeKeysPrivately(String pid, ConfigurationAdmin configAdmin, String key) {
        try {
            Configuration[] found = configAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")");
            if (found == null || found.length == 0) {
                return;
            }
            Configuration configuration = found[0];
            Dictionary<String, Object> props = configuration.getProperties();
            List<String> hashes = new ArrayList<>();
            addAll(hashes, props.get(PRIVATE_HASHES));
            addAll(hashes, props.remove(PUBLIC_HASHES));
            if (!key.isEmpty() && !hashes.contains(ApiKeys.hash(key))) {
                hashes.add(ApiKeys.hash(key));
            }
            props.remove(TYPED_KEY);
            props.put(PRIVATE_HASHES, hashes.toArray(String[]::new));
            configuration.update(props);
            LOG.info("Tenant {}: API keys stored as hashes in {}, out of the service registry", id, PRIVATE_HASHES);
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            LOG.warn("Tenant {}: could not store the API keys as private hashes: {}", id, e.getMessage());
        }
    }

    private static void addAll(List<String> hashes, Object value) {
        List<String> more = value instanceof String[] array ? Arrays.asList(array)
                : value instanceof String s && !s.isBlank() ? List.of(s) : List.of();
        for (String h : more) {
            if (!hashes.contains(h)) {
                hashes.add(h);
            }
        }
    }

    public String id() {
        return id;
    }

    /** The PID of the configuration this tenant is made from; null when it is made without one. */
    String pid() {
        return pid;
    }

    public String displayName() {
        return displayName;
    }

    public String adapterInstance() {
        return adapterInstance;
    }

    public boolean acceptsKey(String key) {
        return ApiKeys.matchesDigest(key, apiKeyDigests);
    }

    public boolean hasKeys() {
        return !apiKeyDigests.isEmpty();
    }

    public List<String> dispositions() {
        return dispositions;
    }

    /** A copy: callers may serialise or change it. */
    public PartnerConfig partnerConfig() {
        PartnerConfig copy = new PartnerConfig();
        copy.partnerId = partnerConfig.partnerId;
        copy.businessSegmentId = partnerConfig.businessSegmentId;
        copy.channelOriginId = partnerConfig.channelOriginId;
        return copy;
    }

    public String dialFrom() {
        return dialFrom;
    }

    public PopMoment popMoment(Channel channel) {
        return popMoments.get(channel);
    }

    public String popUrlTemplate() {
        return popUrlTemplate;
    }

    /** The pop URL template that overrides the adapter's pop URL; null when there is none. */
    public PopUrlTemplate popUrl() {
        return popUrl;
    }

    public String popTarget() {
        return popTarget;
    }

    public String popTitle() {
        return popTitle;
    }

    public String popCommand() {
        return popCommand;
    }

    /** The embedding CRM page's origin, as browsers write it; empty when none is allowed. */
    public String allowedOrigin() {
        return allowedOrigin;
    }

    public int maxLiveInteractions() {
        return maxLiveInteractions;
    }

    public LogStages logStages() {
        return logStages;
    }

    /** How long an ended interaction may wait for its wrap-up before the connector finishes it. */
    public Duration wrapUpTimeout() {
        return wrapUpTimeout;
    }

    /** The disposition a timed-out wrap-up is logged with; empty for none. */
    /** Numbers whose interactions are never looked up nor logged. */
    public ExcludedNumbers excludedNumbers() {
        return excludedNumbers;
    }

    /** How long after its log reached the CRM an interaction still takes additions; zero: none. */
    public Duration additionsRetention() {
        return additionsRetention;
    }

    public String wrapUpTimeoutDisposition() {
        return wrapUpTimeoutDisposition;
    }

    @Override
    public String toString() {
        return "Tenant[" + id + " -> " + adapterInstance + "]";
    }
}

package org.crmconnector.core.tenant;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(
        name = "CRM connector: tenant",
        description = "One contact center served by this connector: its API keys, which CRM adapter instance serves it, "
                + "its disposition codes and its screen-pop rules.")
public @interface TenantConfig {

    @AttributeDefinition(name = "Tenant id",
            description = "Appears in every API path (/api/v1/tenants/{id}/...) and names the tenant everywhere else. "
                    + "1-64 letters, digits, '-' and '_', e.g. acme-emea. Must be unique.")
    String tenant_id();

    @AttributeDefinition(name = "Display name", required = false,
            description = "Shown to operators in the Web Console; the tenant id when empty.")
    String display_name() default "";

    @AttributeDefinition(name = "Adapter instance",
            description = "The 'Instance name' of the CRM adapter configuration (Salesforce, generic REST, ...) that serves this "
                    + "tenant, e.g. salesforce. Create that adapter configuration too; until it exists the tenant shows "
                    + "MISSING on the CRM Connector page and lookups answer 'adapter unavailable'.")
    String adapter_instance();

    /*
     * The leading dots (.api.key, .api.key.hashes) keep the key and its hashes
     * out of the service registry: DS publishes every other property of a
     * tenant as a service property, where any bundle and the console's Services
     * tab could read them.
     */
    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "A new API key for this tenant: at least 128 bits (22 or more random base64url characters, or 32 "
                    + "hex digits); a weaker key is refused on save. On save it is replaced by its SHA-256 hash in "
                    + "'API key hashes'; the key itself is never stored.")
    String _api_key() default "";

    @AttributeDefinition(name = "API key hashes", required = false,
            description = "Accepted keys as sha256:<hex> (several allow rotation). Make one with the shell command crm:hashkey <key>.")
    String[] _api_key_hashes() default {};

    @AttributeDefinition(name = "Disposition codes", required = false,
            description = "Codes offered to agents (softphone 'disposition' callback) when the CRM gives none.")
    String[] dispositions() default {"Resolved", "Callback requested", "Escalated", "No answer"};

    @AttributeDefinition(name = "Partner id", required = false, description = "Softphone partner_config: partnerId.")
    String partner_id() default "";

    @AttributeDefinition(name = "Business segment id", required = false, description = "Softphone partner_config: businessSegmentId.")
    String business_segment_id() default "";

    @AttributeDefinition(name = "Channel origin id", required = false, description = "Softphone partner_config: channelOriginId.")
    String channel_origin_id() default "";

    @AttributeDefinition(name = "Caller id for click-to-dial", required = false,
            description = "The dialFrom number of start_call events.")
    String dial_from() default "";

    @AttributeDefinition(name = "Pop voice on", description = "When a voice call pops the CRM record: as it rings, once the agent answers, or never.", options = {
            @Option(label = "Offered (ringing)", value = "offered"), @Option(label = "Accepted", value = "accepted"),
            @Option(label = "Never", value = "never")})
    String pop_voice() default "offered";

    @AttributeDefinition(name = "Pop chat on", description = "When a chat pops the CRM record: as it is assigned, once the agent accepts it, or never.", options = {
            @Option(label = "Offered (assigned)", value = "offered"), @Option(label = "Accepted", value = "accepted"),
            @Option(label = "Never", value = "never")})
    String pop_chat() default "offered";

    @AttributeDefinition(name = "Pop email on", description = "When an email pops the CRM record: as it is offered, once the agent accepts it, or never.", options = {
            @Option(label = "Offered", value = "offered"), @Option(label = "Accepted", value = "accepted"),
            @Option(label = "Never", value = "never")})
    String pop_email() default "accepted";

    @AttributeDefinition(name = "Pop social on", description = "When a social message pops the CRM record: as it is offered, once the agent accepts it, or never.", options = {
            @Option(label = "Offered", value = "offered"), @Option(label = "Accepted", value = "accepted"),
            @Option(label = "Never", value = "never")})
    String pop_social() default "accepted";

    @AttributeDefinition(name = "Pop URL template", required = false,
            description = "When set, overrides the adapter's pop URL. Starts with http:// or https:// and a literal host "
                    + "(any other scheme, e.g. javascript:, is refused on save). Variables after the host: {ani}, {dnis}, "
                    + "{interactionId}, {agentId}, {channel}, {recordId}, {cav.NAME}; each is URL-encoded.")
    String pop_url_template() default "";

    @AttributeDefinition(name = "Pop target", description = "_blank, a window name, or request-tab (seed 004).")
    String pop_target() default "_blank";

    @AttributeDefinition(name = "Pop title", required = false, description = "Title of the request-tab toggle.")
    String pop_title() default "";

    @AttributeDefinition(name = "Pop command", required = false,
            description = "Pop a mapped command name instead of a URL; the agent client runs it only if its own mapping knows the name.")
    String pop_command() default "";

    @AttributeDefinition(name = "Allowed message origin", required = false,
            description = "Origin of the CRM page that embeds the agent page (/agent/?tenant=<id>), as https://host[:port]: "
                    + "the only page allowed to frame it (Content-Security-Policy frame-ancestors) and to exchange "
                    + "CRMConnectMessage postMessages with it. Empty: the page may be framed by this server's own pages only "
                    + "and exchanges no messages.")
    String allowed_origin() default "";

    @AttributeDefinition(name = "Max live interactions",
            description = "Bound on live interactions held for this tenant; new ones are refused beyond it.")
    int max_live_interactions() default 10000;

    @AttributeDefinition(name = "Log written", description = "When the CRM activity is written. 'When the interaction ends, "
            + "updated at wrap-up': a call whose wrap-up never comes is still logged, and a quick wrap-up costs one CRM write. "
            + "'At wrap-up only': one write, for CRMs whose integration user may create records but not update them.", options = {
            @Option(label = "When the interaction ends, updated at wrap-up", value = "ended-and-finished"),
            @Option(label = "At wrap-up only", value = "finished")})
    String log_stages() default "ended-and-finished";

    @AttributeDefinition(name = "Wrap-up timeout (seconds)",
            description = "An interaction that ended and is not wrapped up within this time is finished by the connector: "
                    + "its log becomes final and the agent's event stream says so. At least 10.")
    long wrapup_timeout_seconds() default 600;

    @AttributeDefinition(name = "Wrap-up timeout disposition", required = false,
            description = "The disposition code a timed-out wrap-up is logged with, e.g. 'No wrap-up'. Empty: none.")
    String wrapup_timeout_disposition() default "";

    @AttributeDefinition(name = "Numbers kept out of the CRM", required = false,
            description = "Interactions whose caller or dialled number matches one of these are never looked up (no CRM "
                    + "call, no pop) and never logged; they are counted (crm_interactions_excluded_total). Numbers are "
                    + "compared as digits alone. A pattern is digits with * (any digits) and ? (one digit), e.g. 4??? or "
                    + "1555*, or re: and a regular expression the whole digit string must match, e.g. re:(2|3)\\d{3}.")
    String[] excluded_numbers() default {};

    @AttributeDefinition(name = "After-call additions kept (hours)",
            description = "How long after an interaction's log reached the CRM the API still takes recording links, "
                    + "transcripts and summaries for it (POST .../interactions/{id}/additions); 0 takes none. At most "
                    + "the outbox's record reference retention.")
    int additions_retention_hours() default 72;

    @AttributeDefinition(name = "Demo only",
            description = "A demo tenant (the shipped 'demo', with its well-known key): live only when the server was started "
                    + "with bin/crm-connector --demo, refused otherwise.")
    boolean demo_only() default false;

    String webconsole_configurationFactory_nameHint() default "Tenant: {tenant.id}";
}

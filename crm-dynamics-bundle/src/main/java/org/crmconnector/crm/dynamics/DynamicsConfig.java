package org.crmconnector.crm.dynamics;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One Dynamics 365 / Dataverse environment connection. Secrets carry a
 * leading dot ({@code .client.secret}, {@code .client.certificate.key}) so
 * that Declarative Services keeps them out of the service properties.
 */
@ObjectClassDefinition(
        name = "crm-connector: Dynamics 365 adapter",
        description = "Connects tenants to a Dynamics 365 / Dataverse environment through its Web API: caller lookup "
                + "and screen pop, call logging as phone call activities, dispositions, "
                + "records for unknown callers, recordings, transcripts and summaries after the call. One configuration per environment.")
public @interface DynamicsConfig {

    @AttributeDefinition(name = "Instance name",
            description = "Unique name of this adapter instance; tenants refer to it as their CRM instance.")
    String crm_instance() default "dynamics";

    @AttributeDefinition(name = "Environment URL",
            description = "The environment's URL, e.g. https://contoso.crm.dynamics.com. Web API calls, the token "
                    + "scope ({url}/.default) and the pop URLs start here. Must be https (http only for localhost).")
    String environment_url();

    @AttributeDefinition(name = "Web API version", description = "vX.Y, e.g. v9.2.")
    String api_version() default "v9.2";

    @AttributeDefinition(name = "Directory (tenant) id",
            description = "The Microsoft Entra ID tenant of the app registration: its GUID or a verified domain.")
    String auth_tenant();

    @AttributeDefinition(name = "Authority",
            description = "Entra ID's login host; /{tenant}/oauth2/v2.0/token is appended. Another value only for "
                    + "national clouds (e.g. https://login.microsoftonline.us).")
    String auth_authority() default "https://login.microsoftonline.com";

    @AttributeDefinition(name = "Application (client) id", description = "The app registration's client id.")
    String client_id();

    @AttributeDefinition(name = "Client secret", type = AttributeType.PASSWORD,
            description = "A client secret of the app registration. Leave empty to log in with a certificate.")
    String _client_secret() default "";

    @AttributeDefinition(name = "Certificate",
            description = "With no client secret: the X.509 certificate (PEM) uploaded to the app registration.")
    String client_certificate() default "";

    @AttributeDefinition(name = "Certificate private key", type = AttributeType.PASSWORD,
            description = "With no client secret: the certificate's unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----).")
    String _client_certificate_key() default "";

    @AttributeDefinition(name = "Tables to search",
            description = "One line per table: 'table: phonecolumn, phonecolumn [WHERE odata-filter]'. Other than "
                    + "contact, account and lead: 'table/entityset/namecolumn: ...'.")
    String[] search_entities() default {
            "contact: telephone1, mobilephone, telephone2",
            "account: telephone1, telephone2",
            "lead: telephone1, mobilephone WHERE statecode eq 0" };

    @AttributeDefinition(name = "Maximum results", description = "At most this many records per lookup.")
    int search_limit() default 20;

    @AttributeDefinition(name = "Several matches", description = "What the agent gets when several records match.",
            options = {
                    @Option(label = "Offer the matches as Name / Related To options", value = "OFFER_OPTIONS"),
                    @Option(label = "Pop the search page of the unified interface", value = "SEARCH_PAGE") })
    String pop_manyMatches() default "OFFER_OPTIONS";

    @AttributeDefinition(name = "No match", description = "What the agent gets when no record matches.", options = {
            @Option(label = "Pop a new contact with the number in Business Phone", value = "NEW_CONTACT"),
            @Option(label = "Pop nothing", value = "NOTHING") })
    String pop_noMatch() default "NEW_CONTACT";

    @AttributeDefinition(name = "App id",
            description = "The model-driven app (its AppModuleId) pop URLs open in; empty: the user's default app.")
    String pop_appId() default "";

    @AttributeDefinition(name = "Pop target", description = "Browser target of popped pages: _blank, a window name, or request-tab.")
    String pop_target() default "_blank";

    @AttributeDefinition(name = "Interaction key column",
            description = "Text column of the phone call table (100 characters or more) that holds the interaction "
                    + "key; it must be an active alternate key, so that every delivery upserts the same activity.")
    String phonecall_keyColumn() default "new_crmconnectorkey";

    @AttributeDefinition(name = "Disposition column",
            description = "Text column of the phone call table for the disposition code; empty keeps it in the description only.")
    String phonecall_dispositionColumn() default "";

    @AttributeDefinition(name = "Set the call's party",
            description = "Bind the caller (the selected contact, lead or account) as the call's From (inbound) or To "
                    + "(outbound) activity party.")
    boolean phonecall_parties() default false;

    @AttributeDefinition(name = "Call owners: agent table", required = false,
            description = "One line per agent: 'agentId=<systemuser id (GUID)>' or 'agentId=user@example.com' (looked up "
                    + "as systemuser internalemailaddress). The phone call is assigned to that user (ownerid). Agents "
                    + "without a user keep the application user and are listed in the adapter's status.")
    String[] owner_map() default {};

    @AttributeDefinition(name = "Call owners: systemuser column holding agent ids", required = false,
            description = "For agents the table does not list: the systemuser column whose value is the softphone's "
                    + "agent id, e.g. internalemailaddress (agent ids are e-mail addresses), domainname or a custom "
                    + "column. Empty: no lookup.")
    String owner_lookupColumn() default "";

    @AttributeDefinition(name = "Call owners: cache (s)",
            description = "How long a looked-up user (or the answer that there is none) is reused; 0 asks for every log.")
    int owner_cacheTtl_seconds() default 3600;

    @AttributeDefinition(name = "Unknown callers: create", options = {
            @Option(label = "Create nothing", value = ""),
            @Option(label = "Create a contact", value = "contact"),
            @Option(label = "Create a lead", value = "lead") },
            description = "When the lookup finds no record for a caller's number (inbound calls), create one, pop it and "
                    + "make it the phone call's regarding record. At most one record per number: see the alternate key column.")
    String create_object() default "";

    @AttributeDefinition(name = "Unknown callers: columns",
            description = "Columns of the created record, one 'column=template' per line; a template is text with the "
                    + "interaction's variables in braces: {ani} (the caller's number), {callerNumber}, {callerName}, "
                    + "{dnis}, {tenantId}, {interactionId}, {agentId}, {topicName}, {skillName}, {language}, "
                    + "{attribute.NAME}. A column whose text comes out empty is not set.")
    String[] create_fields() default {
            "lastname=Unknown caller",
            "telephone1={ani}" };

    @AttributeDefinition(name = "Unknown callers: alternate key column",
            description = "Text column of the created table that holds the caller's digits and is the only column of an "
                    + "active alternate key. The record is created through that key, so overlapping calls from one number, "
                    + "even on different server nodes, lead to one record.")
    String create_alternateKey() default "new_crmconnectorphone";

    @AttributeDefinition(name = "After-call additions",
            description = "Where recordings, transcripts and summaries added after the call go on the log's phone call, "
                    + "one 'kind=column' (the column is set, e.g. recording=new_recordingurl) or 'kind=column+' (the text "
                    + "is appended under a marker with the addition's key, once however often it is delivered, e.g. "
                    + "summary=description+) per line; kinds: recording, transcript, summary. A kind not listed is refused.")
    String[] addition_fields() default {
            "recording=description+",
            "transcript=description+",
            "summary=description+" };

    @AttributeDefinition(name = "Logs per batch", description = "Waiting logs go out in $batch requests of up to this many (1 to 1000).")
    int batch_size() default 100;

    @AttributeDefinition(name = "Connect timeout (ms)",
            description = "How long to wait for a TCP/TLS connection before the call fails and is retried.")
    int timeout_connect_ms() default 5000;

    @AttributeDefinition(name = "Request timeout (ms)", description = "For logging, dispositions, searches and token requests.")
    int timeout_request_ms() default 20000;

    @AttributeDefinition(name = "Lookup timeout (ms)", description = "For the screen-pop lookup, on the agent's critical path.")
    int timeout_lookup_ms() default 3000;

    String webconsole_configurationFactory_nameHint() default "Dynamics 365: {crm.instance}";
}

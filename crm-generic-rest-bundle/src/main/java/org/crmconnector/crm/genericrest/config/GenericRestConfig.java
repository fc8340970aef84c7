package org.crmconnector.crm.genericrest.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One generic REST CRM connection. Attribute ids map from method names: "_"
 * becomes "." and a leading "_" makes the property private (".auth.password"),
 * which keeps secrets out of the service registry. See README.md for every
 * attribute with an example.
 */
@ObjectClassDefinition(
        name = "CRM connector: generic REST CRM",
        description = "Connects a CRM with an HTTP/JSON API from configuration alone: caller lookup, screen pop, "
                + "web requests on ringing and hang-up, and interaction logs with their dispositions. Templates use {variable} "
                + "references (e.g. {ani}, {interactionId}, {cav.NAME}); each value is encoded for where it goes. "
                + "An unknown variable, bad JSON or a bad URL is refused when you save.")
public @interface GenericRestConfig {

    @AttributeDefinition(name = "Instance name",
            description = "The name tenants use to pick this CRM connection (tenant attribute 'Adapter instance'). "
                    + "Letters, digits, '-' and '_'.")
    String crm_instance();

    @AttributeDefinition(name = "Base URL", required = false,
            description = "Optional. Prefixed to every URL template that starts with '/', "
                    + "e.g. https://api.hubapi.com so that 'Lookup URL' can be /crm/v3/objects/contacts/search.")
    String base_url() default "";

    // --- authentication

    @AttributeDefinition(name = "Authentication", description = "How requests prove who they are.", options = {
            @Option(label = "None (or a key inside the URL)", value = "none"),
            @Option(label = "Basic (user name and password)", value = "basic"),
            @Option(label = "Bearer token (a fixed token)", value = "bearer"),
            @Option(label = "API key in a header", value = "apikey"),
            @Option(label = "OAuth 2.0 token endpoint (token fetched, cached and renewed)", value = "oauth2")})
    String auth_type() default "none";

    @AttributeDefinition(name = "Basic: user name", required = false,
            description = "User name for HTTP basic authentication (auth.type basic).")
    String auth_username() default "";

    @AttributeDefinition(name = "Basic: password", type = AttributeType.PASSWORD, required = false,
            description = "Password for HTTP basic authentication. Stored hidden; never logged.")
    String _auth_password() default "";

    @AttributeDefinition(name = "Bearer: token", type = AttributeType.PASSWORD, required = false,
            description = "The fixed token, e.g. a HubSpot private app token.")
    String _auth_token() default "";

    @AttributeDefinition(name = "Bearer / OAuth 2.0: Authorization scheme", required = false,
            description = "The word before the token in the Authorization header: 'Bearer' for most CRMs, "
                    + "'Zoho-oauthtoken' for Zoho. Empty sends the token alone.")
    String auth_token_prefix() default "Bearer";

    @AttributeDefinition(name = "API key: header name", required = false,
            description = "Name of the header that carries the API key (auth.type apikey), e.g. X-API-Key.")
    String auth_apikey_header() default "X-API-Key";

    @AttributeDefinition(name = "API key: value", type = AttributeType.PASSWORD, required = false,
            description = "The API key sent in that header. Stored hidden; never logged.")
    String _auth_apikey_value() default "";

    @AttributeDefinition(name = "OAuth 2.0: token URL", required = false,
            description = "The token endpoint, e.g. https://accounts.zoho.eu/oauth/v2/token.")
    String auth_oauth2_token_url() default "";

    @AttributeDefinition(name = "OAuth 2.0: grant", options = {
            @Option(label = "Client credentials", value = "client_credentials"),
            @Option(label = "Refresh token", value = "refresh_token")},
            description = "Client credentials for server-to-server apps; refresh token when the CRM issues a long-lived refresh token (Zoho).")
    String auth_oauth2_grant() default "client_credentials";

    @AttributeDefinition(name = "OAuth 2.0: client id", required = false,
            description = "The OAuth 2.0 client id the CRM gave this app.")
    String auth_oauth2_client_id() default "";

    @AttributeDefinition(name = "OAuth 2.0: client secret", type = AttributeType.PASSWORD, required = false,
            description = "The OAuth 2.0 client secret. Stored hidden; never logged.")
    String _auth_oauth2_client_secret() default "";

    @AttributeDefinition(name = "OAuth 2.0: refresh token", type = AttributeType.PASSWORD, required = false,
            description = "Only for the refresh token grant.")
    String _auth_oauth2_refresh_token() default "";

    @AttributeDefinition(name = "OAuth 2.0: scope", required = false, description = "Space-separated; empty sends none.")
    String auth_oauth2_scope() default "";

    @AttributeDefinition(name = "OAuth 2.0: client authentication", options = {
            @Option(label = "Id and secret in the form body (client_secret_post)", value = "post"),
            @Option(label = "Id and secret as HTTP basic (client_secret_basic)", value = "basic")},
            description = "How the client id and secret reach the token endpoint: as form fields, or as HTTP basic authentication.")
    String auth_oauth2_client_auth() default "post";

    // --- HTTP behaviour

    @AttributeDefinition(name = "Connect timeout (ms)",
            description = "How long to wait for the CRM to accept a connection before the attempt counts as failed.")
    int http_connect_timeout_ms() default 5000;

    @AttributeDefinition(name = "Request timeout (ms)", description = "How long one try may take, answer included.")
    int http_request_timeout_ms() default 10000;

    @AttributeDefinition(name = "Attempts",
            description = "Tries per request in all (1 = no retry). Only 5xx, 429 and connection errors are retried; "
                    + "a log still failing is handed back to the delivery outbox, which retries it later.")
    int http_max_attempts() default 3;

    @AttributeDefinition(name = "First backoff (ms)", description = "Wait after the first failure; doubles after each further one.")
    int http_backoff_initial_ms() default 500;

    @AttributeDefinition(name = "Longest backoff (ms)",
            description = "Upper bound of the wait between retries within one delivery attempt.")
    int http_backoff_max_ms() default 5000;

    @AttributeDefinition(name = "Longest Retry-After waited for (ms)",
            description = "A CRM's Retry-After up to this long is waited for in place; a longer one is handed to the "
                    + "outbox, which retries the delivery after that time.")
    int http_retry_after_max_ms() default 30000;

    @AttributeDefinition(name = "Headers for every request", required = false,
            description = "One 'Name: value' per entry; values may use variables of the request they go with.")
    String[] http_headers() default {"Accept: application/json"};

    // --- lookup

    @AttributeDefinition(name = "Lookup: method", options = {@Option(label = "GET", value = "GET"), @Option(label = "POST", value = "POST")},
            description = "HTTP method of the caller lookup request.")
    String lookup_method() default "GET";

    @AttributeDefinition(name = "Lookup: URL", required = false,
            description = "Finds the caller, e.g. https://crm.example.com/api/contacts?phone={ani}. Values are URL-encoded. "
                    + "When every variable of the URL and body is empty (an anonymous caller) no lookup is made. "
                    + "Empty: no lookup, the 'no match' pop applies.")
    String lookup_url() default "";

    @AttributeDefinition(name = "Lookup: headers", required = false, description = "One 'Name: value' per entry.")
    String[] lookup_headers() default {};

    @AttributeDefinition(name = "Lookup: body", required = false,
            description = "For POST. JSON with variables inside strings, e.g. {\"query\":\"{ani}\"}; or a form body.")
    String lookup_body() default "";

    @AttributeDefinition(name = "Lookup: body type", options = {
            @Option(label = "JSON", value = "json"), @Option(label = "Form (application/x-www-form-urlencoded)", value = "form")},
            description = "How the lookup body template is encoded: JSON (values JSON-escaped) or form (values form-encoded).")
    String lookup_body_type() default "json";

    @AttributeDefinition(name = "Lookup: records pointer", required = false,
            description = "JSON Pointer (RFC 6901) to the list of records in the answer, e.g. /results or /data. "
                    + "Empty: the answer itself (a list, or one record). Missing in an answer: no match.")
    String lookup_records_pointer() default "";

    @AttributeDefinition(name = "Lookup: record id pointer", description = "JSON Pointer inside one record, e.g. /id.")
    String lookup_record_id_pointer() default "/id";

    @AttributeDefinition(name = "Lookup: record name pointer", required = false,
            description = "JSON Pointer to the name shown to the agent, e.g. /name or /properties/firstname.")
    String lookup_record_name_pointer() default "/name";

    @AttributeDefinition(name = "Lookup: record name template", required = false,
            description = "Builds the name from several fields; wins over the name pointer. The record's fields are "
                    + "{record.FIELD}, nested ones {record.a.b}: {record.properties.firstname} {record.properties.lastname}.")
    String lookup_record_name_template() default "";

    @AttributeDefinition(name = "Lookup: record type pointer", required = false,
            description = "JSON Pointer to the record type; empty or missing uses 'Lookup: record type'.")
    String lookup_record_type_pointer() default "";

    @AttributeDefinition(name = "Lookup: record type", description = "The record type when the answer does not say, e.g. Contact.")
    String lookup_record_type() default "Contact";

    @AttributeDefinition(name = "Lookup: record URL pointer", required = false,
            description = "JSON Pointer to a link to the record in the answer; wins over the record URL template.")
    String lookup_record_url_pointer() default "";

    @AttributeDefinition(name = "Lookup: record URL template", required = false,
            description = "Where a record opens, e.g. https://crm.example.com/contacts/{recordId}. "
                    + "Besides {recordId}, {recordName}, {recordType} it may use the record's own fields as {record.FIELD} "
                    + "(nested: {record.a.b}).")
    String lookup_record_url_template() default "";

    // --- free-text search

    @AttributeDefinition(name = "Search: method", options = {@Option(label = "GET", value = "GET"), @Option(label = "POST", value = "POST")},
            description = "HTTP method of the agent's free-text search request.")
    String search_method() default "GET";

    @AttributeDefinition(name = "Search: URL", required = false,
            description = "The agent's manual search; variables {searchText} and {limit}. Reads the answer with the "
                    + "lookup's pointers. Empty: search returns nothing.")
    String search_url() default "";

    @AttributeDefinition(name = "Search: headers", required = false, description = "One 'Name: value' per entry.")
    String[] search_headers() default {};

    @AttributeDefinition(name = "Search: body", required = false,
            description = "Body template of the search request (POST); variables {searchText} and {limit}.")
    String search_body() default "";

    @AttributeDefinition(name = "Search: body type", options = {
            @Option(label = "JSON", value = "json"), @Option(label = "Form", value = "form")},
            description = "How the search body template is encoded: JSON or form.")
    String search_body_type() default "json";

    // --- screen pop

    @AttributeDefinition(name = "Pop URL: one match", required = false,
            description = "{recordUrl} alone pops the record's URL as it is; any other template must start with "
                    + "https://host/ and its values are URL-encoded. Empty: no pop.")
    String pop_one_url() default "{recordUrl}";

    @AttributeDefinition(name = "Pop URL: several matches", required = false,
            description = "E.g. a search page https://crm.example.com/search?q={ani}. Empty: no pop; the matches are offered "
                    + "to the agent as Name options.")
    String pop_many_url() default "";

    @AttributeDefinition(name = "Pop URL: no match", required = false,
            description = "E.g. a new-contact form https://crm.example.com/contacts/new?phone={ani}. Empty: no pop.")
    String pop_none_url() default "";

    @AttributeDefinition(name = "Pop: visible", description = "Whether the URL is shown in a browser (seed 004 'Visible').")
    boolean pop_visible() default true;

    @AttributeDefinition(name = "Pop: target", description = "_blank, a window name, or request-tab (seed 004 'Target').")
    String pop_target() default "_blank";

    @AttributeDefinition(name = "Pop: title", required = false,
            description = "Title of the request-tab toggle; variables allowed, e.g. {recordName}.")
    String pop_title() default "{recordName}";

    // --- web requests on triggers

    @AttributeDefinition(name = "Web requests on triggers", required = false,
            description = "One JSON object per entry, sent in this order when its trigger fires: "
                    + "{\"trigger\":\"offered\",\"channel\":\"voice\",\"method\":\"POST\",\"url\":\"https://crm.example.com/hook?ani={ani}\","
                    + "\"headers\":{\"X-Agent\":\"{agentId}\"},\"json\":{\"event\":\"ringing\",\"caller\":\"{ani}\"}}. "
                    + "trigger: offered (ringing), accepted, ended (hang-up) or finished; channel: voice, chat, email, social "
                    + "or all (default). method: GET, POST, PUT, PATCH or DELETE (default GET). A body is 'json' (JSON with "
                    + "variables inside strings) or 'form' (a string like a={ani}&b={agentId}), or none. "
                    + "credentials: true or false, whether the CRM credentials go with the request; by default only to the "
                    + "host (and scheme and port) of base.url or of the lookup, search and log URLs.")
    String[] triggers() default {};

    // --- interaction log

    @AttributeDefinition(name = "Log: method", options = {@Option(label = "POST", value = "POST"), @Option(label = "PUT", value = "PUT"), @Option(label = "PATCH", value = "PATCH")},
            description = "HTTP method that creates the activity record at the end of an interaction.")
    String log_method() default "POST";

    @AttributeDefinition(name = "Log: URL", required = false,
            description = "Creates the activity record at the end of an interaction. Empty: logs are not written.")
    String log_url() default "";

    @AttributeDefinition(name = "Log: headers", required = false,
            description = "One 'Name: value' per entry; also used for the log update.")
    String[] log_headers() default {};

    @AttributeDefinition(name = "Log: body", required = false,
            description = "E.g. {\"subject\":\"{subject}\",\"notes\":\"{notes}\",\"seconds\":\"{durationSeconds}\",\"externalId\":\"{key}\"}.")
    String log_body() default "";

    @AttributeDefinition(name = "Log: body type", options = {
            @Option(label = "JSON", value = "json"), @Option(label = "Form", value = "form")},
            description = "How the log body template is encoded: JSON or form.")
    String log_body_type() default "json";

    @AttributeDefinition(name = "Log: created id pointer", required = false,
            description = "JSON Pointer to the created record's id in the answer, e.g. /id or /data/0/details/id. "
                    + "The id lets the wrap-up's update change the same record as {recordId}.")
    String log_id_pointer() default "/id";

    @AttributeDefinition(name = "Log: record type", description = "The type name of the created record, e.g. Call or Activity.")
    String log_record_type() default "Activity";

    @AttributeDefinition(name = "Log: record URL template", required = false,
            description = "Where the created record opens, e.g. https://crm.example.com/activities/{recordId}.")
    String log_record_url_template() default "";

    @AttributeDefinition(name = "Log update: method", options = {@Option(label = "PATCH", value = "PATCH"), @Option(label = "PUT", value = "PUT"), @Option(label = "POST", value = "POST")},
            description = "HTTP method that rewrites the activity record when the log is delivered again (its id is {recordId}).")
    String log_update_method() default "PATCH";

    @AttributeDefinition(name = "Log update: URL", required = false,
            description = "Rewrites a record written before, e.g. https://crm.example.com/activities/{recordId}. "
                    + "Empty: a log whose record exists already is not sent again.")
    String log_update_url() default "";

    @AttributeDefinition(name = "Log update: body", required = false, description = "Empty: the log body.")
    String log_update_body() default "";

    // --- activity owners

    @AttributeDefinition(name = "Owners: agent table", required = false,
            description = "One line per agent: 'agentId=crmUserId' or 'agentId=user@example.com' (looked up with the "
                    + "owner lookup request as {email}). The user id goes to the log templates as {ownerId}. Agents without "
                    + "a user leave {ownerId} empty (the CRM's default owner) and are listed in the adapter's status.")
    String[] owner_map() default {};

    @AttributeDefinition(name = "Owners: lookup method", options = {@Option(label = "GET", value = "GET"), @Option(label = "POST", value = "POST")},
            description = "HTTP method of the owner lookup request.")
    String owner_lookup_method() default "GET";

    @AttributeDefinition(name = "Owners: lookup URL", required = false,
            description = "Finds the CRM user of an agent, e.g. /crm/v3/owners/?email={email} (HubSpot). Variables: {email} "
                    + "(the table's address for the agent; for agents the table does not list, the agent id when it is an "
                    + "e-mail address) and {agentId}. Empty: only the table applies.")
    String owner_lookup_url() default "";

    @AttributeDefinition(name = "Owners: lookup headers", required = false, description = "One 'Name: value' per entry.")
    String[] owner_lookup_headers() default {};

    @AttributeDefinition(name = "Owners: lookup body", required = false,
            description = "For POST: JSON with {agentId} and {email} inside strings, or a form body.")
    String owner_lookup_body() default "";

    @AttributeDefinition(name = "Owners: lookup body type", options = {
            @Option(label = "JSON", value = "json"), @Option(label = "Form", value = "form")},
            description = "How the owner lookup body template is encoded: JSON or form.")
    String owner_lookup_body_type() default "json";

    @AttributeDefinition(name = "Owners: user id pointer",
            description = "JSON Pointer to the user id in the lookup's answer, e.g. /results/0/id (HubSpot). Missing: "
                    + "the agent has no user.")
    String owner_lookup_id_pointer() default "/id";

    @AttributeDefinition(name = "Owners: cache (s)",
            description = "How long a looked-up user (or the answer that there is none) is reused; 0 asks for every log.")
    int owner_cacheTtl_seconds() default 3600;

    // --- records for unknown callers

    @AttributeDefinition(name = "Unknown callers: create method", options = {@Option(label = "POST", value = "POST"), @Option(label = "PUT", value = "PUT")},
            description = "HTTP method of the request that creates a record for an unknown caller.")
    String create_method() default "POST";

    @AttributeDefinition(name = "Unknown callers: create URL", required = false,
            description = "When the lookup finds nobody for an inbound call, this request creates a contact, e.g. "
                    + "/crm/v3/objects/contacts; the record is popped (the one-match pop) and becomes the log's Name "
                    + "({nameId}). One record per number within this instance, however many calls overlap. Empty: no "
                    + "record is created.")
    String create_url() default "";

    @AttributeDefinition(name = "Unknown callers: create headers", required = false, description = "One 'Name: value' per entry.")
    String[] create_headers() default {};

    @AttributeDefinition(name = "Unknown callers: create body", required = false,
            description = "E.g. {\"properties\":{\"phone\":\"{ani}\",\"lastname\":\"Unknown caller\"}}; the interaction's variables.")
    String create_body() default "";

    @AttributeDefinition(name = "Unknown callers: create body type", options = {
            @Option(label = "JSON", value = "json"), @Option(label = "Form", value = "form")},
            description = "How the create body template is encoded: JSON or form.")
    String create_body_type() default "json";

    @AttributeDefinition(name = "Unknown callers: created record pointer", required = false,
            description = "JSON Pointer to the created record in the answer; empty: the answer itself. The record is "
                    + "read with the lookup's id, name, type and URL settings.")
    String create_record_pointer() default "";

    // --- after-call additions

    @AttributeDefinition(name = "Additions: method", options = {@Option(label = "PATCH", value = "PATCH"), @Option(label = "PUT", value = "PUT"), @Option(label = "POST", value = "POST")},
            description = "HTTP method of the request that adds a recording, transcript or summary to the log's record.")
    String attachment_method() default "PATCH";

    @AttributeDefinition(name = "Additions: URL", required = false,
            description = "Adds an after-call addition to the record the log wrote, e.g. /crm/v3/objects/calls/{recordId}. "
                    + "Variables: {recordId}, {recordType}, {additionKind} (recording, transcript, summary), {additionUrl}, "
                    + "{additionText}, {additionKey} (unique per addition: send it where the CRM can deduplicate, as "
                    + "deliveries may repeat), {interactionId}, {legId}, {tenantId}. Empty: additions are refused.")
    String attachment_url() default "";

    @AttributeDefinition(name = "Additions: headers", required = false, description = "One 'Name: value' per entry.")
    String[] attachment_headers() default {};

    @AttributeDefinition(name = "Additions: body", required = false,
            description = "E.g. {\"properties\":{\"hs_call_recording_url\":\"{additionUrl}\"}}.")
    String attachment_body() default "";

    @AttributeDefinition(name = "Additions: body type", options = {
            @Option(label = "JSON", value = "json"), @Option(label = "Form", value = "form")},
            description = "How the additions body template is encoded: JSON or form.")
    String attachment_body_type() default "json";

    @AttributeDefinition(name = "Additions: kinds",
            description = "The kinds the request takes: recording, transcript, summary. Others are refused.")
    String[] attachment_kinds() default {"recording", "transcript", "summary"};

    // labels each instance in the Felix Web Console, as Sling does for its queues
    String webconsole_configurationFactory_nameHint() default "Generic REST: {crm.instance}";
}

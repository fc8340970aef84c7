package org.crmconnector.crm.salesforce;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One Salesforce org connection. Secrets carry a leading dot
 * ({@code .client.secret}, {@code .jwt.privateKey}) so that Declarative
 * Services keeps them out of the service properties anyone can list.
 */
@ObjectClassDefinition(
        name = "crm-connector: Salesforce adapter",
        description = "Connects tenants to a Salesforce org through its REST API: caller lookup and screen pop, "
                + "call logging as Tasks, dispositions. One configuration per org connection.")
public @interface SalesforceConfig {

    @AttributeDefinition(name = "Instance name",
            description = "Unique name of this adapter instance; tenants refer to it as their CRM instance.")
    String crm_instance() default "salesforce";

    @AttributeDefinition(name = "Instance URL",
            description = "The org's My Domain URL, e.g. https://acme.my.salesforce.com. "
                    + "REST calls and Lightning pop URLs start here. Must be https (http only for localhost).")
    String instance_url();

    @AttributeDefinition(name = "Login URL",
            description = "Where tokens are requested (/services/oauth2/token is appended). Empty: the instance URL, "
                    + "which the client-credentials flow requires. For the JWT flow https://login.salesforce.com "
                    + "or https://test.salesforce.com also work.")
    String login_url() default "";

    @AttributeDefinition(name = "API version", description = "REST API version, vNN.N; v59.0 or later.")
    String api_version() default "v62.0";

    @AttributeDefinition(name = "OAuth flow", description = "How the adapter logs in.", options = {
            @Option(label = "Client credentials (consumer key + secret, Run-As user)", value = "client_credentials"),
            @Option(label = "JWT bearer (consumer key + certificate, named user)", value = "jwt_bearer") })
    String auth_flow() default "client_credentials";

    @AttributeDefinition(name = "Consumer key", description = "The connected app's consumer key (client id).")
    String client_id();

    @AttributeDefinition(name = "Consumer secret", type = AttributeType.PASSWORD,
            description = "The connected app's consumer secret; client-credentials flow only.")
    String _client_secret() default "";

    @AttributeDefinition(name = "JWT username",
            description = "Salesforce username the JWT bearer flow acts as (claim sub); pre-authorised for the app.")
    String jwt_username() default "";

    @AttributeDefinition(name = "JWT private key", type = AttributeType.PASSWORD,
            description = "Unencrypted PKCS#8 PEM (-----BEGIN PRIVATE KEY-----) matching the certificate uploaded "
                    + "to the connected app; JWT bearer flow only.")
    String _jwt_privateKey() default "";

    @AttributeDefinition(name = "JWT audience",
            description = "Claim aud: https://login.salesforce.com, https://test.salesforce.com for sandboxes, "
                    + "or an Experience Cloud site URL.")
    String jwt_audience() default "https://login.salesforce.com";

    @AttributeDefinition(name = "Objects to search",
            description = "One line per object: 'Object: PhoneField, PhoneField [WHERE condition]'. The caller's "
                    + "number is searched in all phone fields and must equal one of the listed ones.")
    String[] search_objects() default {
            "Contact: Phone, MobilePhone, HomePhone, OtherPhone, AssistantPhone",
            "Account: Phone",
            "Lead: Phone, MobilePhone WHERE IsConverted = false" };

    @AttributeDefinition(name = "Maximum results", description = "At most this many records per lookup.")
    int search_limit() default 20;

    @AttributeDefinition(name = "Several matches", description = "What the agent gets when several records match.",
            options = {
                    @Option(label = "Pop the Salesforce search page", value = "SEARCH_PAGE"),
                    @Option(label = "Offer the matches as Name / Related To options", value = "OFFER_OPTIONS") })
    String pop_manyMatches() default "SEARCH_PAGE";

    @AttributeDefinition(name = "No match", description = "What the agent gets when no record matches.", options = {
            @Option(label = "Pop a new Contact pre-filled with the number", value = "NEW_CONTACT"),
            @Option(label = "Pop nothing", value = "NOTHING") })
    String pop_noMatch() default "NEW_CONTACT";

    @AttributeDefinition(name = "Search page path",
            description = "Path of the search page popped for several matches; {term} is replaced by the URL-encoded number.")
    String pop_searchPath() default "/lightning/search?searchInput={term}";

    @AttributeDefinition(name = "Pop target", description = "Browser target of popped pages: _blank, a window name, or request-tab.")
    String pop_target() default "_blank";

    @AttributeDefinition(name = "Task field mapping",
            description = "One line per Task field: 'TaskField=value' or 'TaskField=value|maxLength'. Values: subject, "
                    + "taskSubtype, callType, durationSeconds, dispositionCode, ucid, description (notes + digest of the "
                    + "rest), status, activityDate (UTC date of the start), whoId, whatId, any interaction field name "
                    + "(e.g. topicName, skillName, agentId), attribute.X, custom.X, engagement.X, softphone.X, "
                    + "cav.group.name, or 'literal text'.")
    String[] task_fieldMapping() default {
            "Subject=subject",
            "TaskSubtype=taskSubtype",
            "CallType=callType",
            "CallDurationInSeconds=durationSeconds",
            "CallDisposition=dispositionCode",
            "CallObject=ucid",
            "Description=description",
            "Status=status",
            "ActivityDate=activityDate",
            "WhoId=whoId",
            "WhatId=whatId" };

    @AttributeDefinition(name = "External id field",
            description = "Custom Activity field (Text, Unique, External ID) the Task is upserted on, so a "
                    + "repeated delivery never creates a second Task.")
    String task_externalIdField() default "CrmConnector_Key__c";

    @AttributeDefinition(name = "Task status", description = "Status of logged Tasks; a closed value of the org's picklist.")
    String task_status() default "Completed";

    @AttributeDefinition(name = "Tasks for transfers and conferences",
            description = "When a call passes through several agents: a Task for each agent's leg, or one Task for the "
                    + "whole interaction.", options = {
            @Option(label = "One Task per agent leg", value = "PER_LEG"),
            @Option(label = "One Task per interaction (later legs rewrite it)", value = "PER_INTERACTION") })
    String task_granularity() default "PER_LEG";

    @AttributeDefinition(name = "Task owners: agent table", required = false,
            description = "One line per agent: 'agentId=005...' (the Salesforce User id) or 'agentId=user@example.com' "
                    + "(the User's e-mail, looked up as User.Email). Tasks of listed agents are assigned to that user "
                    + "(OwnerId), as are the Leads or Contacts made for their unknown callers once the user is known. "
                    + "Agents without a user stay with the integration user and are listed in the adapter's status.")
    String[] owner_map() default {};

    @AttributeDefinition(name = "Task owners: User field holding agent ids", required = false,
            description = "For agents the table does not list: the User field whose value is the softphone's agent id, "
                    + "e.g. FederationIdentifier, Email (when agent ids are e-mail addresses) or a custom field such as "
                    + "Agent_Id__c. Looked up among active users with one SOQL query per agent. Empty: no lookup.")
    String owner_lookupField() default "";

    @AttributeDefinition(name = "Task owners: cache (s)",
            description = "How long a looked-up user (or the answer that there is none) is reused; a user created or "
                    + "deactivated in Salesforce counts from then on. 0 asks Salesforce for every log.")
    int owner_cacheTtl_seconds() default 3600;

    @AttributeDefinition(name = "Unknown callers: create", options = {
            @Option(label = "Create nothing", value = ""),
            @Option(label = "Create a Lead", value = "Lead"),
            @Option(label = "Create a Contact", value = "Contact") },
            description = "When the lookup finds no record for a caller's number (inbound calls), create one, pop it and "
                    + "link the call's Task to it (WhoId). At most one record per number: see the external id field.")
    String create_object() default "";

    @AttributeDefinition(name = "Unknown callers: fields",
            description = "Fields of the created record, one 'Field=value' per line with the values of the Task field "
                    + "mapping: ani (the caller's number), callerName, dnis, agentId, topicName, 'literal text', ... A Lead "
                    + "needs LastName and Company, a Contact LastName.")
    String[] create_fields() default {
            "LastName='Unknown caller'",
            "Company='Unknown'",
            "Phone=ani",
            "LeadSource='Phone Inquiry'" };

    @AttributeDefinition(name = "Unknown callers: external id field",
            description = "Custom field on the created object (Text, External ID, Unique) that holds the caller's "
                    + "digits. Salesforce refuses a second record with the same value, so overlapping calls from one "
                    + "number, even on different server nodes, lead to one record.")
    String create_externalIdField() default "CrmConnector_Phone__c";

    @AttributeDefinition(name = "After-call additions",
            description = "Where recordings, transcripts and summaries added after the call go on the log's Task, one "
                    + "'kind=TaskField' (the field is set, e.g. recording=Recording_URL__c) or 'kind=TaskField+' (the text "
                    + "is appended under a heading with the addition's key, e.g. summary=Description+) per line; kinds: "
                    + "recording, transcript, summary. A kind not listed is refused.")
    String[] addition_fields() default {
            "recording=Description+",
            "transcript=Description+",
            "summary=Description+" };

    @AttributeDefinition(name = "Connect timeout (ms)",
            description = "How long to wait for a TCP/TLS connection to Salesforce before the call fails and is retried.")
    int timeout_connect_ms() default 5000;

    @AttributeDefinition(name = "Request timeout (ms)", description = "For logging, dispositions and manual searches.")
    int timeout_request_ms() default 20000;

    @AttributeDefinition(name = "Lookup timeout (ms)", description = "For the screen-pop lookup, on the agent's critical path.")
    int timeout_lookup_ms() default 3000;

    @AttributeDefinition(name = "Lookup cache (s)",
            description = "How long a number-to-record answer is reused; 0 disables the cache.")
    int lookup_cacheTtl_seconds() default 60;

    @AttributeDefinition(name = "API usage threshold (%)",
            description = "From this share of the org's daily API allocation on (Sforce-Limit-Info), logging slows "
                    + "down to one request per back-off interval. Screen pops are never held back.")
    int limit_threshold_percent() default 90;

    @AttributeDefinition(name = "API limit back-off (s)",
            description = "How long logging waits near or at the daily allocation before trying again.")
    int limit_backoff_seconds() default 300;

    String webconsole_configurationFactory_nameHint() default "Salesforce: {crm.instance}";
}

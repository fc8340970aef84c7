package org.crmconnector.crm.genericrest.config;

import java.time.Duration;
import java.util.List;

import org.crmconnector.crm.genericrest.http.RetryPolicy;
import org.crmconnector.crm.genericrest.lookup.RecordReader;
import org.crmconnector.crm.genericrest.lookup.ScreenPopRule;

/**
 * A checked configuration: every template parsed, every pointer compiled,
 * every URL verified. Immutable, so a running request keeps the settings it
 * started with when the configuration changes.
 *
 * @param lookup      null when there is no lookup
 * @param search      null when there is no free-text search
 * @param owners      the agent-to-user table and lookup
 * @param callers     null when unknown callers get no record
 * @param attachments null when after-call additions are refused
 */
public record ConnectorSettings(
        String instance,
        AuthSettings auth,
        Duration connectTimeout,
        Duration requestTimeout,
        RetryPolicy retryPolicy,
        RequestTemplate lookup,
        RequestTemplate search,
        RecordReader records,
        ScreenPopRule pop,
        List<TriggerRequest> triggers,
        LogTemplates log,
        OwnerSettings owners,
        CallerCreation callers,
        AttachmentTemplate attachments) {
}

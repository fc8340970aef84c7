package org.crmconnector.crm.genericrest.config;

import org.crmconnector.crm.genericrest.lookup.RecordReader;

/** The request that creates a record for an unknown caller, and how its answer is read. */
public record CallerCreation(RequestTemplate request, RecordReader reader) {
}

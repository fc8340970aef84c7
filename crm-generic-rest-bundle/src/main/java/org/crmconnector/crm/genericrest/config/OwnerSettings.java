package org.crmconnector.crm.genericrest.config;

import java.time.Duration;

import org.crmconnector.crm.support.owner.OwnerTable;

import com.fasterxml.jackson.core.JsonPointer;

/**
 * Who owns an agent's activities: the table, and the request that looks a
 * user up in the CRM.
 *
 * @param lookup    null when only the table applies
 * @param idPointer where the user id is in the lookup's answer
 */
public record OwnerSettings(OwnerTable table, RequestTemplate lookup, JsonPointer idPointer, Duration cacheTtl) {
}

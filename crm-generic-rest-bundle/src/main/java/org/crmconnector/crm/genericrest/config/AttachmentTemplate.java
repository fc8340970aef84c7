package org.crmconnector.crm.genericrest.config;

import java.util.Set;

import org.crmconnector.crm.InteractionAddition.Kind;

/** The request that adds an after-call addition to a log's record, and the kinds it takes. */
public record AttachmentTemplate(RequestTemplate request, Set<Kind> kinds) {
}

/**
 * The CRM connector service interface. An adapter bundle registers one
 * {@link org.crmconnector.crm.CrmConnector} service per configured adapter
 * instance; the engine routes each tenant's work to the instance the tenant
 * names. Adapters are written against this package and
 * {@code org.crmconnector.interaction} alone.
 */
@Export
@Version("1.1.0")
package org.crmconnector.crm;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * The storage SPI of the engine: where interactions and outbox items are
 * kept durably. The core registers embedded implementations (one node, a
 * file of its own); crm-store-postgresql-bundle registers implementations on
 * a PostgreSQL database that several nodes share. Each store service carries
 * a {@code store.kind} property, and one configuration
 * ({@code org.crmconnector.store}) selects the kind the node uses.
 * <p>
 * Stores are implemented by store bundles and used by the core only, so the
 * interfaces are provider types: a new method is a minor version.
 */
@Export
@Version("1.2.0")
package org.crmconnector.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

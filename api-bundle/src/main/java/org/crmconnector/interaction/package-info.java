/**
 * The interaction model (seeds 001 and 003): what the connector knows about a
 * call, chat, email or social interaction through its lifecycle. Plain data
 * classes; the engine owns the live state and hands adapters snapshots.
 */
@Export
@Version("1.1.0")
package org.crmconnector.interaction;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * The softphone contract (seed 002): the seven events a softphone sends to the
 * connector and the four callback events the connector sends back. Field names
 * are the seed's, so JSON bodies map onto these classes one to one.
 */
@Export
@Version("1.0.0")
package org.crmconnector.softphone;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

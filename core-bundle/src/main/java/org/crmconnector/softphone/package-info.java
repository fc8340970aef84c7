/**
 * The softphone contract (seed 002): the seven events a softphone sends to the
 * connector and the four callback events the connector sends back. Field names
 * are the seed's, so JSON bodies map onto these classes one to one.
 * <p>
 * Private to the core: softphones speak it as JSON over HTTP, and no other
 * bundle uses these classes, so it is not exported.
 */
package org.crmconnector.softphone;

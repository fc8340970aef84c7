package org.crmconnector.softphone;

/** Payload of the {@code partner_config} callback: lets the agent dial out independently. */
public class PartnerConfig {
    public String partnerId;
    public String businessSegmentId;
    public String channelOriginId;
}

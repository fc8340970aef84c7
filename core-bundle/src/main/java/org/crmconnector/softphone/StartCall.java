package org.crmconnector.softphone;

/** Payload of the {@code start_call} callback: asks the softphone to start an outbound call. */
public class StartCall extends PartnerConfig {
    public String dialTo;
    public String dialFrom;
    /** {@code Traveler}, {@code Supplier} or {@code Agent}. */
    public String participantType;
}

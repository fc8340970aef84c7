package org.crmconnector.softphone;

/** Payload of the {@code update_presence} callback: asks the softphone to change presence. */
public class UpdatePresence {
    public String softphoneId;
}

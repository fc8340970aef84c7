package org.crmconnector.interaction;

/** The media of an interaction. Seed 001's "Messaging" maps to {@link #SOCIAL}. */
public enum Channel {
    VOICE, CHAT, EMAIL, SOCIAL
}

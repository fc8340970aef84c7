package org.crmconnector.interaction;

/** Seed 001: how the interaction reached the agent: Called, Transferred, Conferenced. */
public enum InteractionType {
    CALLED, TRANSFERRED, CONFERENCED
}

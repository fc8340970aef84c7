package org.crmconnector.interaction;

/** Seed 001: Inbound, Outbound or Internal. */
public enum Direction {
    INBOUND, OUTBOUND, INTERNAL
}

package org.drover.runner.api.driver;

/** A driver's health, with Nomad's three states. */
public enum Health {
    /** The driver found nothing to drive on this node (e.g. no container engine). */
    UNDETECTED,
    /** The driver is present but cannot run tasks now; the fingerprint says why. */
    UNHEALTHY,
    /** The driver can run tasks. */
    HEALTHY
}

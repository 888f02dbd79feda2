package org.drover.driver.docker;

/**
 * The labels Drover puts on its containers. Only containers carrying this
 * node's {@link #NODE} label are ever removed by the dangling-container sweep;
 * containers anyone else made are never touched.
 */
final class Labels {
    static final String PREFIX = "org.drover.";
    static final String NODE = PREFIX + "node";
    static final String ALLOC = PREFIX + "alloc_id";
    static final String JOB = PREFIX + "job";
    static final String TASK = PREFIX + "task";
    static final String RUN = PREFIX + "run_id";
    /** On an allocation's pause container, which holds the network namespace its tasks join. */
    static final String INFRA = PREFIX + "infra";

    private Labels() {
    }
}

package org.drover.runner.core.exec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link StartGate} per driver, each with the node's cap: a driver whose starts hang holds its
 * own slots until their call timeouts, and another driver's tasks start meanwhile.
 */
public final class StartGates {

    private final int limit;
    private final Map<String, StartGate> gates = new ConcurrentHashMap<>();

    /** @param limit starts in flight at once per driver; 0 or less for no cap */
    public StartGates(int limit) {
        this.limit = limit;
    }

    public static StartGates unlimited() {
        return new StartGates(0);
    }

    public StartGate of(String driver) {
        return gates.computeIfAbsent(driver, d -> new StartGate(limit));
    }
}

package org.drover.runner.core.placement;

import java.util.Optional;

/** Go's {@code strconv.ParseBool}: what Nomad reads a driver attribute and distinct_hosts' value with. */
final class GoBool {

    private GoBool() {
    }

    static Optional<Boolean> parse(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
            case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}

package org.drover.jobspec.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.drover.jobspec.Problem;
import org.drover.runner.api.model.GoDuration;

/** The problems found so far, in the order found. */
final class Problems {

    private final List<Problem> found = new ArrayList<>();

    void add(String path, String message) {
        found.add(new Problem(path, message));
    }

    List<Problem> list() {
        return List.copyOf(found);
    }

    /** A duration as Go's {@code %v} prints it, for Nomad's messages. */
    static String go(Duration d) {
        return GoDuration.format(d);
    }

    /** A Go {@code %q} of a string: quoted, with quotes, backslashes and control characters escaped. */
    static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}

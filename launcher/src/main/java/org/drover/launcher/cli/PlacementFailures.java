package org.drover.launcher.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An evaluation's placement failures in the words of Nomad's CLI: the monitor's lines after
 * {@code job run}, and the {@code Placement Failure} section of {@code job status}. Groups and
 * reasons in sorted order, where Nomad's follow its map's.
 */
final class PlacementFailures {

    private PlacementFailures() {
    }

    /** Whether the evaluation (Nomad's JSON) failed to place anything. */
    static boolean any(JsonNode eval) {
        return eval.path("FailedTGAllocs").isObject() && !eval.path("FailedTGAllocs").isEmpty();
    }

    /** What Nomad's monitor prints once an evaluation with failures finishes. */
    static void monitor(PrintWriter out, JsonNode eval) {
        out.printf("==> Evaluation %s finished with status %s but failed to place all allocations:%n",
                quote(Table.shortId(eval.path("ID").asText())), quote(eval.path("Status").asText()));
        groups(eval).forEach((group, metric) -> {
            int failed = metric.path("CoalescedFailures").asInt() + 1;
            out.printf("    Task Group %s (failed to place %d %s):%n", quote(group), failed,
                    failed > 1 ? "allocations" : "allocation");
            metric(metric, "  ").forEach(line -> out.println("    " + line));
        });
        String blocked = eval.path("BlockedEval").asText("");
        if (!blocked.isEmpty()) {
            out.printf("    Evaluation %s waiting for additional capacity to place remainder%n",
                    quote(Table.shortId(blocked)));
        }
    }

    /** {@code job status}'s section for the latest evaluation with failures. */
    static void section(PrintWriter out, JsonNode eval) {
        out.println();
        out.println("Placement Failure");
        List<Map.Entry<String, JsonNode>> groups = new ArrayList<>(groups(eval).entrySet());
        for (int i = 0; i < groups.size(); i++) {
            out.printf("Task Group %s:%n", quote(groups.get(i).getKey()));
            metric(groups.get(i).getValue(), "  ").forEach(out::println);
            if (i != groups.size() - 1) {
                out.println();
            }
        }
    }

    private static Map<String, JsonNode> groups(JsonNode eval) {
        Map<String, JsonNode> groups = new TreeMap<>();
        eval.path("FailedTGAllocs").fields().forEachRemaining(e -> groups.put(e.getKey(), e.getValue()));
        return groups;
    }

    /** One AllocMetric as Nomad's CLI lists it, in its order. */
    static List<String> metric(JsonNode m, String prefix) {
        List<String> lines = new ArrayList<>();
        if (m.path("NodesEvaluated").asInt() == 0) {
            lines.add(prefix + "* No nodes were eligible for evaluation");
        }
        counts(m.path("NodesAvailable")).forEach((dc, n) -> {
            if (n == 0) {
                lines.add(prefix + "* No nodes are available in datacenter " + quote(dc));
            }
        });
        counts(m.path("ClassFiltered")).forEach((c, n) -> lines.add(prefix + "* Class " + quote(c) + ": " + n
                + " nodes excluded by filter"));
        counts(m.path("ConstraintFiltered")).forEach((c, n) -> lines.add(prefix + "* Constraint " + quote(c) + ": "
                + n + " nodes excluded by filter"));
        if (m.path("NodesExhausted").asInt() > 0) {
            lines.add(prefix + "* Resources exhausted on " + m.path("NodesExhausted").asInt() + " nodes");
        }
        counts(m.path("ClassExhausted")).forEach((c, n) -> lines.add(prefix + "* Class " + quote(c) + " exhausted on "
                + n + " nodes"));
        counts(m.path("DimensionExhausted")).forEach((d, n) -> lines.add(prefix + "* Dimension " + quote(d)
                + " exhausted on " + n + " nodes"));
        m.path("QuotaExhausted").forEach(q -> lines.add(prefix + "* Quota limit hit " + quote(q.asText())));
        return lines;
    }

    private static Map<String, Integer> counts(JsonNode map) {
        Map<String, Integer> out = new TreeMap<>();
        map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asInt()));
        return out;
    }

    /** Go's {@code %q} for the text Nomad quotes: a backslash, a quote and control characters escaped. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

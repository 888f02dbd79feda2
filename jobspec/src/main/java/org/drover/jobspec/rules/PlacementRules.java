package org.drover.jobspec.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Constraints, affinities and spreads at each level ({@code Constraint}, {@code Affinity}, {@code Spread}). */
final class PlacementRules {

    private static final Set<String> COMPARISONS = Set.of("=", "==", "is", "!=", "not", "<", "<=", ">", ">=");
    private static final Set<String> SET_CONTAINS = Set.of("set_contains", "set_contains_all", "set_contains_any");
    private static final List<String> EXACT_TARGETS = List.of("${node.unique.id}", "${node.datacenter}",
            "${node.unique.name}", "${node.class}", "${node.pool}");
    private static final List<String> TARGET_PREFIXES = List.of("${attr.", "${device.", "${meta.");

    private PlacementRules() {
    }

    /** A job's or group's constraints, affinities and spreads. */
    static void check(Obj o, JobContext ctx, Problems p) {
        o.list("Constraints").forEach(c -> constraint(c, p));
        affinities(o, ctx, p);
        if (ctx.system()) {
            if (o.nonEmpty("Spreads")) {
                p.add(o.at("Spreads"), "System jobs may not have a spread block");
            }
        } else {
            o.list("Spreads").forEach(s -> spread(s, p));
        }
    }

    /** A task's constraints and affinities; distinct_* constraints belong to groups and jobs. */
    static void task(Obj t, JobContext ctx, Problems p) {
        List<Obj> constraints = t.list("Constraints");
        for (int i = 0; i < constraints.size(); i++) {
            Obj c = constraints.get(i);
            constraint(c, p);
            String operand = c.str("Operand", "");
            if (operand.equals("distinct_hosts") || operand.equals("distinct_property")) {
                p.add(c.at("Operand"), "Constraint " + (i + 1) + " has disallowed Operand at task level: " + operand);
            }
        }
        affinities(t, ctx, p);
    }

    private static void affinities(Obj o, JobContext ctx, Problems p) {
        if (ctx.system()) {
            if (o.nonEmpty("Affinities")) {
                p.add(o.at("Affinities"), "System jobs may not have an affinity block");
            }
        } else {
            o.list("Affinities").forEach(a -> affinity(a, p));
        }
    }

    static void constraint(Obj c, Problems p) {
        String operand = c.str("Operand", "");
        String r = c.str("RTarget", "");
        String at = c.at("RTarget");
        if (operand.isEmpty()) {
            p.add(c.at("Operand"), "Missing constraint operand");
        }
        boolean needsLeft = true;
        switch (operand) {
            case "distinct_hosts" -> needsLeft = false;
            case "set_contains", "set_contains_all", "set_contains_any" -> {
                if (r.isEmpty()) {
                    p.add(at, "Set contains constraint requires an RTarget");
                }
            }
            case "regexp" -> regexp(r, at, p);
            case "version" -> version(r, false, "Version constraint is invalid: ", at, p);
            case "semver" -> version(r, true, "Semver constraint is invalid: ", at, p);
            case "distinct_property" -> distinctCount(r, at, p);
            case "is_set", "is_not_set" -> {
                if (!r.isEmpty()) {
                    p.add(at, "Operator " + Problems.q(operand) + " does not support an RTarget");
                }
            }
            default -> {
                if (!COMPARISONS.contains(operand)) {
                    p.add(c.at("Operand"), "Unknown constraint type " + Problems.q(operand));
                } else if (r.isEmpty()) {
                    p.add(at, "Operator " + Problems.q(operand) + " requires an RTarget");
                }
            }
        }
        String left = c.str("LTarget", "");
        if (needsLeft && left.isEmpty()) {
            p.add(c.at("LTarget"), "no attribute provided but is required by operator");
        } else if (needsLeft) {
            String why = attribute(left);
            if (why != null) {
                p.add(c.at("LTarget"), why);
            }
        }
    }

    private static void distinctCount(String r, String at, Problems p) {
        if (r.isEmpty()) {
            return;
        }
        if (!r.matches("\\d{1,20}") || new java.math.BigInteger(r).bitLength() > 64) {
            String why = r.matches("\\d+") ? "value out of range" : "invalid syntax";
            p.add(at, "Failed to convert RTarget " + Problems.q(r) + " to uint64: strconv.ParseUint: parsing "
                    + Problems.q(r) + ": " + why);
        } else if (new java.math.BigInteger(r).signum() == 0) {
            p.add(at, "Distinct Property must have an allowed count of 1 or greater: 0 < 1");
        }
    }

    /** Why a constraint's attribute cannot be resolved on a node, or null. */
    private static String attribute(String target) {
        if (!target.startsWith("$")) {
            return null;
        }
        if (!target.startsWith("${")) {
            return "attribute " + Problems.q(target) + " is missing an opening brace";
        }
        if (!target.endsWith("}")) {
            return "attribute " + Problems.q(target) + " is missing a closing brace";
        }
        if (EXACT_TARGETS.contains(target) || TARGET_PREFIXES.stream().anyMatch(target::startsWith)) {
            return null;
        }
        return "unsupported attribute " + Problems.q(target);
    }

    static void affinity(Obj a, Problems p) {
        String operand = a.str("Operand", "");
        String r = a.str("RTarget", "");
        String at = a.at("RTarget");
        if (operand.isEmpty()) {
            p.add(a.at("Operand"), "Missing affinity operand");
        }
        if (SET_CONTAINS.contains(operand)) {
            if (r.isEmpty()) {
                p.add(at, "Set contains operators require an RTarget");
            }
        } else if (operand.equals("regexp")) {
            regexp(r, at, p);
        } else if (operand.equals("version")) {
            version(r, false, "Version affinity is invalid: ", at, p);
        } else if (operand.equals("semver")) {
            version(r, true, "Semver affinity is invalid: ", at, p);
        } else if (!COMPARISONS.contains(operand)) {
            p.add(a.at("Operand"), "Unknown affinity operator " + Problems.q(operand));
        } else if (r.isEmpty()) {
            p.add(at, "Operator " + Problems.q(operand) + " requires an RTarget");
        }
        if (a.str("LTarget", "").isEmpty()) {
            p.add(a.at("LTarget"), "No LTarget provided but is required");
        }
        long weight = a.integer("Weight", 50);
        if (weight == 0) {
            p.add(a.at("Weight"), "Affinity weight cannot be zero");
        }
        if (weight > 100 || weight < -100) {
            p.add(a.at("Weight"), "Affinity weight must be within the range [-100,100]");
        }
    }

    static void spread(Obj s, Problems p) {
        if (s.str("Attribute", "").isEmpty()) {
            p.add(s.at("Attribute"), "Missing spread attribute");
        }
        long weight = s.integer("Weight", 50);
        if (weight <= 0 || weight > 100) {
            p.add(s.at("Weight"), "Spread block must have a positive weight from 0 to 100");
        }
        Set<String> seen = new HashSet<>();
        long sum = 0;
        for (Obj target : s.list("SpreadTarget")) {
            String value = target.str("Value", "");
            if (!seen.add(value)) {
                p.add(target.at("Value"), "Spread target value " + Problems.q(value) + " already defined");
            }
            long percent = target.integer("Percent", 0);
            if (percent > 100) {
                p.add(target.at("Percent"), "Spread target percentage for value " + Problems.q(value)
                        + " must be between 0 and 100");
            }
            sum += percent;
        }
        if (sum > 100) {
            p.add(s.at("SpreadTarget"), "Sum of spread target percentages must not be greater than 100%; got " + sum + "%");
        }
    }

    private static void regexp(String r, String at, Problems p) {
        String why = GoRegexp.problem(r);
        if (why != null) {
            p.add(at, "Regular expression failed to compile: " + why);
        }
    }

    private static void version(String r, boolean semver, String prefix, String at, Problems p) {
        String why = VersionConstraint.problem(r, semver);
        if (why != null) {
            p.add(at, prefix + why);
        }
    }
}

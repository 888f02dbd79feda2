package org.drover.runner.core.placement;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Nomad's constraint operators over resolved targets, each side present or not. {@code distinct_hosts}
 * and {@code distinct_property} are met here: they depend on the other allocations, not on the node.
 */
final class Operators {

    /** Compiled once each, as Nomad caches them; a job file has few, so the cache is small. */
    private static final Map<String, Optional<Pattern>> REGEXPS = new ConcurrentHashMap<>();
    private static final int REGEXP_CACHE = 512;

    static final String DISTINCT_HOSTS = "distinct_hosts";
    static final String DISTINCT_PROPERTY = "distinct_property";

    private Operators() {
    }

    static boolean check(String operand, Optional<String> l, Optional<String> r) {
        boolean both = l.isPresent() && r.isPresent();
        return switch (operand) {
            case DISTINCT_HOSTS, DISTINCT_PROPERTY -> true;
            case "=", "==", "is" -> both && l.get().equals(r.get());
            case "!=", "not" -> !l.equals(r);
            case "<", "<=", ">", ">=" -> both && order(operand, l.get(), r.get());
            case "is_set" -> l.isPresent();
            case "is_not_set" -> l.isEmpty();
            case "version" -> both && version(l.get(), r.get(), false);
            case "semver" -> both && version(l.get(), r.get(), true);
            case "regexp" -> both && regexp(l.get(), r.get());
            case "set_contains", "set_contains_all" -> both && items(l.get()).containsAll(items(r.get()));
            case "set_contains_any" -> both && items(r.get()).stream().anyMatch(items(l.get())::contains);
            default -> false;
        };
    }

    /** As integers when both are, else as floats when both are, else as strings. */
    private static boolean order(String op, String l, String r) {
        Optional<Long> li = GoNumbers.integer(l);
        Optional<Long> ri = GoNumbers.integer(r);
        if (li.isPresent() && ri.isPresent()) {
            return holds(op, Long.compare(li.get(), ri.get()));
        }
        Optional<Double> lf = GoNumbers.floating(l);
        Optional<Double> rf = GoNumbers.floating(r);
        if (lf.isPresent() && rf.isPresent()) {
            return holds(op, Double.compare(lf.get(), rf.get()));
        }
        return holds(op, l.compareTo(r));
    }

    private static boolean holds(String op, int cmp) {
        return switch (op) {
            case "<" -> cmp < 0;
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0;
            default -> cmp >= 0;
        };
    }

    private static boolean version(String l, String r, boolean strict) {
        Optional<GoVersion> v = GoVersion.parse(l);
        return v.isPresent() && GoVersion.constraints(r, strict).map(c -> c.test(v.get())).orElse(false);
    }

    /** Go's RE2 syntax, matched anywhere in the value (Go's {@code MatchString}). */
    private static boolean regexp(String l, String r) {
        if (REGEXPS.size() > REGEXP_CACHE) {
            REGEXPS.clear();
        }
        return REGEXPS.computeIfAbsent(r, Operators::compile).map(p -> p.matcher(l).find()).orElse(false);
    }

    private static Optional<Pattern> compile(String regexp) {
        try {
            return Optional.of(Pattern.compile(regexp));
        } catch (PatternSyntaxException e) {
            return Optional.empty();
        }
    }

    /** A comma list, each item trimmed. */
    private static Set<String> items(String list) {
        Set<String> out = new HashSet<>();
        for (String item : list.split(",", -1)) {
            out.add(item.strip());
        }
        return out;
    }
}

package org.drover.runner.core.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versions and version constraints as hashicorp/go-version reads them, which Nomad's {@code version}
 * operator uses ({@code >= 1.2, < 2}, {@code ~> 1.2}, a leading {@code v}, pre-releases), and the
 * stricter form of its {@code semver} operator (a pre-release only after {@code -}, no {@code ~>},
 * no special rule for pre-releases).
 */
final class GoVersion implements Comparable<GoVersion> {

    private static final String SEGMENTS = "v?([0-9]+(\\.[0-9]+)*?)";
    private static final String BUILD = "(\\+([0-9A-Za-z\\-~]+(\\.[0-9A-Za-z\\-~]+)*))?";
    private static final String LOOSE = SEGMENTS
            + "(-([0-9]+[0-9A-Za-z\\-~]*(\\.[0-9A-Za-z\\-~]+)*)|(-?([A-Za-z\\-~]+[0-9A-Za-z\\-~]*(\\.[0-9A-Za-z\\-~]+)*)))?"
            + BUILD + "?";
    private static final String STRICT = SEGMENTS
            + "(-([0-9]+[0-9A-Za-z\\-~]*(\\.[0-9A-Za-z\\-~]+)*)|(-([A-Za-z\\-~]+[0-9A-Za-z\\-~]*(\\.[0-9A-Za-z\\-~]+)*)))?"
            + BUILD + "?";
    private static final Pattern LOOSE_VERSION = Pattern.compile("^" + LOOSE + "$");
    private static final Pattern STRICT_VERSION = Pattern.compile("^" + STRICT + "$");
    private static final Pattern LOOSE_CONSTRAINT =
            Pattern.compile("^\\s*(<=|>=|!=|~>|<|>|=|)\\s*(" + LOOSE + ")\\s*$");
    private static final Pattern STRICT_CONSTRAINT =
            Pattern.compile("^\\s*(<=|>=|!=|<|>|=|)\\s*(" + STRICT + ")\\s*$");

    private final long[] segments;
    /** How many segments were written: {@code ~> 1.2} and {@code ~> 1.2.0} differ. */
    private final int written;
    private final String pre;
    private final String metadata;

    private GoVersion(long[] segments, int written, String pre, String metadata) {
        this.segments = segments;
        this.written = written;
        this.pre = pre;
        this.metadata = metadata;
    }

    /** go-version's {@code NewVersion}: what the left side of both operators is read with. */
    static Optional<GoVersion> parse(String s) {
        return parse(s, LOOSE_VERSION, 0);
    }

    private static Optional<GoVersion> parse(String s, Pattern pattern, int offset) {
        Matcher m = pattern.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        return of(m, offset);
    }

    /** The version in {@code m}'s groups, group 1 being at {@code offset + 1}. */
    private static Optional<GoVersion> of(Matcher m, int offset) {
        String[] parts = m.group(offset + 1).split("\\.");
        long[] segments = new long[Math.max(3, parts.length)];
        try {
            for (int i = 0; i < parts.length; i++) {
                segments[i] = Long.parseLong(parts[i]);
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String pre = m.group(offset + 7) != null ? m.group(offset + 7) : nonNull(m.group(offset + 4));
        return Optional.of(new GoVersion(segments, parts.length, pre, nonNull(m.group(offset + 10))));
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    /**
     * A comma-separated list of constraints, all of which a version must meet; empty when one is
     * malformed (then, in Nomad, the constraint is not met).
     */
    static Optional<Predicate<GoVersion>> constraints(String s, boolean strict) {
        List<Predicate<GoVersion>> all = new ArrayList<>();
        for (String single : s.split(",", -1)) {
            Matcher m = (strict ? STRICT_CONSTRAINT : LOOSE_CONSTRAINT).matcher(single);
            if (!m.matches()) {
                return Optional.empty();
            }
            Optional<GoVersion> check = of(m, 2);
            if (check.isEmpty()) {
                return Optional.empty();
            }
            all.add(strict ? semver(m.group(1), check.get()) : loose(m.group(1), check.get()));
        }
        return Optional.of(v -> all.stream().allMatch(p -> p.test(v)));
    }

    private static Predicate<GoVersion> loose(String op, GoVersion c) {
        return switch (op) {
            case "!=" -> v -> v.compareTo(c) != 0;
            case ">" -> v -> v.preleaseAllows(c) && v.compareTo(c) > 0;
            case "<" -> v -> v.preleaseAllows(c) && v.compareTo(c) < 0;
            case ">=" -> v -> v.preleaseAllows(c) && v.compareTo(c) >= 0;
            case "<=" -> v -> v.preleaseAllows(c) && v.compareTo(c) <= 0;
            case "~>" -> v -> v.pessimistic(c);
            default -> v -> v.compareTo(c) == 0;
        };
    }

    private static Predicate<GoVersion> semver(String op, GoVersion c) {
        return switch (op) {
            case "!=" -> v -> v.compareTo(c) != 0;
            case ">" -> v -> v.compareTo(c) > 0;
            case "<" -> v -> v.compareTo(c) < 0;
            case ">=" -> v -> v.compareTo(c) >= 0;
            case "<=" -> v -> v.compareTo(c) <= 0;
            default -> v -> v.compareTo(c) == 0;
        };
    }

    /**
     * go-version's rule: a pre-release only meets a constraint on a pre-release of the same
     * release; a release meets any.
     */
    private boolean preleaseAllows(GoVersion c) {
        if (!pre.isEmpty()) {
            return !c.pre.isEmpty() && Arrays.equals(segments, c.segments);
        }
        return true;
    }

    /** {@code ~> 1.2}: at least 1.2 and below 2; {@code ~> 1.2.3}: at least 1.2.3 and below 1.3. */
    private boolean pessimistic(GoVersion c) {
        if (!preleaseAllows(c) || (!c.pre.isEmpty() && pre.isEmpty()) || compareTo(c) < 0
                || c.segments.length > segments.length) {
            return false;
        }
        for (int i = 0; i < c.written - 1; i++) {
            if (segments[i] != c.segments[i]) {
                return false;
            }
        }
        return c.segments[c.segments.length - 1] <= segments[c.segments.length - 1];
    }

    @Override
    public int compareTo(GoVersion other) {
        if (toString().equals(other.toString())) {
            return 0;
        }
        if (Arrays.equals(segments, other.segments)) {
            if (pre.isEmpty() && other.pre.isEmpty()) {
                return 0;
            }
            if (pre.isEmpty()) {
                return 1;
            }
            if (other.pre.isEmpty()) {
                return -1;
            }
            return comparePrereleases(pre, other.pre);
        }
        int n = Math.max(segments.length, other.segments.length);
        for (int i = 0; i < n; i++) {
            long mine = i < segments.length ? segments[i] : 0;
            long theirs = i < other.segments.length ? other.segments[i] : 0;
            if (mine != theirs) {
                return mine < theirs ? -1 : 1;
            }
        }
        return 0;
    }

    private static int comparePrereleases(String a, String b) {
        String[] mine = a.split("\\.", -1);
        String[] theirs = b.split("\\.", -1);
        for (int i = 0; i < Math.max(mine.length, theirs.length); i++) {
            int c = comparePart(i < mine.length ? mine[i] : "", i < theirs.length ? theirs[i] : "");
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** go-version's order of pre-release parts: numeric below alphanumeric; a missing part by what it meets. */
    private static int comparePart(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        Long aNum = number(a);
        Long bNum = number(b);
        if (a.isEmpty()) {
            return bNum != null ? -1 : 1;
        }
        if (b.isEmpty()) {
            return aNum != null ? 1 : -1;
        }
        if (aNum != null && bNum == null) {
            return -1;
        }
        if (aNum == null && bNum != null) {
            return 1;
        }
        if (aNum == null) {
            return a.compareTo(b) > 0 ? 1 : -1;
        }
        return aNum > bNum ? 1 : -1;
    }

    private static Long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GoVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(segments) * 31 + pre.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            s.append(i == 0 ? "" : ".").append(segments[i]);
        }
        if (!pre.isEmpty()) {
            s.append('-').append(pre);
        }
        if (!metadata.isEmpty()) {
            s.append('+').append(metadata);
        }
        return s.toString();
    }
}

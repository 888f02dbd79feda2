package org.drover.runner.core.placement;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Numbers as Go's {@code strconv.ParseInt(s, 10, 64)} and {@code ParseFloat(s, 64)} read them: the
 * order operators compare both sides as such when both are.
 */
final class GoNumbers {

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    /** The decimal forms Go accepts: digits with an optional point and exponent. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Pattern SPECIAL = Pattern.compile("[+-]?(?i:inf|infinity|nan)");

    private GoNumbers() {
    }

    static Optional<Long> integer(String s) {
        if (!INTEGER.matcher(s).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Optional<Double> floating(String s) {
        if (SPECIAL.matcher(s).matches()) {
            String lower = s.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("nan")) {
                return Optional.of(Double.NaN);
            }
            return Optional.of(lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (!DECIMAL.matcher(s).matches()) {
            return Optional.empty();
        }
        double d = Double.parseDouble(s);
        // Go refuses a value out of range, where Java rounds it to infinity.
        return Double.isInfinite(d) ? Optional.empty() : Optional.of(d);
    }
}

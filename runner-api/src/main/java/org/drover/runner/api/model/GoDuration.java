package org.drover.runner.api.model;

import java.time.Duration;

/**
 * Durations written the way Nomad (Go's {@code time.Duration}) writes them in
 * event messages: {@code 15s}, {@code 1m30s}, {@code 30m0s}, {@code 1.5s},
 * {@code 250ms}. Messages must match what Nomad users read.
 */
public final class GoDuration {

    private GoDuration() {
    }

    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long n = Math.abs(nanos);
        if (n < 1_000) {
            return sign + n + "ns";
        }
        if (n < 1_000_000) {
            return sign + fraction(n, 1_000) + "µs";
        }
        if (n < 1_000_000_000) {
            return sign + fraction(n, 1_000_000) + "ms";
        }
        long hours = n / 3_600_000_000_000L;
        long minutes = (n / 60_000_000_000L) % 60;
        long secNanos = n % 60_000_000_000L;
        StringBuilder sb = new StringBuilder(sign);
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        return sb.append(fraction(secNanos, 1_000_000_000)).append('s').toString();
    }

    /** {@code value / unit} with the fraction's trailing zeros dropped, as Go does. */
    private static String fraction(long value, long unit) {
        long whole = value / unit;
        long rest = value % unit;
        if (rest == 0) {
            return Long.toString(whole);
        }
        String digits = Long.toString(unit + rest).substring(1).replaceAll("0+$", "");
        return whole + "." + digits;
    }

    /**
     * Parses a duration as Go's {@code time.ParseDuration} does: a sequence of
     * decimal numbers with units {@code ns us µs ms s m h}, e.g. {@code 1h30m},
     * {@code 1.5s}, {@code 250ms}; a bare {@code 0} is zero.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\"");
        }
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\": expected a number");
            }
            java.math.BigDecimal value;
            try {
                value = new java.math.BigDecimal(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\": bad number", e);
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long unitNanos = switch (s.substring(unitStart, i)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                case "" -> throw new IllegalArgumentException("invalid duration \"" + text
                        + "\": missing unit (one of ns, us, ms, s, m, h)");
                default -> throw new IllegalArgumentException("invalid duration \"" + text + "\": unknown unit \""
                        + s.substring(unitStart, i) + "\"");
            };
            total = total.add(value.multiply(java.math.BigDecimal.valueOf(unitNanos)));
        }
        try {
            long nanos = total.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
            return Duration.ofNanos(negative ? -nanos : nanos);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\": too large", e);
        }
    }
}

package org.drover.launcher.jobs.hcl;

import static org.drover.launcher.jobs.hcl.Function.of;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** formatdate and timeadd on RFC 3339 timestamps; there is no timestamp() in job files (Nomad). */
final class TimeFunctions {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, BigDecimal> UNIT_NANOS = Map.of("ns", BigDecimal.ONE, "us",
            BigDecimal.valueOf(1_000), "µs", BigDecimal.valueOf(1_000), "μs", BigDecimal.valueOf(1_000), "ms",
            BigDecimal.valueOf(1_000_000), "s", BigDecimal.valueOf(1_000_000_000L), "m",
            BigDecimal.valueOf(60_000_000_000L), "h", BigDecimal.valueOf(3_600_000_000_000L));

    private TimeFunctions() {
    }

    static void register(Map<String, Function> f) {
        f.put("formatdate", of(2, a -> formatdate(Values.string(a.get(0)), timestamp(Values.string(a.get(1))))));
        f.put("timeadd", of(2, a -> rfc3339(timestamp(Values.string(a.get(0)))
                .plusNanos(durationNanos(Values.string(a.get(1)))))));
    }

    private static OffsetDateTime timestamp(String s) {
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new Values.Problem("not a valid RFC3339 timestamp: \"" + s + "\"");
        }
    }

    /** Go's time.RFC3339: whole seconds, then the offset as {@code +hh:mm}, {@code Z} at UTC. */
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX",
            Locale.ROOT);

    private static String rfc3339(OffsetDateTime t) {
        return t.format(RFC3339);
    }

    /** Go's duration syntax: a sign, then numbers each with a unit ("1h30m", "-1.5s", "300ms"). */
    static long durationNanos(String s) {
        String rest = s;
        int sign = 1;
        if (rest.startsWith("-") || rest.startsWith("+")) {
            sign = rest.startsWith("-") ? -1 : 1;
            rest = rest.substring(1);
        }
        if (rest.equals("0")) {
            return 0;
        }
        Matcher m = DURATION_PART.matcher(rest);
        BigDecimal total = BigDecimal.ZERO;
        int at = 0;
        while (at < rest.length() && m.find(at) && m.start() == at) {
            total = total.add(new BigDecimal(m.group(1)).multiply(UNIT_NANOS.get(m.group(2))));
            at = m.end();
        }
        if (rest.isEmpty() || at != rest.length()) {
            throw new Values.Problem("time: invalid duration \"" + s + "\"");
        }
        return total.longValue() * sign;
    }

    private static String formatdate(String spec, OffsetDateTime t) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < spec.length()) {
            char c = spec.charAt(i);
            if (c == '\'') {
                int end = i + 1;
                StringBuilder lit = new StringBuilder();
                while (true) {
                    if (end >= spec.length()) {
                        throw new Values.Problem("unterminated literal '");
                    }
                    if (spec.charAt(end) == '\'') {
                        if (end + 1 < spec.length() && spec.charAt(end + 1) == '\'') {
                            lit.append('\'');
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    lit.append(spec.charAt(end++));
                }
                out.append(end == i + 1 ? "'" : lit);
                i = end + 1;
                continue;
            }
            if (!Character.isLetter(c)) {
                out.append(c);
                i++;
                continue;
            }
            int j = i;
            while (j < spec.length() && spec.charAt(j) == c) {
                j++;
            }
            out.append(field(spec.substring(i, j), t));
            i = j;
        }
        return out.toString();
    }

    private static String field(String seq, OffsetDateTime t) {
        int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
        switch (seq) {
            case "YYYY":
                return String.format("%04d", t.getYear());
            case "YY":
                return String.format("%02d", t.getYear() % 100);
            case "MMMM":
                return t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case "MMM":
                return t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case "MM":
                return String.format("%02d", t.getMonthValue());
            case "M":
                return String.valueOf(t.getMonthValue());
            case "DD":
                return String.format("%02d", t.getDayOfMonth());
            case "D":
                return String.valueOf(t.getDayOfMonth());
            case "EEEE":
                return t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case "EEE":
                return t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case "hh":
                return String.format("%02d", t.getHour());
            case "h":
                return String.valueOf(t.getHour());
            case "HH":
                return String.format("%02d", hour12);
            case "H":
                return String.valueOf(hour12);
            case "AA":
                return t.getHour() < 12 ? "AM" : "PM";
            case "aa":
                return t.getHour() < 12 ? "am" : "pm";
            case "mm":
                return String.format("%02d", t.getMinute());
            case "m":
                return String.valueOf(t.getMinute());
            case "ss":
                return String.format("%02d", t.getSecond());
            case "s":
                return String.valueOf(t.getSecond());
            case "ZZZZZ":
                return offset(t.getOffset(), true);
            case "ZZZZ":
                return offset(t.getOffset(), false);
            case "ZZZ":
                return t.getOffset().equals(ZoneOffset.UTC) ? "UTC" : offset(t.getOffset(), false);
            case "Z":
                return t.getOffset().equals(ZoneOffset.UTC) ? "Z" : offset(t.getOffset(), true);
            default:
                throw new Values.Problem("invalid date format verb \"" + seq + "\": quote literal text in the format"
                        + " string with '");
        }
    }

    private static String offset(ZoneOffset o, boolean colon) {
        int secs = o.getTotalSeconds();
        int abs = Math.abs(secs);
        return (secs < 0 ? "-" : "+") + String.format("%02d", abs / 3600) + (colon ? ":" : "")
                + String.format("%02d", (abs % 3600) / 60);
    }
}

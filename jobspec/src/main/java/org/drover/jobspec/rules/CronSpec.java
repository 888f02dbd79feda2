package org.drover.jobspec.rules;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cron specs as Nomad's periodic block reads them: five fields (minute to day of week), six (with a
 * year) or seven (with seconds first and a year), names of months and days, {@code L W #} where cron
 * allows them, or a descriptor such as {@code @daily}.
 */
final class CronSpec {

    private static final List<String> DESCRIPTORS = List.of("@yearly", "@annually", "@monthly", "@weekly",
            "@daily", "@midnight", "@hourly");
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
            "sep", "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

    /** Field name, lowest and highest value. */
    private record Range(String name, int min, int max) {
    }

    private static final Map<Integer, List<Range>> LAYOUTS = Map.of(
            5, List.of(new Range("minute", 0, 59), new Range("hour", 0, 23), new Range("day-of-month", 1, 31),
                    new Range("month", 1, 12), new Range("day-of-week", 0, 7)),
            6, List.of(new Range("minute", 0, 59), new Range("hour", 0, 23), new Range("day-of-month", 1, 31),
                    new Range("month", 1, 12), new Range("day-of-week", 0, 7), new Range("year", 1970, 2099)),
            7, List.of(new Range("second", 0, 59), new Range("minute", 0, 59), new Range("hour", 0, 23),
                    new Range("day-of-month", 1, 31), new Range("month", 1, 12), new Range("day-of-week", 0, 7),
                    new Range("year", 1970, 2099)));

    private CronSpec() {
    }

    /** What is wrong with the spec, or null if it parses. */
    static String problem(String spec) {
        String s = spec.trim();
        if (s.startsWith("@")) {
            return DESCRIPTORS.contains(s.toLowerCase(Locale.ROOT)) ? null : "syntax error in descriptor: " + s;
        }
        String[] fields = s.split("\\s+");
        if (s.isEmpty() || fields.length < 5) {
            return "missing field(s)";
        }
        List<Range> layout = LAYOUTS.get(fields.length);
        if (layout == null) {
            return "too many fields";
        }
        for (int i = 0; i < fields.length; i++) {
            if (!field(fields[i].toLowerCase(Locale.ROOT), layout.get(i))) {
                return "syntax error in " + layout.get(i).name() + " field: '" + fields[i] + "'";
            }
        }
        return null;
    }

    private static boolean field(String text, Range r) {
        for (String part : text.split(",", -1)) {
            if (!part(part, r)) {
                return false;
            }
        }
        return true;
    }

    private static boolean part(String part, Range r) {
        boolean days = r.name().startsWith("day");
        if (part.equals("?") && days || part.equals("l") && days) {
            return true;
        }
        String base = part;
        int slash = part.indexOf('/');
        if (slash >= 0) {
            base = part.substring(0, slash);
            Integer step = number(part.substring(slash + 1), r, true);
            if (step == null || step < 1) {
                return false;
            }
        }
        if (base.equals("*")) {
            return true;
        }
        if (r.name().equals("day-of-month") && base.endsWith("w") && slash < 0) {
            return value(base.substring(0, base.length() - 1), r) != null;
        }
        if (r.name().equals("day-of-week") && slash < 0) {
            if (base.endsWith("l")) {
                return value(base.substring(0, base.length() - 1), r) != null;
            }
            int hash = base.indexOf('#');
            if (hash >= 0) {
                Integer nth = number(base.substring(hash + 1), r, true);
                return value(base.substring(0, hash), r) != null && nth != null && nth >= 1 && nth <= 5;
            }
        }
        int dash = base.indexOf('-');
        if (dash >= 0) {
            Integer from = value(base.substring(0, dash), r);
            Integer to = value(base.substring(dash + 1), r);
            return from != null && to != null && from <= to;
        }
        return value(base, r) != null;
    }

    private static Integer value(String text, Range r) {
        int named = r.name().equals("month") ? MONTHS.indexOf(text) + 1
                : r.name().equals("day-of-week") ? DAYS.indexOf(text) : -1;
        if (named >= (r.name().equals("month") ? 1 : 0)) {
            return named;
        }
        return number(text, r, false);
    }

    private static Integer number(String text, Range r, boolean step) {
        if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int n = Integer.parseInt(text);
        return step || n >= r.min() && n <= r.max() ? n : null;
    }
}

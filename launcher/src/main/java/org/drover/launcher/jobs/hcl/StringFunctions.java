package org.drover.launcher.jobs.hcl;

import static org.drover.launcher.jobs.hcl.Function.of;
import static org.drover.launcher.jobs.hcl.Values.string;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** cty's string functions, as Nomad's job files have them. */
final class StringFunctions {

    private StringFunctions() {
    }

    static void register(Map<String, Function> f) {
        f.put("chomp", of(1, a -> string(a.get(0)).replaceAll("(\r?\n)+$", "")));
        f.put("lower", of(1, a -> string(a.get(0)).toLowerCase(Locale.ROOT)));
        f.put("upper", of(1, a -> string(a.get(0)).toUpperCase(Locale.ROOT)));
        f.put("title", of(1, a -> title(string(a.get(0)))));
        f.put("trimspace", of(1, a -> string(a.get(0)).strip()));
        f.put("trimprefix", of(2, a -> {
            String s = string(a.get(0));
            String p = string(a.get(1));
            return s.startsWith(p) ? s.substring(p.length()) : s;
        }));
        f.put("trimsuffix", of(2, a -> {
            String s = string(a.get(0));
            String p = string(a.get(1));
            return s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s;
        }));
        f.put("trim", of(2, a -> trim(string(a.get(0)), string(a.get(1)))));
        f.put("strlen", of(1, a -> Values.num(string(a.get(0)).codePointCount(0, string(a.get(0)).length()))));
        f.put("strrev", of(1, a -> reverse(string(a.get(0)))));
        f.put("substr", of(3, a -> substr(string(a.get(0)), Values.integer(a.get(1)), Values.integer(a.get(2)))));
        f.put("indent", of(2, a -> string(a.get(1)).replace("\n", "\n" + " ".repeat(Values.integer(a.get(0))))));
        f.put("split", of(2, a -> split(string(a.get(0)), string(a.get(1)))));
        f.put("join", args -> {
            Function.arity(args, 2, -1);
            List<String> parts = new ArrayList<>();
            for (Object l : args.subList(1, args.size())) {
                for (Object e : Values.list(l)) {
                    parts.add(string(e));
                }
            }
            return String.join(string(args.get(0)), parts);
        });
        f.put("replace", of(3, a -> replace(string(a.get(0)), string(a.get(1)), string(a.get(2)))));
        f.put("regex_replace", of(3, a -> regexReplace(string(a.get(0)), string(a.get(1)), string(a.get(2)))));
        f.put("format", args -> {
            Function.arity(args, 1, -1);
            return Format.format(string(args.get(0)), args.subList(1, args.size()));
        });
        f.put("formatlist", StringFunctions::formatlist);
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder();
        boolean start = true;
        for (int cp : s.codePoints().toArray()) {
            out.appendCodePoint(start ? Character.toTitleCase(cp) : cp);
            start = !Character.isLetterOrDigit(cp) && cp != '_' && cp != '\'';
        }
        return out.toString();
    }

    private static String trim(String s, String cutset) {
        int from = 0;
        int to = s.length();
        while (from < to && cutset.indexOf(s.charAt(from)) >= 0) {
            from++;
        }
        while (to > from && cutset.indexOf(s.charAt(to - 1)) >= 0) {
            to--;
        }
        return s.substring(from, to);
    }

    private static String reverse(String s) {
        int[] cps = s.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        for (int i = cps.length - 1; i >= 0; i--) {
            out.appendCodePoint(cps[i]);
        }
        return out.toString();
    }

    /** cty's substr: in characters; a negative offset counts from the end, a length of -1 runs to the end. */
    private static String substr(String s, int offset, int length) {
        int[] cps = s.codePoints().toArray();
        int from = offset < 0 ? Math.max(0, cps.length + offset) : Math.min(offset, cps.length);
        int to = length < 0 ? cps.length : Math.min(cps.length, from + length);
        return new String(cps, from, Math.max(0, to - from));
    }

    private static List<Object> split(String sep, String s) {
        List<Object> out = new ArrayList<>();
        if (sep.isEmpty()) {
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        int from = 0;
        while (true) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                out.add(s.substring(from));
                return out;
            }
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
    }

    /** A search string written {@code /re/} is a regular expression, as in cty's replace. */
    private static String replace(String s, String search, String with) {
        if (search.length() > 1 && search.startsWith("/") && search.endsWith("/")) {
            return regexReplace(s, search.substring(1, search.length() - 1), with);
        }
        return s.replace(search, with);
    }

    /** Go's replacement syntax ({@code $1}, {@code ${1}}, {@code ${name}}) in Java's. */
    private static String regexReplace(String s, String re, String with) {
        Pattern p;
        try {
            p = Pattern.compile(re);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new Values.Problem("invalid regular expression " + re + ": " + e.getDescription());
        }
        Matcher m = p.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(expand(with, m)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String expand(String template, Matcher m) {
        StringBuilder out = new StringBuilder();
        Matcher ref = Pattern.compile("\\$(\\$|\\{([A-Za-z0-9_]+)\\}|([A-Za-z0-9_]+))").matcher(template);
        int last = 0;
        while (ref.find()) {
            out.append(template, last, ref.start());
            last = ref.end();
            if (ref.group(1).equals("$")) {
                out.append('$');
                continue;
            }
            String name = ref.group(2) != null ? ref.group(2) : ref.group(3);
            String g;
            try {
                g = name.matches("\\d+") ? (Integer.parseInt(name) <= m.groupCount() ? m.group(Integer.parseInt(name))
                        : null) : m.group(name);
            } catch (IllegalArgumentException e) {
                g = null;
            }
            out.append(g == null ? "" : g);
        }
        return out.append(template.substring(last)).toString();
    }

    private static Object formatlist(List<Object> args) {
        Function.arity(args, 1, -1);
        String spec = string(args.get(0));
        int n = -1;
        for (Object a : args.subList(1, args.size())) {
            if (a instanceof List<?> l) {
                if (n >= 0 && l.size() != n) {
                    throw new Values.Problem("all lists given to formatlist must have the same length");
                }
                n = l.size();
            }
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < Math.max(n, n < 0 ? 1 : 0); i++) {
            List<Object> row = new ArrayList<>();
            for (Object a : args.subList(1, args.size())) {
                row.add(a instanceof List<?> l ? l.get(i) : a);
            }
            out.add(Format.format(spec, row));
        }
        return out;
    }

    /** cty's format: Go's verbs for HCL's values. */
    static final class Format {
        private static final Pattern VERB = Pattern.compile("%(?:\\[(\\d+)\\])?([-+# 0]*)(\\d+)?(?:\\.(\\d+))?([a-zA-Z%])");

        private Format() {
        }

        static String format(String spec, List<Object> args) {
            Matcher m = VERB.matcher(spec);
            StringBuilder out = new StringBuilder();
            int next = 0;
            int last = 0;
            while (m.find()) {
                out.append(spec, last, m.start());
                last = m.end();
                char verb = m.group(5).charAt(0);
                if (verb == '%') {
                    out.append('%');
                    continue;
                }
                int index = m.group(1) != null ? Integer.parseInt(m.group(1)) - 1 : next;
                next = index + 1;
                if (index >= args.size()) {
                    throw new Values.Problem("not enough arguments for format string " + m.group());
                }
                String flags = m.group(2);
                String text = verb(verb, args.get(index), m.group(4) == null ? -1 : Integer.parseInt(m.group(4)),
                        flags);
                int width = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
                if (text.length() < width) {
                    String pad = (flags.contains("0") && !flags.contains("-") && verb != 's' ? "0" : " ")
                            .repeat(width - text.length());
                    text = flags.contains("-") ? text + pad : pad.startsWith("0") && text.startsWith("-")
                            ? "-" + pad + text.substring(1) : pad + text;
                }
                out.append(text);
            }
            return out.append(spec.substring(last)).toString();
        }

        private static String verb(char verb, Object v, int precision, String flags) {
            switch (verb) {
                case 'v':
                    return v instanceof String s ? s : v instanceof List || v instanceof Map
                            ? EncodingFunctions.json(v) : Values.string(v);
                case 's':
                    String s = Values.string(v);
                    return precision >= 0 && precision < s.length() ? s.substring(0, precision) : s;
                case 'q':
                    return EncodingFunctions.json(Values.string(v));
                case 't':
                    return String.valueOf(Values.bool(v));
                case 'd':
                    BigDecimal d = Values.number(v);
                    try {
                        String t = d.toBigIntegerExact().toString();
                        return flags.contains("+") && d.signum() >= 0 ? "+" + t : t;
                    } catch (ArithmeticException e) {
                        throw new Values.Problem("%d requires a whole number, got " + Values.format(d));
                    }
                case 'f':
                    BigDecimal f = Values.number(v).setScale(precision < 0 ? 6 : precision, java.math.RoundingMode.HALF_EVEN);
                    return (flags.contains("+") && f.signum() >= 0 ? "+" : "") + f.toPlainString();
                case 'e':
                    return String.format(Locale.ROOT, "%." + (precision < 0 ? 6 : precision) + "e",
                            Values.number(v).doubleValue());
                case 'g':
                    return Values.format(Values.number(v));
                case 'x':
                case 'X':
                    String hex = v instanceof String str ? java.util.HexFormat.of().formatHex(str.getBytes(
                            java.nio.charset.StandardCharsets.UTF_8)) : Values.number(v).toBigIntegerExact().toString(16);
                    return verb == 'X' ? hex.toUpperCase(Locale.ROOT) : hex;
                case 'o':
                    return Values.number(v).toBigIntegerExact().toString(8);
                case 'b':
                    return Values.number(v).toBigIntegerExact().toString(2);
                default:
                    throw new Values.Problem("unsupported format verb %" + verb);
            }
        }
    }
}

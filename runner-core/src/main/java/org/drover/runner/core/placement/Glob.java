package org.drover.runner.core.placement;

/** A glob whose only wildcard is {@code *} (any run of characters), as Nomad matches datacenters. */
final class Glob {

    private Glob() {
    }

    static boolean matches(String glob, String s) {
        if (!glob.contains("*")) {
            return glob.equals(s);
        }
        String[] parts = glob.split("\\*", -1);
        if (!s.startsWith(parts[0])) {
            return false;
        }
        int at = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = s.indexOf(parts[i], at);
            if (found < 0) {
                return false;
            }
            at = found + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return s.length() - at >= last.length() && s.endsWith(last);
    }
}

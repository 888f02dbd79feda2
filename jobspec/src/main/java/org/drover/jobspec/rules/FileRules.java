package org.drover.jobspec.rules;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A task's artifacts and templates: what they fetch or render, and that they stay in the allocation. */
final class FileRules {

    private FileRules() {
    }

    static void artifacts(Obj t, Problems p) {
        for (Obj a : t.list("Artifacts")) {
            if (a.str("GetterSource", "").isEmpty()) {
                p.add(a.at("GetterSource"), "source must be specified");
            }
            String mode = a.str("GetterMode", "any");
            if (!mode.isEmpty() && !List.of("any", "file", "dir").contains(mode)) {
                p.add(a.at("GetterMode"), "invalid artifact mode " + Problems.q(mode)
                        + "; must be one of: any, file, dir");
            }
            if (escapes("task", a.str("RelativeDest", "local/"))) {
                p.add(a.at("RelativeDest"), "destination escapes allocation directory");
            }
            Obj options = a.obj("GetterOptions");
            String checksum = options == null ? null : options.str("checksum");
            if (checksum != null) {
                String why = checksum(checksum);
                if (why != null) {
                    p.add(options.at("checksum"), why);
                }
            }
        }
    }

    /** What is wrong with an artifact's {@code checksum} option, or null. */
    static String checksum(String value) {
        if (value.contains("${")) {
            return null; // resolved at run time; Nomad checks it then
        }
        String check = value.strip();
        if (check.isEmpty()) {
            return "checksum value cannot be empty";
        }
        String[] parts = check.split(":", -1);
        if (parts.length != 2) {
            return "checksum must be given as \"type:value\"; got " + Problems.q(check);
        }
        String hex = parts[1];
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                return "invalid checksum: encoding/hex: invalid byte: U+" + String.format("%04X", (int) hex.charAt(i))
                        + " '" + hex.charAt(i) + "'";
            }
        }
        if (hex.length() % 2 != 0) {
            return "invalid checksum: encoding/hex: odd length hex string";
        }
        int expected = switch (parts[0]) {
            case "md5" -> 16;
            case "sha1" -> 20;
            case "sha256" -> 32;
            case "sha512" -> 64;
            default -> -1;
        };
        if (expected < 0) {
            return "unsupported checksum type: " + parts[0];
        }
        return hex.length() / 2 == expected ? null : "invalid " + parts[0] + " checksum: " + hex;
    }

    static void templates(Obj t, Problems p) {
        List<Obj> templates = t.list("Templates");
        Map<String, Integer> destinations = new HashMap<>();
        for (int i = 0; i < templates.size(); i++) {
            Obj tmpl = templates.get(i);
            template(tmpl, p);
            String dest = tmpl.str("DestPath", "");
            Integer other = destinations.putIfAbsent(dest, i + 1);
            if (other != null) {
                p.add(tmpl.at("DestPath"), "Template " + (i + 1) + " has same destination as " + other);
            }
        }
    }

    private static void template(Obj tmpl, Problems p) {
        if (tmpl.str("SourcePath", "").isEmpty() && tmpl.str("EmbeddedTmpl", "").isEmpty()) {
            p.add(tmpl.path(), "Must specify a source path or have an embedded template");
        }
        String dest = tmpl.str("DestPath", "");
        if (dest.isEmpty()) {
            p.add(tmpl.at("DestPath"), "Must specify a destination for the template");
        }
        if (escapes("task", dest)) {
            p.add(tmpl.at("DestPath"), "destination escapes allocation directory");
        }
        changeMode(tmpl, p);
        if (tmpl.duration("Splay", Duration.ofSeconds(5)).isNegative()) {
            p.add(tmpl.at("Splay"), "Must specify positive splay value");
        }
        String perms = tmpl.str("Perms", "0644");
        String why = octal(perms);
        if (!perms.isEmpty() && why != null) {
            p.add(tmpl.at("Perms"), "Failed to parse " + Problems.q(perms) + " as octal: strconv.ParseUint: parsing "
                    + Problems.q(perms) + ": " + why);
        }
        Obj wait = tmpl.obj("Wait");
        Duration min = wait == null ? null : wait.duration("Min");
        Duration max = wait == null ? null : wait.duration("Max");
        if (min != null && max != null && min.compareTo(max) > 0) {
            p.add(wait.at("Min"), "wait min " + Problems.go(min) + " is greater than max " + Problems.go(max));
        }
    }

    private static void changeMode(Obj tmpl, Problems p) {
        String mode = tmpl.str("ChangeMode", "restart");
        switch (mode) {
            case "noop", "restart" -> {
            }
            case "signal" -> {
                if (tmpl.str("ChangeSignal", "SIGHUP").isEmpty()) {
                    p.add(tmpl.at("ChangeSignal"), "Must specify signal value when change mode is signal");
                }
                if (tmpl.isTrue("Envvars")) {
                    p.add(tmpl.at("Envvars"), "cannot use signals with env var templates");
                }
            }
            case "script" -> {
                Obj script = tmpl.obj("ChangeScript");
                if (script == null) {
                    p.add(tmpl.at("ChangeScript"),
                            "must specify change script configuration value when change mode is script");
                } else if (script.str("Command", "").isEmpty()) {
                    p.add(script.at("Command"), "must specify script path value when change mode is script");
                }
            }
            default -> p.add(tmpl.at("ChangeMode"),
                    "Invalid change mode. Must be one of the following: noop, signal, script, restart");
        }
    }

    /** Why Go's {@code strconv.ParseUint(s, 8, 12)} refuses {@code s}, or null. */
    private static String octal(String s) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '7')) {
            return "invalid syntax";
        }
        String digits = s.replaceFirst("^0+", "");
        return digits.length() > 4 || !digits.isEmpty() && Integer.parseInt(digits, 8) > 07777 ? "value out of range"
                : null;
    }

    /**
     * Whether {@code path}, joined under the allocation's {@code prefix} directory and cleaned as Go's
     * {@code filepath.Join} cleans it, ends outside the allocation directory.
     */
    static boolean escapes(String prefix, String path) {
        Deque<String> at = new ArrayDeque<>(List.of("alloc-dir", "alloc-id"));
        for (String part : (prefix + "/" + path).split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                at.pollLast();
            } else {
                at.addLast(part);
            }
        }
        List<String> parts = List.copyOf(at);
        // Nomad tests the relative path for a leading "..", so a name such as "..data" right in the
        // allocation directory counts as escaping too.
        return parts.size() < 2 || !parts.get(0).equals("alloc-dir") || !parts.get(1).equals("alloc-id")
                || parts.size() > 2 && parts.get(2).startsWith("..");
    }
}

package org.drover.runner.core.node;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code os.name} and {@code os.version} as Nomad reports them (its host library's platform and
 * platform version): a distribution's own release file first, {@code /etc/os-release} after, so
 * Debian says {@code debian} and {@code 12.11}, not os-release's {@code 12}.
 */
record OsRelease(String name, String version) {

    private static final Pattern REDHATISH_VERSION = Pattern.compile("release (\\w[\\d.]*)");
    /** The lsb-release IDs on Debian derivatives, and the platform each is reported as. */
    private static final Map<String, String> DEBIAN_DERIVATIVES = Map.of("Ubuntu", "ubuntu",
            "LinuxMint", "linuxmint", "Kylin", "Kylin", "\"Cumulus Linux\"", "cumuluslinux", "uos", "uos",
            "Deepin", "Deepin");

    static OsRelease of(HostFiles files) {
        Map<String, String> lsb = files.assignments("/etc/lsb-release");
        String lsbId = lsb.getOrDefault("DISTRIB_ID", "");
        String lsbRelease = lsb.getOrDefault("DISTRIB_RELEASE", "");
        if (files.hasContents("/etc/oracle-release")) {
            return new OsRelease("oracle", redhatishVersion(files.lines("/etc/oracle-release")));
        }
        if (files.hasContents("/etc/debian_version")) {
            String derivative = DEBIAN_DERIVATIVES.get(lsbId);
            if (derivative != null) {
                return new OsRelease(derivative, lsbRelease);
            }
            return new OsRelease(files.hasContents("/usr/bin/raspi-config") ? "raspbian" : "debian",
                    files.line("/etc/debian_version").orElse(""));
        }
        for (String release : List.of("/etc/redhat-release", "/etc/system-release")) {
            if (files.hasContents(release)) {
                List<String> lines = files.lines(release);
                return new OsRelease(redhatishPlatform(lines), redhatishVersion(lines));
            }
        }
        if (files.hasContents("/etc/alpine-release")) {
            return new OsRelease("alpine", files.line("/etc/alpine-release").orElse(""));
        }
        if (files.hasContents("/etc/arch-release")) {
            return new OsRelease("arch", lsbRelease);
        }
        return fromOsRelease(files).orElseGet(() -> new OsRelease(lsbId.toLowerCase(Locale.ROOT), lsbRelease));
    }

    private static Optional<OsRelease> fromOsRelease(HostFiles files) {
        if (!files.hasContents("/etc/os-release")) {
            return Optional.empty();
        }
        Map<String, String> os = files.assignments("/etc/os-release");
        String id = os.getOrDefault("ID", "");
        return Optional.of(new OsRelease(id.equals("amzn") ? "amazon" : id, os.getOrDefault("VERSION_ID", "")));
    }

    private static String redhatishVersion(List<String> lines) {
        String text = String.join("", lines).toLowerCase(Locale.ROOT);
        if (text.contains("rawhide")) {
            return "rawhide";
        }
        Matcher m = REDHATISH_VERSION.matcher(text);
        return m.find() ? m.group(1) : "";
    }

    private static String redhatishPlatform(List<String> lines) {
        String text = String.join("", lines).toLowerCase(Locale.ROOT);
        return text.contains("red hat") ? "redhat" : text.split(" ")[0];
    }
}

package org.drover.runner.core.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the node can give bridge mode, as node attributes with Nomad's names:
 * {@code plugins.cni.version.<plugin>} for each executable in the CNI path (the version it prints
 * when run without arguments; {@value #UNKNOWN} for a build that does not say, such as Debian's),
 * and {@code nomad.bridge.hairpin_mode}, which Nomad's bridge fingerprint sets only on a node with a
 * bridge network: here, one with the kernel's bridge module and the {@code ip} and {@code iptables}
 * tools the namespaces and the plugins need.
 */
public final class BridgeFingerprint {

    public static final String CNI_VERSION_PREFIX = "plugins.cni.version.";
    public static final String BRIDGE_ATTRIBUTE = "nomad.bridge.hairpin_mode";
    public static final String UNKNOWN = "unknown";

    private static final Logger LOG = LoggerFactory.getLogger(BridgeFingerprint.class);
    private static final Pattern SEMVER = Pattern.compile("(?<![\\w.])v?(\\d+\\.\\d+\\.\\d+(?:[-+][0-9A-Za-z.-]+)?)");

    private BridgeFingerprint() {
    }

    /** The attributes of this host. */
    public static Map<String, String> read(List<Path> cniPath, BridgeConfig config) {
        Map<String, String> a = new TreeMap<>(plugins(cniPath));
        Optional<String> missing = missingForBridge(Path.of("/"));
        if (missing.isEmpty()) {
            a.put(BRIDGE_ATTRIBUTE, Boolean.toString(config.hairpin()));
        } else {
            LOG.warn("Bridge network mode disabled: {}", missing.get());
        }
        return a;
    }

    /** Each executable of the path, first directory first, with its version. */
    static Map<String, String> plugins(List<Path> cniPath) {
        Map<String, String> a = new TreeMap<>();
        for (Path dir : cniPath) {
            try (Stream<Path> entries = Files.list(dir)) {
                entries.filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).sorted().forEach(p ->
                        a.putIfAbsent(CNI_VERSION_PREFIX + p.getFileName(), version(p)));
            } catch (IOException e) {
                LOG.debug("No CNI plugins in {}: {}", dir, e.toString());
            }
        }
        return a;
    }

    /** The first semantic version a plugin prints about itself. */
    static String version(Path plugin) {
        try {
            Process p = new ProcessBuilder(plugin.toString()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return UNKNOWN;
            }
            return versionIn(out);
        } catch (IOException e) {
            return UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN;
        }
    }

    /** "CNI bridge plugin v1.4.0" gives 1.4.0; the line of protocol versions is not the plugin's own. */
    static String versionIn(String output) {
        for (String line : output.split("\n")) {
            if (line.startsWith("CNI protocol versions")) {
                continue;
            }
            Matcher m = SEMVER.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        return UNKNOWN;
    }

    /** Why the host under {@code root} cannot have bridge networks, or empty when it can. */
    static Optional<String> missingForBridge(Path root) {
        boolean module = Files.isDirectory(root.resolve("sys/module/bridge"))
                || contains(root.resolve("proc/modules"), "bridge ")
                || contains(root.resolve("lib/modules/" + System.getProperty("os.version") + "/modules.builtin"),
                        "/bridge.ko");
        if (!module) {
            return Optional.of("failed to detect bridge kernel module");
        }
        for (String tool : List.of("ip", "iptables")) {
            if (HostCommands.locate(tool).isEmpty()) {
                return Optional.of("no " + tool + " command found");
            }
        }
        return Optional.empty();
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}

package org.drover.driver.java;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java installation: its {@code bin/java} and what {@code java -version}
 * says of it, the three lines Nomad's java driver turns into attributes.
 *
 * @param home    the Java home
 * @param version e.g. {@code 17.0.15}
 * @param runtime the runtime line, e.g. {@code OpenJDK Runtime Environment (build 17.0.15+6)}
 * @param vm      the VM line, e.g. {@code OpenJDK 64-Bit Server VM (build 17.0.15+6, mixed mode)}
 */
record Jvm(Path home, String version, String runtime, String vm) {

    private static final Pattern VERSION = Pattern.compile("version \"([^\"]+)\"");

    static Path executable(Path home) {
        return home.resolve("bin").resolve("java");
    }

    /** Runs {@code java -version} of {@code home}; throws with the reason when it is no usable JVM. */
    static Jvm probe(Path home) throws IOException {
        Path java = executable(home);
        if (!Files.isRegularFile(java) || !Files.isExecutable(java)) {
            throw new IOException("no executable " + java);
        }
        Process p = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(java + " -version failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while probing " + java);
        }
        return parse(home, out);
    }

    /** Reads {@code java -version}'s output; JVM warnings may precede the three lines. */
    static Jvm parse(Path home, String output) throws IOException {
        List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (int i = 0; i + 2 < lines.size(); i++) {
            Matcher m = VERSION.matcher(lines.get(i));
            if (m.find()) {
                return new Jvm(home, m.group(1), lines.get(i + 1), lines.get(i + 2));
            }
        }
        throw new IOException("cannot read the version of " + executable(home) + " from: " + output.strip());
    }

    Map<String, String> attributes() {
        return Map.of("driver.java.version", version, "driver.java.runtime", runtime, "driver.java.vm", vm,
                "driver.java.home", home.toString());
    }
}

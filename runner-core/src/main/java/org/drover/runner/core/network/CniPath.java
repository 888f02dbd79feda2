package org.drover.runner.core.network;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Where the CNI plugins are looked for, Nomad's client {@code cni_path}: the agent's setting, else
 * the {@code CNI_PATH} environment variable, else Nomad's {@code /opt/cni/bin} and then
 * {@code /usr/lib/cni}, where Debian's containernetworking-plugins puts them. Directories are
 * separated by {@code :}.
 */
public final class CniPath {

    /** The framework property the agent's {@code cni_path} setting is passed in. */
    public static final String PROPERTY = "drover.cni.path";
    public static final String DEFAULT = "/opt/cni/bin:/usr/lib/cni";

    private CniPath() {
    }

    /** @param framework framework properties; @param env the agent's environment */
    public static List<Path> of(UnaryOperator<String> framework, UnaryOperator<String> env) {
        String configured = framework.apply(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = env.apply("CNI_PATH");
        }
        if (configured == null || configured.isBlank()) {
            configured = DEFAULT;
        }
        return Arrays.stream(configured.split(":")).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of)
                .toList();
    }

    public static String join(List<Path> path) {
        return String.join(":", path.stream().map(Path::toString).toList());
    }
}

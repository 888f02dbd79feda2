package org.drover.runner.core.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The CNI plugin protocol for a configuration list, as libcni runs one: ADD calls each plugin in
 * order, giving each the previous one's result as {@code prevResult} and the port mappings to a
 * plugin that has the {@code portMappings} capability; DEL calls them in reverse order, each given
 * the ADD's result. A plugin is an executable named by its {@code type}, found in the CNI path,
 * told the command and the container in {@code CNI_*} variables, its configuration on stdin.
 */
public final class CniPlugins {

    /** Runs one plugin; a seam for tests. */
    public interface Exec {
        Output run(Path plugin, Map<String, String> env, String stdin) throws IOException;
    }

    public record Output(int exitCode, String stdout, String stderr) {
    }

    /**
     * One ADD or DEL: the container ID (the allocation's ID, as Nomad passes it), the namespace's
     * path, the interface to make in it, the {@code CNI_ARGS} and the port mappings.
     */
    public record Invocation(String containerId, String netns, String ifName, Map<String, String> args,
            List<PortMapping> ports) {
        public Invocation {
            args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
            ports = List.copyOf(ports);
        }
    }

    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final long TIMEOUT_SECONDS = 60;

    private final List<Path> path;
    private final Exec exec;

    public CniPlugins(List<Path> path, Exec exec) {
        this.path = List.copyOf(path);
        this.exec = exec;
    }

    /** Plugins run as processes of this host. */
    public static CniPlugins system(List<Path> path) {
        return new CniPlugins(path, CniPlugins::runProcess);
    }

    public List<Path> path() {
        return path;
    }

    /** The first executable of that name in the CNI path. */
    public Optional<Path> find(String type) {
        return path.stream().map(dir -> dir.resolve(type)).filter(Files::isExecutable).findFirst();
    }

    /** Runs ADD through the list; the last plugin's result. */
    public CniResult add(List<Map<String, Object>> plugins, Invocation inv) {
        Object prev = null;
        String last = null;
        for (Map<String, Object> plugin : plugins) {
            last = call("ADD", plugin, inv, prev);
            try {
                prev = Json.read(last);
            } catch (IllegalArgumentException e) {
                throw new CniException("plugin type=\"" + plugin.get("type") + "\" failed (add): unreadable result: "
                        + e.getMessage());
            }
        }
        return CniResult.parse(last);
    }

    /**
     * Runs DEL through the list in reverse, every plugin even when one fails (what it leaves behind
     * is as much cleaned as it can be); the first failure is thrown after the last plugin.
     */
    public void del(List<Map<String, Object>> plugins, Invocation inv, String addResult) {
        Object prev = addResult == null || addResult.isEmpty() ? null : Json.read(addResult);
        CniException first = null;
        for (int i = plugins.size() - 1; i >= 0; i--) {
            try {
                call("DEL", plugins.get(i), inv, prev);
            } catch (CniException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** A plugin's configuration as the protocol hands it over: the list's name and version added. */
    static String pluginConfig(Map<String, Object> plugin, Invocation inv, Object prevResult) {
        Map<String, Object> conf = new LinkedHashMap<>(plugin);
        conf.put("cniVersion", BridgeConfig.CNI_VERSION);
        conf.put("name", BridgeConfig.NETWORK_NAME);
        if (plugin.get("capabilities") instanceof Map<?, ?> caps && Boolean.TRUE.equals(caps.get("portMappings"))) {
            conf.put("runtimeConfig", Map.of("portMappings",
                    inv.ports().stream().map(PortMapping::toJson).toList()));
        }
        if (prevResult != null) {
            conf.put("prevResult", prevResult);
        }
        return Json.write(conf);
    }

    /** {@code CNI_ARGS}: {@code K=V} pairs joined by {@code ;}. */
    static String cniArgs(Map<String, String> args) {
        return args.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
    }

    private String call(String command, Map<String, Object> plugin, Invocation inv, Object prevResult) {
        String type = String.valueOf(plugin.get("type"));
        String verb = command.toLowerCase(java.util.Locale.ROOT);
        Path exe = find(type).orElseThrow(() -> new CniException("failed to find plugin \"" + type + "\" in path "
                + path.stream().map(Path::toString).toList()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", inv.containerId());
        env.put("CNI_NETNS", inv.netns());
        env.put("CNI_IFNAME", inv.ifName());
        env.put("CNI_ARGS", cniArgs(inv.args()));
        env.put("CNI_PATH", path.stream().map(Path::toString).collect(Collectors.joining(":")));
        // The plugins run iptables and ip themselves.
        env.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse(DEFAULT_PATH));
        Output out;
        try {
            out = exec.run(exe, env, pluginConfig(plugin, inv, prevResult));
        } catch (IOException e) {
            throw new CniException("plugin type=\"" + type + "\" failed (" + verb + "): " + e.getMessage());
        }
        if (out.exitCode() != 0) {
            throw new CniException("plugin type=\"" + type + "\" failed (" + verb + "): " + errorMessage(out));
        }
        return out.stdout();
    }

    /** The protocol's error object ({@code code}, {@code msg}, {@code details}), or what the plugin printed. */
    static String errorMessage(Output out) {
        try {
            if (Json.read(out.stdout()) instanceof Map<?, ?> err && err.get("msg") != null) {
                Object details = err.get("details");
                return err.get("msg") + (details == null || details.toString().isEmpty() ? "" : "; " + details);
            }
        } catch (IllegalArgumentException e) {
            // not the protocol's error: what it printed says more
        }
        String text = (out.stdout().strip() + " " + out.stderr().strip()).strip();
        return text.isEmpty() ? "exit status " + out.exitCode() : text;
    }

    private static Output runProcess(Path plugin, Map<String, String> env, String stdin) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(plugin.toString());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = readAll(p.getInputStream());
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("no answer within " + TIMEOUT_SECONDS + "s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted");
        }
        return new Output(p.exitValue(), out, err.join());
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For messages: the plugins a list needs that the path lacks. */
    public List<String> missing(List<String> types) {
        List<String> out = new ArrayList<>();
        types.stream().filter(t -> find(t).isEmpty()).forEach(out::add);
        return out;
    }
}

package org.drover.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The side-by-side reference for P2: supervisord (Debian's {@code supervisor}
 * package) starting the same number of sleep programs, timed as
 * {@code supervisorctl start all}. Absent supervisord is reported, not faked.
 */
final class Supervisord {

    record Result(long nanos, int running, String version) {
        String row(int n) {
            if (version == null) {
                return "| reference: supervisord | not installed (`apt-get install supervisor`) | |\n";
            }
            return String.format("| reference: supervisord %s, `supervisorctl start all` (%d running) | %.2f s | %.0f |%n",
                    version, running, nanos / 1e9, n / (nanos / 1e9));
        }
    }

    private Supervisord() {
    }

    static Result startAll(int programs, String sleepArg) throws Exception {
        if (!onPath("supervisord")) {
            return new Result(0, 0, null);
        }
        Path dir = Files.createTempDirectory("drover-bench-supervisord");
        Files.createDirectories(dir.resolve("logs"));
        Path conf = dir.resolve("supervisord.conf");
        StringBuilder c = new StringBuilder();
        c.append("[unix_http_server]\nfile=").append(dir.resolve("sock")).append("\n\n")
                .append("[supervisord]\nnodaemon=true\nminfds=").append(2 * programs + 1024)
                .append("\nlogfile=").append(dir.resolve("supervisord.log"))
                .append("\npidfile=").append(dir.resolve("supervisord.pid"))
                .append("\nchildlogdir=").append(dir.resolve("logs")).append("\n\n")
                .append("[rpcinterface:supervisor]\n")
                .append("supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n")
                .append("[supervisorctl]\nserverurl=unix://").append(dir.resolve("sock")).append("\n\n");
        for (int i = 0; i < programs; i++) {
            // startsecs=0: a program counts as running once spawned, as a Drover task does
            c.append("[program:s").append(i).append("]\ncommand=/bin/sleep ").append(sleepArg)
                    .append("\nautostart=false\nstartsecs=0\n\n");
        }
        Files.writeString(conf, c);
        Process daemon = new ProcessBuilder("supervisord", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile()).start();
        try {
            TaskScaleBenchmark.Poll.until(() -> ctl(conf, "version").exit() == 0 || !daemon.isAlive(), 60,
                    "supervisord answering");
            String version = ctl(conf, "version").out().strip();
            long t0 = System.nanoTime();
            Ctl start = ctl(conf, "start", "all");
            long took = System.nanoTime() - t0;
            if (start.exit() != 0) {
                throw new IOException("supervisorctl start all: " + start.out());
            }
            int running = TaskProcesses.pids(sleepArg).size();
            return new Result(took, running, version);
        } finally {
            ctl(conf, "shutdown");
            if (!daemon.waitFor(120, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
            TaskProcesses.killAll(sleepArg);
        }
    }

    record Ctl(int exit, String out) {
    }

    private static Ctl ctl(Path conf, String... args) {
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of("supervisorctl", "-c", conf.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(300, TimeUnit.SECONDS);
            return new Ctl(p.exitValue(), out);
        } catch (IOException e) {
            return new Ctl(2, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Ctl(2, e.toString());
        }
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}

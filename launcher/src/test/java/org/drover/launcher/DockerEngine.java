package org.drover.launcher;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;


/**
 * The docker tests' precondition, as in the driver's own tests: CI always has
 * a Docker Engine and the test image (its run makes them), so there a missing
 * one fails; elsewhere the test is skipped, saying how to enable it.
 */
final class DockerEngine {

    static final String IMAGE = "drover-test/busybox:latest";
    /** The pause image .ci/docker-test-image makes: a bridge group's namespace is held by a container of it. */
    static final String PAUSE = "drover-test/pause:latest";

    private DockerEngine() {
    }

    static void require() throws Exception {
        String problem = null;
        try {
            for (String image : java.util.List.of(IMAGE, PAUSE)) {
                Result r = docker("image", "inspect", "--format", "{{.Id}}", image);
                if (r.code() != 0 && problem == null) {
                    problem = "no Docker Engine with the image " + image + ": " + r.output().strip();
                }
            }
        } catch (java.io.IOException e) {
            problem = "no docker command: " + e.getMessage();
        }
        if (problem == null) {
            return;
        }
        // Never skipped: .ci/run installs and starts an Engine and makes the images, so a gap here is a failure.
        throw new AssertionError(problem + ". To run the docker tests, start a Docker Engine and run"
                + " .ci/docker-test-image (as .ci/run does)");
    }

    record Result(int code, String output) {
    }

    static Result docker(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    /** The container of an allocation's task, by Drover's label. */
    static String containerOf(String allocId) throws Exception {
        return docker("ps", "-aq", "--no-trunc", "--filter", "label=org.drover.alloc_id=" + allocId).output().strip();
    }

    /** The number on the last "line N" the container wrote, asked of the Engine. */
    static int lastLine(String container) throws Exception {
        String out = docker("logs", "--tail", "1", container).output().strip();
        return out.startsWith("line ") ? Integer.parseInt(out.substring(5)) : 0;
    }

    /** A shell script writing numbered lines until /local/gate exists, then "done". */
    static final String COUNTER = "i=0; while [ ! -e /local/gate ]; do i=$((i+1)); echo line $i; sleep 0.01; done;"
            + " echo done; exit 4";

    static void assertContinuous(List<String> lines) {
        if (!lines.get(lines.size() - 1).equals("done")) {
            throw new AssertionError("the log does not end with done: " + lines.subList(Math.max(0,
                    lines.size() - 3), lines.size()));
        }
        for (int i = 0; i < lines.size() - 1; i++) {
            if (!lines.get(i).equals("line " + (i + 1))) {
                throw new AssertionError("line " + (i + 1) + " is \"" + lines.get(i) + "\": a line lost or repeated");
            }
        }
    }
}

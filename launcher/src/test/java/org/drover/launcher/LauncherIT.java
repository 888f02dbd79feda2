package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as operators run it: a separate process on a temporary data dir. */
class LauncherIT {

    static final Path MOCK_DRIVER = Path.of(System.getProperty("drover.test.bundles", "target/test-bundles"))
            .resolve("driver-mock.jar");
    static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(30);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    static final String READY = "Drover agent ready: version \\S+, data dir (\\S+), deploy dir (\\S+), API (\\S+),"
            + " drivers: (.+)$";
    static final String MOCK_UP = "Driver mock available from bundle org\\.drover\\.driver\\.mock \\S+ \\[(\\d+)\\]";
    static final String MOCK_GONE = "Driver mock gone";

    @TempDir
    Path tmp;

    @Test
    void deployDirInstallsUpdatesAndUninstallsDriversAndSigtermStopsCleanly() throws Exception {
        Path data = tmp.resolve("data");
        Path deploy = data.resolve("deploy");
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("console.txt"), "agent", "--data-dir", data.toString())) {
            Matcher ready = agent.awaitLine(READY);
            assertEquals(data.toString(), ready.group(1));
            assertEquals(deploy.toString(), ready.group(2));
            assertEquals("docker, exec, java, raw_exec", ready.group(4), "the built-in drivers");

            int mark = agent.lineCount();
            deploy(MOCK_DRIVER, deploy.resolve("mock.jar"), 0);
            String bundleId = agent.awaitLine(MOCK_UP, mark, DEPLOY_TIMEOUT).group(1);

            // Replaced: FileInstall updates the same bundle in place (same id), so the driver is
            // unregistered and registered again.
            mark = agent.lineCount();
            deploy(MOCK_DRIVER, deploy.resolve("mock.jar"), 5);
            agent.awaitLine(MOCK_GONE, mark, DEPLOY_TIMEOUT);
            assertEquals(bundleId, agent.awaitLine(MOCK_UP, mark, DEPLOY_TIMEOUT).group(1));

            mark = agent.lineCount();
            Files.delete(deploy.resolve("mock.jar"));
            agent.awaitLine(MOCK_GONE, mark, DEPLOY_TIMEOUT);

            assertEquals(0, agent.terminate(STOP_TIMEOUT));
            assertTrue(agent.console().contains("Drover agent stopped"), agent.console());
        }
        String log = Files.readString(data.resolve("logs/agent.log"));
        assertTrue(log.contains("Drover agent ready"), log);
        assertTrue(log.contains("Driver mock available"), log);
    }

    @Test
    void driversAlreadyInTheDeployDirAreUpWhenTheAgentSaysReady() throws Exception {
        Path data = tmp.resolve("data");
        Path deploy = tmp.resolve("elsewhere");
        Files.createDirectories(deploy);
        deploy(MOCK_DRIVER, deploy.resolve("mock.jar"), 0);
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("console.txt"),
                "agent", "--data-dir", data.toString(), "--deploy-dir", deploy.toString())) {
            Matcher ready = agent.awaitLine(READY);
            assertEquals(deploy.toString(), ready.group(2));
            assertEquals("docker, exec, java, mock, raw_exec", ready.group(4));
            assertEquals(0, agent.terminate(STOP_TIMEOUT));
        }
    }

    @Test
    void theApiListensOnLoopbackUnlessToldAndWarnsLoudlyWithoutATokenElsewhere() throws Exception {
        AgentProcess.Result help = AgentProcess.run(tmp, "agent", "--help");
        assertTrue(help.stdout().contains("default: 127.0.0.1:4646"), help.stdout());
        int port = AgentProcess.freePort();
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("console.txt"), "agent", "--data-dir",
                tmp.resolve("data").toString(), "--http-addr", "0.0.0.0:" + port)) {
            agent.awaitLine(READY);
            agent.awaitLine("WARN .*WARNING: the HTTP API listens on http://0\\.0\\.0\\.0:" + port
                    + " without a token: anyone who reaches this address can run programs on this node", 0,
                    DEPLOY_TIMEOUT);
            assertEquals(0, agent.terminate(STOP_TIMEOUT));
        }
    }

    /** The Gogo bundles are installed only for --shell; then Drover's commands answer on the console. */
    @Test
    void withShellTheConsoleAnswersDroverCommands() throws Exception {
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("console.txt"),
                "agent", "--data-dir", tmp.resolve("data").toString(), "--shell")) {
            agent.awaitLine(READY);
            int mark = agent.lineCount();
            agent.type("drover:drivers");
            agent.awaitLine("raw_exec\\s+healthy\\s", mark, DEPLOY_TIMEOUT);
            agent.type("drover:status");
            agent.awaitLine("No jobs", mark, DEPLOY_TIMEOUT);
            assertEquals(0, agent.terminate(STOP_TIMEOUT));
        }
    }

    @Test
    void aSecondAgentOnTheSameDataDirIsRefusedAndTheLockDiesWithItsOwner() throws Exception {
        Path data = tmp.resolve("data");
        try (AgentProcess first = AgentProcess.start(tmp.resolve("first.txt"), "agent", "--data-dir", data.toString())) {
            first.awaitLine(READY);

            AgentProcess.Result second = AgentProcess.run(tmp, "agent", "--data-dir", data.toString());
            assertEquals(1, second.exitCode());
            assertEquals(List.of("drover: data dir " + data + " is in use by another agent (pid " + first.pid()
                    + "); stop it first or pass another --data-dir"), second.stderrLines());
            assertTrue(first.isAlive());

            first.close(); // SIGKILL: the OS releases the lock, no stale lock file blocks the next agent
        }
        try (AgentProcess again = AgentProcess.start(tmp.resolve("again.txt"), "agent", "--data-dir", data.toString())) {
            again.awaitLine(READY);
            assertEquals(0, again.terminate(STOP_TIMEOUT));
        }
    }

    /**
     * Another agent holds the port: one line naming the address and the cause, exit code 1, and no
     * "ready" (the readiness probe used to reach the other agent's API and take it for its own).
     */
    @Test
    void aPortInUseIsOneLineAndNoReady() throws Exception {
        try (AgentProcess first = AgentProcess.start(tmp.resolve("first.txt"), "agent", "--data-dir",
                tmp.resolve("first").toString())) {
            first.awaitLine(READY);
            String address = first.api().replace("http://", "");
            AgentProcess.Result second = AgentProcess.run(tmp, "agent", "--data-dir", tmp.resolve("second").toString(),
                    "--http-addr", address);
            assertEquals(1, second.exitCode(), second.stdout());
            assertEquals(List.of("drover: cannot listen on " + address + ": Address already in use; stop what listens"
                    + " there (another agent?) or pass another --http-addr"), second.stderrLines());
            assertFalse(second.stdout().contains("ready"), second.stdout());
            assertFalse(second.stdout().contains("\tat "), second.stdout());
            assertTrue(first.isAlive());
        }
    }

    @Test
    void versionPrintsTheVersionAndTheRevisionAsNomadDoes() throws Exception {
        for (String[] args : new String[][] {{"version"}, {"--version"}}) {
            AgentProcess.Result r = AgentProcess.run(tmp, args);
            assertEquals(0, r.exitCode(), r.stderr());
            List<String> lines = r.stdout().lines().toList();
            assertTrue(lines.get(0).matches("Drover v\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), r.stdout());
            // Built from a git checkout here; a tree without history prints the first line alone.
            assertTrue(lines.size() == 2 && lines.get(1).matches("Revision \\p{XDigit}{40}"), r.stdout());
        }
    }

    @Test
    void aBadFlagIsOneLineAndExitCodeTwo() throws Exception {
        AgentProcess.Result result = AgentProcess.run(tmp, "agent", "--no-such-flag");
        assertEquals(2, result.exitCode());
        assertEquals(List.of("drover: Unknown option: '--no-such-flag' (see 'drover agent --help')"),
                result.stderrLines());
    }

    @Test
    void aDataDirThatCannotBeCreatedIsOneLineAndExitCodeOne() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Path data = file.resolve("data");
        AgentProcess.Result result = AgentProcess.run(tmp, "agent", "--data-dir", data.toString());
        assertEquals(1, result.exitCode());
        assertEquals(List.of("drover: cannot create data dir " + data + ": Not a directory"), result.stderrLines());
        assertFalse(Files.exists(data));
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        for (List<String> args : List.of(List.of("--help"), List.of("agent", "--help"), List.of("help", "agent"))) {
            AgentProcess.Result result = AgentProcess.run(tmp, args.toArray(String[]::new));
            assertEquals(0, result.exitCode(), args + ": " + result);
            assertTrue(result.stdout().startsWith("Usage: drover"), args + ": " + result.stdout());
        }
        assertTrue(AgentProcess.run(tmp, "agent", "--help").stdout().contains("--deploy-dir=DIR"));
        assertTrue(AgentProcess.run(tmp, "--help").stdout().contains("agent"));
    }

    /**
     * Copies a jar into a deploy dir the way operators are told to: write a
     * temporary name FileInstall ignores, then rename, so it never sees half a jar.
     * A replacement gets a later modification time, which is what FileInstall compares.
     */
    static void deploy(Path jar, Path target, int secondsLater) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
        FileTime base = Files.exists(target) ? Files.getLastModifiedTime(target) : Files.getLastModifiedTime(partial);
        Files.setLastModifiedTime(partial, FileTime.fromMillis(base.toMillis() + secondsLater * 1000L));
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

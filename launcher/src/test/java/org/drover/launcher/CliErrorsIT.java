package org.drover.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line given bad input, as a new user gives it: every failure is one line on stderr
 * naming what to change, exit code 1 (2 for a bad flag), and a stack trace only with -v.
 */
class CliErrorsIT {

    static final String TOKEN = "s3cret";

    @TempDir
    Path tmp;

    record Case(List<String> args, int exitCode, String stderr) {
    }

    static Case fails(int exitCode, String stderr, String... args) {
        return new Case(List.of(args), exitCode, stderr);
    }

    private void check(List<Case> cases) throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            AgentProcess.Result r = AgentProcess.run(tmp, c.args().toArray(String[]::new));
            if (r.exitCode() != c.exitCode() || !r.stderrLines().equals(List.of(c.stderr()))) {
                wrong.add(c.args() + ": exit " + r.exitCode() + ", stderr:\n" + r.stderr() + "expected exit "
                        + c.exitCode() + ", stderr:\n" + c.stderr());
            }
        }
        assertEquals(List.of(), wrong, String.join("\n\n", wrong));
    }

    @Test
    void withNoAgentEveryCommandSaysWhereItLookedAndWhatToDo() throws Exception {
        int port = AgentProcess.freePort();
        String nowhere = "http://127.0.0.1:" + port;
        String noAgent = "drover: no Drover agent answers at " + nowhere + " (ConnectException); start one with"
                + " 'drover agent', or point --address (DROVER_ADDR) at one";
        Path missing = tmp.resolve("missing.nomad");
        Path latin1 = Files.write(tmp.resolve("latin1.nomad"), "job \"caf\u00e9\" {}\n".getBytes(
                StandardCharsets.ISO_8859_1));
        Path unset = Files.writeString(tmp.resolve("unset.nomad"), "variable \"image\" {\n  type = string\n}\n"
                + "job \"j\" {}\n");
        check(List.of(
                fails(1, "drover: " + unset + ":1: Unset variable \"image\"; a used variable must be set or have a"
                        + " default value (-var, -var-file or NOMAD_VAR_image)", "validate", unset.toString()),
                fails(1, "drover: " + unset + ": Undefined -var variable \"imgae\"; it was given with -var but the"
                        + " job file does not declare it: add variable \"imgae\" { … }", "validate", "-var",
                        "imgae=busybox", unset.toString()),
                fails(1, "drover: " + latin1 + ": cannot read: not UTF-8 text", "validate", latin1.toString()),
                fails(1, noAgent, "status", "--address", nowhere),
                fails(1, noAgent, "status", "--address", "127.0.0.1:" + port, "web"),
                fails(1, noAgent, "alloc", "status", "--address", nowhere, "abc"),
                fails(1, noAgent, "alloc", "logs", "--address", nowhere, "abc", "t"),
                fails(1, noAgent, "stop", "--address", nowhere, "web"),
                fails(1, noAgent, "drivers", "--address", nowhere),
                fails(1, noAgent, "system", "gc", "--address", nowhere),
                fails(1, "drover: " + missing + ": cannot read: no such file", "validate", missing.toString()),
                fails(1, "drover: " + missing + ": cannot read: no such file", "run", missing.toString()),
                fails(1, "drover: " + tmp + ": cannot read: Is a directory", "validate", tmp.toString()),
                fails(2, "drover: --address: expected http://HOST:PORT or HOST:PORT, got \"127.0.0.1:4646/v1\""
                        + " (the agent's API is at the address itself, without a path) (see 'drover status --help')",
                        "status", "--address", "127.0.0.1:4646/v1"),
                fails(2, "drover: --address: expected http://HOST:PORT or HOST:PORT, got \"ftp://127.0.0.1:4646\""
                        + " (the scheme is http or https, not ftp) (see 'drover drivers --help')",
                        "drivers", "--address", "ftp://127.0.0.1:4646"),
                fails(2, "drover: Unknown option: '--nope' (see 'drover status --help')", "status", "--nope"),
                fails(2, "drover: Missing required parameter: 'JOB' (see 'drover stop --help')", "stop"),
                fails(2, "drover: a subcommand is required: gc (see 'drover system --help')", "system"),
                fails(2, "drover: -json: a task's output is printed as the task wrote it; 'drover alloc status"
                        + " -json abc' gives the task's state as JSON (see 'drover alloc logs --help')",
                        "alloc", "logs", "-json", "abc")));
    }

    @Test
    void againstAnAgentItsRefusalsAreOneLine() throws Exception {
        Path job = Files.writeString(tmp.resolve("job.nomad"), "job \"j\" {\n  type = \"batch\"\n  group \"g\" {\n"
                + "    task \"t\" {\n      driver = \"raw_exec\"\n      config {\n        command = \"true\"\n"
                + "      }\n    }\n  }\n}\n");
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("console.txt"), "agent", "--data-dir",
                tmp.resolve("data").toString(), "--token", TOKEN)) {
            agent.awaitLine(LauncherIT.READY);
            String api = agent.api();
            check(List.of(
                    fails(1, "drover: no job no such job", "status", "--address", api, "--token", TOKEN,
                            "no such job"),
                    fails(1, "drover: no allocation with ID or prefix \"zzz\"", "alloc", "status", "--address", api,
                            "--token", TOKEN, "zzz"),
                    fails(1, "drover: no allocation with ID or prefix \"zzz\"", "alloc", "logs", "--address", api,
                            "--token", TOKEN, "zzz", "t"),
                    fails(1, "drover: this agent requires a token (X-Nomad-Token); pass --token (or set"
                            + " DROVER_TOKEN)", "status", "--address", api, "j"),
                    fails(1, "drover: this agent requires a token (X-Nomad-Token); pass --token (or set"
                            + " DROVER_TOKEN)", "run", "--address", api, job.toString()),
                    fails(1, "drover: the token is not valid; check --token (or DROVER_TOKEN)", "stop", "--address",
                            api, "--token", "wrong", "j"),
                    fails(1, "drover: the token is not valid; check --token (or DROVER_TOKEN)", "system", "gc",
                            "--address", api, "--token", "wrong")));
            // With the token, as Nomad's command: done, and nothing printed.
            AgentProcess.Result gc = AgentProcess.run(tmp, "system", "gc", "--address", api, "--token", TOKEN);
            assertEquals(0, gc.exitCode(), gc.stderr());
            assertEquals("", gc.stdout() + gc.stderr());
        }
    }

    /** validate -json answers in the shape of Nomad's validate response, a syntax error included. */
    @Test
    void validateJsonCarriesTheFilesOwnErrors() throws Exception {
        Path job = Files.writeString(tmp.resolve("job.nomad"), "job \"j\" {\n  datacenters = [\"dc1\"\n"
                + "  type = \"batch\"\n}\n");
        AgentProcess.Result r = AgentProcess.run(tmp, "validate", "-json", "--address",
                "127.0.0.1:" + AgentProcess.freePort(), job.toString());
        assertEquals(1, r.exitCode(), r.stderr());
        String error = job + ":2:17: syntax error: Unterminated tuple constructor expression; the list opened here"
                + " has no closing \"]\" (found \"type\" at line 3)";
        com.fasterxml.jackson.databind.node.ObjectNode expected = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode().put("DriverConfigValidated", false);
        expected.putArray("ValidationErrors").add(error);
        expected.put("Error", error).put("Warnings", "");
        assertEquals(expected, new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.stdout()));
        assertEquals("", r.stderr());
    }

    @Test
    void verboseAddsTheStackTraceAfterTheLine() throws Exception {
        Path missing = tmp.resolve("missing.nomad");
        AgentProcess.Result r = AgentProcess.run(tmp, "validate", "-v", missing.toString());
        assertEquals(1, r.exitCode());
        List<String> lines = r.stderrLines();
        assertEquals("drover: " + missing + ": cannot read: no such file", lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("\tat org.drover.launcher.jobs.HclJobFile.read")),
                r.stderr());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Caused by: java.nio.file.NoSuchFileException")),
                r.stderr());
    }

    /**
     * What the command line puts on the wire, read off a socket that answers as the agent does when
     * it knows nothing: path segments and query values percent-encoded (a space is %20, a child
     * job's "/" is %2F), and the token on reads too.
     */
    @Test
    void pathsAreEscapedAndTheTokenGoesOnEveryRequest() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> answer404(server, requests), "fake-404");
            answering.setDaemon(true);
            answering.start();
            String api = "http://127.0.0.1:" + server.getLocalPort();
            AgentProcess.Result status = AgentProcess.run(tmp, "status", "--address", api, "--token", TOKEN,
                    "batch/periodic-1 a+b");
            assertEquals(List.of("drover: no such thing"), status.stderrLines());
            AgentProcess.Result logs = AgentProcess.run(tmp, "alloc", "logs", "--address", api, "--token", TOKEN,
                    "0a1b", "my task");
            assertEquals(List.of("drover: no such thing"), logs.stderrLines());
        }
        assertEquals(List.of("GET /v1/job/batch%2Fperiodic-1%20a%2Bb HTTP/1.1 X-Nomad-Token: " + TOKEN,
                "GET /v1/client/fs/logs/0a1b?task=my%20task&type=stdout&follow=false HTTP/1.1 X-Nomad-Token: "
                        + TOKEN), requests);
    }

    /** Records each request's line and token, and answers 404 as the agent words it. */
    private static void answer404(ServerSocket server, List<String> requests) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.US_ASCII));
                String line = in.readLine();
                String token = "(none)";
                for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                    if (h.regionMatches(true, 0, "X-Nomad-Token:", 0, 14)) {
                        token = h.substring(14).strip();
                    }
                }
                requests.add(line + " X-Nomad-Token: " + token);
                byte[] body = "{\"message\":\"no such thing\"}".getBytes(StandardCharsets.UTF_8);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } catch (java.io.IOException e) {
                return;
            }
        }
    }
}

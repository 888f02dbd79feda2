package org.drover.launcher.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.drover.jobspec.ApiJob;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Job files as the command line reads them: every example, and a table of malformed ones. */
class HclJobFileTest {

    static final Path EXAMPLES = Path.of("../examples");

    @TempDir
    Path tmp;

    static Job job(Path file) throws Exception {
        return ApiJob.parse(HclJobFile.read(file, true).json(), true).job();
    }

    @Test
    void everyExampleParsesStrictly() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            files = s.filter(p -> p.toString().endsWith(".nomad")).sorted().toList();
        }
        assertEquals(List.of("hello.nomad", "leader.nomad", "service.nomad"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path f : files) {
            assertTrue(HclJobFile.read(f, true).warnings().isEmpty(), f.toString());
        }
        Job hello = job(EXAMPLES.resolve("hello.nomad"));
        assertEquals(JobType.BATCH, hello.type());
        Task t = hello.groups().get(0).tasks().get(0);
        assertEquals("raw_exec", t.driver());
        assertEquals("Hello from Drover, ${NOMAD_JOB_NAME}!", t.env().get("GREETING"), "placeholders kept");
        assertEquals(64, t.resources().memoryMb());

        Job service = job(EXAMPLES.resolve("service.nomad"));
        assertEquals(2, service.groups().get(0).count());
        assertEquals("delay", service.groups().get(0).restart().mode().wire());
        assertEquals(java.time.Duration.ofSeconds(10), service.groups().get(0).tasks().get(0).killTimeout());
        assertEquals(new org.drover.runner.api.model.LogConfig(3, 5), service.groups().get(0).tasks().get(0).logs());

        Job leader = job(EXAMPLES.resolve("leader.nomad"));
        assertEquals(List.of(true, false), leader.groups().get(0).tasks().stream().map(Task::leader).toList());
    }

    static final String TASK_OK = "driver = \"raw_exec\"\n      config {\n        command = \"true\"\n      }\n";

    static String job(String groupBody, String taskBody) {
        return "job \"j\" {\n  type = \"batch\"\n  group \"g\" {\n" + groupBody + "    task \"t\" {\n      "
                + taskBody + "    }\n  }\n}\n";
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("syntax", "job \"j\" {\n  group \"g\" {\n    count = = 2\n  }\n}\n",
                        ":3:13: syntax error: Invalid expression; expected a value (a string, a number, a list [...],"
                                + " an object {...}), found \"=\""),
                Arguments.of("unknown field", job("", "drivr = \"raw_exec\"\n"),
                        ":5: job \"j\" group \"g\" task \"t\" drivr: unknown field"),
                Arguments.of("count as text", job("    count = \"two\"\n", TASK_OK),
                        ":4: Job.TaskGroups[\"g\"].Count: must be a whole number, got \"two\" (string)"),
                Arguments.of("bad duration", job("", TASK_OK + "      kill_timeout = \"10 parsecs\"\n"),
                        ":9: Job.TaskGroups[\"g\"].Tasks[\"t\"].KillTimeout: must be a duration such as \"30s\""
                                + " (or nanoseconds), got \"10 parsecs\" (string)"),
                Arguments.of("bad signal", job("", TASK_OK + "      kill_signal = \"SIGFOO\"\n"),
                        ":9: Job.TaskGroups[\"g\"].Tasks[\"t\"].KillSignal: unknown signal \"SIGFOO\""
                                + " (e.g. SIGINT, SIGTERM)"),
                Arguments.of("no driver", job("", "user = \"nobody\"\n"),
                        ":4: Job.TaskGroups[\"g\"].Tasks[\"t\"].Driver: is required"),
                Arguments.of("job type", "job \"j\" {\n  type = \"cron\"\n  group \"g\" {\n    task \"t\" {\n      "
                        + TASK_OK + "    }\n  }\n}\n",
                        ":2: Job.Type: must be service, batch, system or sysbatch, got \"cron\""),
                Arguments.of("memory", job("", TASK_OK + "      resources {\n        memory = 0\n      }\n"),
                        ":10: Job.TaskGroups[\"g\"].Tasks[\"t\"].Resources.MemoryMB: must be between 10 and"
                                + " 4000000, got 0"),
                Arguments.of("restart mode", job("    restart {\n      mode = \"sometimes\"\n    }\n", TASK_OK),
                        ":5: Job.TaskGroups[\"g\"].RestartPolicy.Mode: must be \"fail\" or \"delay\","
                                + " got \"sometimes\""),
                Arguments.of("no groups", "job \"j\" {\n  type = \"batch\"\n}\n",
                        ":1: Job.TaskGroups: needs at least one entry"),
                Arguments.of("two jobs", "job \"a\" {\n}\njob \"b\" {\n}\n",
                        ": job: a job file holds exactly one job \"<name>\" { … } block"),
                Arguments.of("unsupported, strict", job("", TASK_OK + "      service {\n        name = \"web\"\n"
                        + "      }\n"), ":9: Job.TaskGroups[\"g\"].Tasks[\"t\"].Services: is not supported by Drover"
                                + " (strict)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedFileNamesTheFileTheLineAndTheField(String name, String hcl, String expected) throws Exception {
        Path file = tmp.resolve("bad.nomad");
        Files.writeString(file, hcl);
        HclJobFile.JobFileException e = assertThrows(HclJobFile.JobFileException.class,
                () -> HclJobFile.read(file, true));
        assertTrue(e.getMessage().startsWith(file + expected), "expected " + file + expected + "\nbut got "
                + e.getMessage());
    }

    static final Path WEB = Path.of("src/test/resources/jobs/web.nomad");

    /** A service written the way Nomad's job specification shows one reads whole, placeholders kept. */
    @Test
    void aJobInNomadsOwnStyleReadsWhole() throws Exception {
        HclJobFile.Converted c = HclJobFile.read(WEB, false);
        Job job = ApiJob.parse(c.json(), false).job();
        Task t = job.groups().get(0).tasks().get(0);
        assertEquals(List.of("-c", "echo serving on ${NOMAD_PORT_http}; exec sleep 3600"), t.config().get("args"));
        assertEquals("{\"a\": \"${NOMAD_JOB_NAME}\"}", t.env().get("LABELS"));
        assertEquals(java.time.Duration.ofSeconds(20), t.killTimeout());
        assertEquals(3, t.logs().maxFiles());
        assertEquals(200, t.resources().cpuMhz());
        assertEquals(2, c.warnings().size(), c.warnings().toString());
        assertEquals(List.of(new org.drover.runner.api.model.Port("http", 0, 8080, "", false)),
                job.groups().get(0).network().orElseThrow().ports());
    }

    /**
     * Each a realistic slip in that file; a reader without a grammar would run the first four as
     * some other job. Each is one line naming the line and column.
     */
    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                Arguments.of("a list without its ]", "[\"dc1\", \"dc2\"]", "[\"dc1\", \"dc2\"",
                        ":4:17: syntax error: Unterminated tuple constructor expression; the list opened here has no"
                                + " closing \"]\" (found \"type\" at line 5)"),
                Arguments.of("a comma missing between a list's lines", "\"-c\",\n", "\"-c\"\n",
                        ":48:11: syntax error: Missing item separator; expected a comma between the list's items,"
                                + " before \"echo serving on ${N…\""),
                Arguments.of("a comma missing on a list's line", "[\"urlprefix-/\", ", "[\"urlprefix-/\" ",
                        ":24:29: syntax error: Missing item separator; expected a comma between the list's items,"
                                + " before \"v${NOMAD_ALLOC_INDEX}\""),
                Arguments.of("no final }", "  }\n}\n", "  }\n",
                        ":3:11: syntax error: Unclosed configuration block; the block opened here has no closing"
                                + " \"}\" before the end of the file"),
                Arguments.of("an object's comma missing", "meta = {\n    owner = \"frontend\"\n    tier  = \"edge\"\n  }",
                        "meta = { owner = \"frontend\" tier = \"edge\" }",
                        ":7:31: syntax error: Missing attribute separator; expected a comma or a line break between"
                                + " the object's attributes, before \"tier\""),
                Arguments.of("two arguments on a line", "cpu    = 200 // MHz", "cpu    = 200 memory = 64",
                        ":71:22: syntax error: Missing newline after argument; argument cpu ends before \"memory\":"
                                + " put a line break before it"),
                Arguments.of("a quoted argument name", "LISTEN = ", "\"LISTEN\" = ",
                        ":53:9: syntax error: Invalid argument name; argument names are not quoted (HCL 2): write"
                                + " LISTEN = …, or make the block an object: name = { \"LISTEN\" = … }"),
                Arguments.of("a string not closed", "\"/health\"", "\"/health",
                        ":28:20: syntax error: Unterminated template string; the string opened here has no closing"
                                + " quote on its line (a heredoc, <<EOF, spans lines)"),
                Arguments.of("a } too many", "      kill_timeout", "      }\n      kill_timeout",
                        ":77:1: syntax error: Argument or block definition required; this \"}\" closes no block (one"
                                + " too many, or a \"{\" missing before it)"),
                Arguments.of("an argument without =", "count = 2", "count 2",
                        ":13:11: syntax error: Argument or block definition required; expected \"=\" after count for an"
                                + " argument, or \"{\" for a block, found \"2\""),
                Arguments.of("a semicolon", "count = 2", "count = 2;",
                        ":13:14: syntax error: Invalid character; \";\" is not used in HCL (arguments end at the end of"
                                + " the line)"),
                Arguments.of("a heredoc not closed", "EOH\n        destination", "EOF\n        destination",
                        ":58:23: syntax error: Unterminated template string; the heredoc opened here has no line"
                                + " \"EOH\" to end it"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("syntaxErrors")
    void aSyntaxErrorIsOneLineWithItsLineAndColumn(String name, String from, String to, String expected)
            throws Exception {
        String web = Files.readString(WEB);
        assertTrue(web.contains(from), from);
        Path file = tmp.resolve("web.nomad");
        Files.writeString(file, web.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)));
        HclJobFile.JobFileException e = assertThrows(HclJobFile.JobFileException.class,
                () -> HclJobFile.read(file, false));
        assertEquals(file + expected, e.getMessage());
    }

    /** Reading a file with a for-expression prints nothing: the command's output is its own. */
    @Test
    void readingAFileWritesNothingToStandardOutput() throws Exception {
        Path file = tmp.resolve("for.nomad");
        Files.writeString(file, job("", TASK_OK).replace("type = \"batch\"", "type = \"batch\"\n  datacenters = [for d in"
                + " [\"dc1\"] : d]"));
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(printed, true));
        try {
            HclJobFile.read(file, false);
        } finally {
            System.setOut(stdout);
        }
        assertEquals("", printed.toString());
    }

    /** What only the evaluating reader refuses after the structure check is one line too. */
    @Test
    void anErrorOnlyTheEvaluatingReaderFindsIsOneLine() throws Exception {
        Path file = tmp.resolve("bad.nomad");
        Files.writeString(file, "job \"j\" {\n  type = \"batch\"\n  meta = { a = \"\\q\" }\n}\n");
        HclJobFile.JobFileException e = assertThrows(HclJobFile.JobFileException.class,
                () -> HclJobFile.read(file, false));
        assertEquals(file + ":3:17: syntax error: unexpected \"\\\"", e.getMessage());
    }

    @Test
    void aNumberWithAUnitIsADurationWrittenWithoutQuotes() throws Exception {
        Path file = tmp.resolve("bad.nomad");
        Files.writeString(file, job("", TASK_OK + "      kill_timeout = 5s\n"));
        HclJobFile.JobFileException e = assertThrows(HclJobFile.JobFileException.class,
                () -> HclJobFile.read(file, false));
        assertEquals(file + ":9:22: syntax error: Invalid number; 5s is not a number; a duration is a string: \"5s\"",
                e.getMessage());
    }

    @Test
    void unsupportedStanzasAreWarningsUnlessStrict() throws Exception {
        Path file = tmp.resolve("service.nomad");
        Files.writeString(file, job("    network {\n      port \"http\" {}\n    }\n",
                TASK_OK + "      template {\n        data        = \"x\"\n        destination = \"local/x\"\n      }\n"));
        HclJobFile.Converted c = HclJobFile.read(file, false);
        assertEquals(List.of(file + ":12: Job.TaskGroups[\"g\"].Tasks[\"t\"].Templates is not supported by Drover and is ignored"),
                c.warnings());
    }

    /** Nomad reads a bare number as nanoseconds; so does Drover, but says so, naming the line and the field. */
    @Test
    void aNumberWhereADurationGoesIsAWarning() throws Exception {
        Path file = tmp.resolve("durations.nomad");
        Files.writeString(file, job("    restart {\n      interval = \"5m\"\n      delay = 15\n      attempts = 2\n    }\n",
                TASK_OK + "      kill_timeout = 5\n      shutdown_delay = 0\n"));
        HclJobFile.Converted c = HclJobFile.read(file, false);
        assertEquals(List.of(
                file + ":6: job \"j\" group \"g\" restart delay: 15 is 15 nanoseconds; a duration takes its unit,"
                        + " as in \"15s\"",
                file + ":14: job \"j\" group \"g\" task \"t\" kill_timeout: 5 is 5 nanoseconds; a duration takes its"
                        + " unit, as in \"5s\""), c.warnings());
        assertEquals(5, c.json().at("/Job/TaskGroups/0/Tasks/0/KillTimeout").asLong(), "kept as Nomad reads it");
    }

    @Test
    void theApiJsonFormIsReadAsIs() throws Exception {
        Path file = tmp.resolve("job.json");
        Files.writeString(file, "{\"Job\": {\"ID\": \"api\", \"Type\": \"batch\", \"TaskGroups\": [{\"Name\": \"g\","
                + " \"Tasks\": [{\"Name\": \"t\", \"Driver\": \"raw_exec\", \"Config\": {\"command\": \"true\"},"
                + " \"KillTimeout\": 3000000000}]}]}}");
        assertEquals(List.of(), HclJobFile.read(file, false).warnings(), "nanoseconds are the API's unit");
        Job job = job(file);
        assertEquals("api", job.id());
        assertEquals(java.time.Duration.ofSeconds(3), job.groups().get(0).tasks().get(0).killTimeout());
    }

    @Test
    void anApiJsonFileNamesTheLineOfWhatItWarnsAbout() throws Exception {
        Path file = tmp.resolve("lines.json");
        Files.writeString(file, String.join("\n",
                "{",
                "  \"ID\": \"api\", \"Type\": \"batch\",",
                "  \"TaskGroups\": [",
                "    {",
                "      \"Name\": \"g\",",
                "      \"Tasks\": [",
                "        {\"Name\": \"t\", \"Driver\": \"raw_exec\", \"Config\": {\"command\": \"true\"}}",
                "      ],",
                "      \"maxRunDuration\": 60000000000",
                "    }",
                "  ]",
                "}"));
        assertEquals(List.of(file + ":9: Job.TaskGroups[\"g\"].MaxRunDuration is not supported by Drover and is"
                + " ignored"), HclJobFile.read(file, false).warnings());
        HclJobFile.JobFileException e = assertThrows(HclJobFile.JobFileException.class,
                () -> HclJobFile.read(file, true));
        assertEquals(file + ":9: Job.TaskGroups[\"g\"].MaxRunDuration: is not supported by Drover (strict)",
                e.getMessage());
    }

    @Test
    void brokenJsonNamesItsLineAndColumn() throws Exception {
        Path file = tmp.resolve("broken.json");
        Files.writeString(file, "{\"Job\": {\n  \"ID\": \"x\",\n  }\n}");
        HclJobFile.JobFileException e = assertThrows(HclJobFile.JobFileException.class,
                () -> HclJobFile.read(file, false));
        assertEquals(file + ":3:3: not valid JSON: Unexpected character ('}' (code 125)): was expecting double-quote"
                + " to start field name", e.getMessage());
    }
}

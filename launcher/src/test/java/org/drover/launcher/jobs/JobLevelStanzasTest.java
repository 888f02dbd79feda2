package org.drover.launcher.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.drover.jobspec.ApiJob;
import org.drover.runner.api.model.Constraint;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.TaskGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The job- and group-level stanzas of Nomad's job specification, read from a job file and from the API's JSON. */
class JobLevelStanzasTest {

    static final Path DIR = Path.of("src/test/resources/jobspec");

    @TempDir
    Path tmp;

    static Job model(HclJobFile.Converted c) throws Exception {
        return ApiJob.parse(c.json(), false).job();
    }

    /** A warning without its "file:line: " or "file: ". */
    static String text(Path file, String warning) {
        String rest = warning.substring(file.toString().length());
        return rest.replaceFirst("^(:\\d+)?: ", "");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"stanzas", "init"})
    void aJobFileAndItsApiFormGiveTheSameJobAndTheSameWarnings(String name) throws Exception {
        Path hcl = DIR.resolve(name + ".nomad.hcl");
        Path json = DIR.resolve(name + ".json");
        HclJobFile.Converted fromHcl = HclJobFile.read(hcl, false);
        HclJobFile.Converted fromJson = HclJobFile.read(json, false);
        assertEquals(model(fromJson), model(fromHcl));
        assertEquals(fromJson.warnings().stream().map(w -> text(json, w)).toList(),
                fromHcl.warnings().stream().map(w -> text(hcl, w)).toList());
    }

    @Test
    void whatDroverActsOnIsInTheModelAndTheRestInEachLevelsStanzas() throws Exception {
        Job job = model(HclJobFile.read(DIR.resolve("stanzas.nomad.hcl"), false));
        assertEquals(List.of("eu-1", "eu-2"), job.datacenters());
        assertEquals("edge", job.nodePool());
        assertEquals(List.of(new Constraint("${attr.kernel.name}", "=", "linux"),
                new Constraint("", "distinct_hosts", "true")), job.constraints());
        TaskGroup web = job.groups().get(0);
        assertEquals(List.of(new Constraint("${meta.rack}", "regexp", "r[0-9]+"),
                new Constraint("${attr.nomad.version}", "version", ">= 1.2"),
                new Constraint("${meta.rack}", "distinct_property", "2")), web.constraints());
        assertEquals(List.of("Priority", "AllAtOnce", "Affinities", "Spreads", "Update", "Migrate", "Reschedule",
                "Multiregion", "UI"), List.copyOf(job.stanzas().names()), "tokens warned about, never kept");
        assertEquals(Map.of("RenderTemplates", true), web.stanzas().get("RestartPolicy").orElseThrow(),
                "only the part not acted on");
        assertEquals(List.of(new org.drover.runner.api.model.NetworkResource("bridge", "web",
                new org.drover.runner.api.model.Dns(List.of("1.1.1.1"), List.of("shop.internal"), List.of("ndots:2")),
                List.of(new org.drover.runner.api.model.Port("admin", 9000, 0, "private", false),
                        new org.drover.runner.api.model.Port("http", 0, 8080, "", false)))), web.networks(),
                "static ports first, as Nomad keeps them");
        assertTrue(web.stanzas().get("Networks").isEmpty(), "acted on, so not kept as a stanza");
        assertEquals(Map.of("SizeMB", 500L, "Sticky", true, "Migrate", true),
                web.stanzas().get("EphemeralDisk").orElseThrow());
        assertEquals(5_000_000_000L, web.stanzas().get("ShutdownDelay").orElseThrow(), "in nanoseconds");
    }

    static final String NESTED = "job \"j\" {\n  group \"g\" {\n    restart {\n      render_templates = true\n    }\n"
            + "    network {\n      port \"db\" {\n        static = STATIC\n      }\n    }\n    task \"t\" {\n"
            + "      driver = \"raw_exec\"\n      config {\n        command = \"true\"\n      }\n      resources {\n"
            + "        cpu        = 100\n        memory_max = 512\n      }\n    }\n  }\n}\n";

    @Test
    void eachWarningAndErrorNamesItsLineInNestedBlocksAndResources() throws Exception {
        Path file = write(NESTED.replace("STATIC", "8080"));
        assertEquals(List.of(
                file + ":4: Job.TaskGroups[\"g\"].RestartPolicy.RenderTemplates is not supported by Drover and is ignored",
                file + ":18: Job.TaskGroups[\"g\"].Tasks[\"t\"].Resources.MemoryMaxMB is not supported by Drover and is"
                        + " ignored"), HclJobFile.read(file, false).warnings());
        Path bad = write(NESTED.replace("STATIC", "\"high\""));
        HclJobFile.JobFileException e = assertThrows(HclJobFile.JobFileException.class,
                () -> HclJobFile.read(bad, false));
        assertEquals(bad + ":8: Job.TaskGroups[\"g\"].Networks[0].DynamicPorts[\"db\"].Value: must be a whole number,"
                + " got \"high\" (string)", e.getMessage());
    }

    @Test
    void strictTurnsEachWarningIntoAnErrorAtItsLine() throws Exception {
        Path hcl = DIR.resolve("stanzas.nomad.hcl");
        List<String> expected = HclJobFile.read(hcl, false).warnings().stream()
                .map(w -> w.replaceFirst(" (is not supported by Drover).*$", ": $1 (strict)")).toList();
        HclJobFile.JobFileException e = assertThrows(HclJobFile.JobFileException.class,
                () -> HclJobFile.read(hcl, true));
        assertEquals(expected, e.getMessage().lines().toList());
    }

    Path write(String hcl) throws Exception {
        Path file = tmp.resolve("job.nomad.hcl");
        Files.writeString(file, hcl);
        return file;
    }

    static final String TASK = "    task \"t\" {\n      driver = \"raw_exec\"\n      config {\n        command = \"true\"\n"
            + "      }\n    }\n";

    @Test
    void anUnknownFieldIsAnErrorAtItsLineAtEveryDepth() throws Exception {
        Path file = write("job \"j\" {\n  colour = \"red\"\n  update {\n    max_paralel = 1\n  }\n  group \"g\" {\n"
                + "    network {\n      port \"db\" {\n        too = 6379\n      }\n    }\n    constraint {\n"
                + "      atribute = \"x\"\n    }\n" + TASK.replace("      driver", "      resources {\n        cpus = 1\n"
                        + "      }\n      driver") + "  }\n}\n");
        HclJobFile.JobFileException e = assertThrows(HclJobFile.JobFileException.class,
                () -> HclJobFile.read(file, false));
        assertEquals(List.of(
                file + ":2: job \"j\" colour: unknown field",
                file + ":4: job \"j\" update max_paralel: unknown field; did you mean max_parallel?",
                file + ":9: job \"j\" group \"g\" network port \"db\" too: unknown field; did you mean to?",
                file + ":13: job \"j\" group \"g\" constraint atribute: unknown field; did you mean attribute?",
                file + ":17: job \"j\" group \"g\" task \"t\" resources cpus: unknown field; did you mean cpu?"),
                e.getMessage().lines().toList());
    }

    @Test
    void aTaskWrittenInTheJobIsAGroupOfItsOwn() throws Exception {
        Job job = model(HclJobFile.read(write("job \"j\" {\n  type = \"batch\"\n" + TASK.replace("\n    ", "\n  ")
                .replaceFirst("^    ", "  ") + "}\n"), true));
        assertEquals(1, job.groups().size());
        TaskGroup g = job.groups().get(0);
        assertEquals("t", g.name());
        assertEquals(1, g.count(), "Nomad's default count");
        assertEquals(List.of("t"), g.tasks().stream().map(t -> t.name()).toList());
    }

    @Test
    void sysbatchAndTwoDatacentersAreRead() throws Exception {
        Job job = model(HclJobFile.read(write("job \"j\" {\n  type = \"sysbatch\"\n  datacenters = [\"dc1\", \"dc2\"]\n"
                + "  group \"g\" {\n" + TASK + "  }\n}\n"), true));
        assertEquals(JobType.SYSBATCH, job.type());
        assertEquals(List.of("dc1", "dc2"), job.datacenters());
        assertEquals(List.of("*"), model(HclJobFile.read(write("job \"j\" {\n  group \"g\" {\n" + TASK + "  }\n}\n"),
                true)).datacenters(), "Nomad's default");
    }

    @Test
    void aGroupsVaultGoesToEachOfItsTasksWithoutOne() throws Exception {
        Job job = model(HclJobFile.read(write("job \"j\" {\n  group \"g\" {\n    vault {\n      policies = [\"g\"]\n"
                + "    }\n" + TASK + TASK.replace("\"t\"", "\"u\"").replace("      driver", "      vault {\n"
                        + "        policies = [\"u\"]\n      }\n      driver") + "  }\n}\n"), false));
        TaskGroup g = job.groups().get(0);
        assertEquals(Map.of("Policies", List.of("g")), g.tasks().get(0).stanzas().get("Vault").orElseThrow());
        assertEquals(Map.of("Policies", List.of("u")), g.tasks().get(1).stanzas().get("Vault").orElseThrow());
    }

    /** Nomad's reader puts a task's own secrets first, then its group's, then the job's. */
    @Test
    void secretsWrittenForTheJobAndTheGroupGoToEachTask() throws Exception {
        String secret = "  secret \"NAME\" {\n    provider = \"nomad\"\n    path = \"PATH\"\n  }\n";
        Job job = model(HclJobFile.read(write("job \"j\" {\n" + secret.replace("NAME", "a").replace("PATH", "job")
                + "  group \"g\" {\n" + secret.replace("NAME", "b").replace("PATH", "group")
                + TASK.replace("      driver", secret.replace("NAME", "c").replace("PATH", "task") + "      driver")
                + "  }\n}\n"), false));
        assertEquals(List.of(Map.of("Name", "c", "Provider", "nomad", "Path", "task"),
                Map.of("Name", "b", "Provider", "nomad", "Path", "group"),
                Map.of("Name", "a", "Provider", "nomad", "Path", "job")),
                job.groups().get(0).tasks().get(0).stanzas().get("Secrets").orElseThrow());
    }

    @Test
    void aPeriodicJobIsRefusedAtItsLine() throws Exception {
        Path file = write("job \"j\" {\n  type = \"batch\"\n  periodic {\n    cron = \"*/5 * * * *\"\n  }\n"
                + "  group \"g\" {\n" + TASK + "  }\n}\n");
        HclJobFile.JobFileException e = assertThrows(HclJobFile.JobFileException.class,
                () -> HclJobFile.read(file, false));
        assertEquals(file + ":3: Job.Periodic: periodic jobs are not supported yet: Drover would run this job at once,"
                + " not on its schedule", e.getMessage());
    }
}

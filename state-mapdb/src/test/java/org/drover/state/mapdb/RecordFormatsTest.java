package org.drover.state.mapdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Constraint;
import org.drover.runner.api.model.DesiredStatus;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.Resources;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Stanzas;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.HookState;
import org.drover.runner.api.state.LocalTaskState;
import org.junit.jupiter.api.Test;

/**
 * Records written by the previous format (resources/format1, written by the Drover before
 * format 2) read as they were, with the new fields at their meaning for an older record; and
 * format 2 keeps every new field.
 */
class RecordFormatsTest {

    static final String ID = "0b6b0c8e-3c52-4c4b-8f2b-6f8e7d8b1a2c";
    static final Task TASK = new Task("web", "raw_exec", Map.of("command", "/bin/sleep", "args", List.of("60")),
            Map.of("K", "V"), Map.of(), new Resources(200, 128), LogConfig.DEFAULT, Duration.ofSeconds(5), "SIGINT",
            Duration.ZERO, false, "");
    static final Job JOB = new Job("web", "web", JobType.SERVICE, "global", "dc1", "default", Map.of("owner", "ops"),
            List.of(new TaskGroup("g", 1, RestartPolicy.defaultFor(JobType.SERVICE), Map.of(), List.of(TASK))));

    static byte[] resource(String name) throws Exception {
        try (InputStream in = RecordFormatsTest.class.getResourceAsStream("/format1/" + name)) {
            return in.readAllBytes();
        }
    }

    static LocalTaskState local() {
        TaskConfig c = new TaskConfig(ID + "/web/0000abcd", ID, "web", "g", "web", TASK.config(),
                Map.of("NOMAD_TASK_NAME", "web"), TASK.resources(), "", Path.of("/data/alloc/" + ID),
                Path.of("/data/alloc/" + ID + "/web"), Path.of("/data/alloc/" + ID + "/alloc/logs"), LogConfig.DEFAULT);
        return LocalTaskState.EMPTY.withHandle(new TaskHandle(1, "raw_exec", c, "state".getBytes()))
                .withHook("task_dir", new HookState(true, Map.of("task_dir", "/data"), Map.of()));
    }

    @Test
    void formatOneRecordsReadAsRunningUnversionedAndNotKilled() throws Exception {
        Allocation alloc = RecordCodec.decode("allocation", resource("allocation.bin"), RecordCodec::allocation);
        assertEquals(new Allocation(ID, JOB, "g", 0), alloc);
        assertEquals(DesiredStatus.RUN, alloc.desiredStatus());
        assertEquals(0, alloc.job().version());
        assertEquals("", alloc.job().spec());

        LocalTaskState local = RecordCodec.decode("local", resource("local.bin"), RecordCodec::localState);
        assertEquals(local(), local);
        assertFalse(local.killRequested());

        TaskState state = RecordCodec.decode("state", resource("state.bin"), RecordCodec::taskState);
        assertEquals(TaskState.initial().withEvent(TaskEvent.received(1_000), 10).withPhase(TaskPhase.RUNNING, 2_000)
                .withEvent(TaskEvent.started(2_000), 10), state);
    }

    @Test
    void formatTwoKeepsTheDesiredStatusTheSpecTheVersionAndTheKillRequest() {
        Job job = new Job("web", "web", JobType.SERVICE, "global", "dc1", "default", Map.of(), JOB.groups(),
                "9f86d081884c7d65", 7);
        Allocation alloc = new Allocation(ID, job, "g", 0, DesiredStatus.PURGE);
        assertEquals(alloc, RecordCodec.decode("a", RecordCodec.encode(alloc, RecordCodec::allocation),
                RecordCodec::allocation));
        LocalTaskState killed = local().withKillRequested();
        assertEquals(killed, RecordCodec.decode("l", RecordCodec.encode(killed, RecordCodec::localState),
                RecordCodec::localState));
    }

    static byte[] formatTwo(String name) throws Exception {
        try (InputStream in = RecordFormatsTest.class.getResourceAsStream("/format2/" + name)) {
            return in.readAllBytes();
        }
    }

    /** resources/format2 was written by the Drover before format 3. */
    @Test
    void formatTwoRecordsReadAsAnywhereInTheDefaultPoolWithoutConstraintsOrStanzas() throws Exception {
        Allocation alloc = RecordCodec.decode("allocation", formatTwo("allocation.bin"), RecordCodec::allocation);
        Task task = new Task("web", "raw_exec", Map.of("command", "/bin/sleep"), Map.of("K", "V"), Map.of(),
                new Resources(200, 128), LogConfig.DEFAULT, Duration.ofSeconds(5), "SIGINT", Duration.ZERO, false, "");
        Job job = new Job("web", "web", JobType.BATCH, "global", "dc1", "default", Map.of("owner", "ops"),
                List.of(new TaskGroup("g", 2, RestartPolicy.defaultFor(JobType.BATCH), Map.of(), List.of(task))),
                "9f86d081884c7d65", 3);
        assertEquals(new Allocation(ID, job, "g", 1, DesiredStatus.STOP), alloc);
        assertEquals(List.of("*"), alloc.job().datacenters());
        assertEquals("default", alloc.job().nodePool());
        assertEquals(List.of(), alloc.job().groups().get(0).tasks().get(0).constraints());
        assertEquals(Stanzas.NONE, alloc.job().groups().get(0).stanzas());
    }

    @Test
    void formatThreeKeepsDatacentersPoolConstraintsAndStanzasAtEveryLevel() {
        Task task = new Task("web", "raw_exec", TASK.config(), Map.of(), Map.of(), TASK.resources(), LogConfig.DEFAULT,
                Duration.ofSeconds(5), "SIGINT", Duration.ZERO, false, "",
                List.of(new Constraint("${attr.kernel.name}", "=", "linux")),
                new Stanzas(Map.of("Resources", Map.of("MemoryMaxMB", 512L),
                        "Templates", List.of(Map.of("EmbeddedTmpl", "x", "Splay", 5_000_000_000L)))));
        TaskGroup group = new TaskGroup("g", 2, RestartPolicy.defaultFor(JobType.SERVICE), Map.of(), List.of(task),
                List.of(new Constraint("", "distinct_hosts", "true")),
                new Stanzas(Map.of("Networks", List.of(Map.of("Mode", "bridge", "DynamicPorts",
                        List.of(Map.of("Label", "http", "To", 8080L)))), "ShutdownDelay", 5_000_000_000L)));
        Job job = new Job("web", "web", JobType.SYSBATCH, "global", "eu-1", "default", Map.of(), List.of(group),
                "9f86d081884c7d65", 2, List.of("eu-1", "eu-*"), "edge",
                List.of(new Constraint("${meta.rack}", "regexp", "r[0-9]+")),
                new Stanzas(Map.of("Priority", 70L, "AllAtOnce", true, "Weight", 0.5,
                        "UI", Map.of("Links", List.of(Map.of("Label", "Docs"))))));
        Allocation alloc = new Allocation(ID, job, "g", 0, DesiredStatus.RUN);
        assertEquals(alloc, RecordCodec.decode("a", RecordCodec.encode(alloc, RecordCodec::allocation),
                RecordCodec::allocation));
    }
}

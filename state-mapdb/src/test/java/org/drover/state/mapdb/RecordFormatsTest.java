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
import org.drover.runner.api.model.DesiredStatus;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.Resources;
import org.drover.runner.api.model.RestartPolicy;
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
}

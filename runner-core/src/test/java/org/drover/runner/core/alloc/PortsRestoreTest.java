package org.drover.runner.core.alloc;

import static org.drover.runner.core.support.Harness.alloc;
import static org.drover.runner.core.support.Harness.mockTask;
import static org.drover.runner.core.support.Harness.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.model.AllocatedNetwork;
import org.drover.runner.api.model.AllocatedPort;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.JobType;
import org.drover.runner.core.support.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task's ports are its allocation's: in the driver's config at the start, the same after the agent comes back. */
class PortsRestoreTest {

    @TempDir
    Path tmp;

    static final AllocatedNetwork NETWORK = new AllocatedNetwork("host",
            List.of(new AllocatedPort("http", 24817, 8080, "10.1.2.3", false)),
            Map.of("t", List.of(new AllocatedPort("admin", 20001, 0, "10.1.2.3", false))));

    TaskConfig started(Harness h, Allocation a) {
        return h.store.localState(a.id(), "t").orElseThrow().handle().orElseThrow().config();
    }

    @Test
    void theDriverGetsTheGroupsPortsThenTheTasksAndARestartKeepsThem() {
        Harness h = new Harness(tmp.resolve("run"));
        h.addDriver();
        Allocation a = alloc(JobType.SERVICE, policy(0), mockTask("t", Map.of("run_for", "1h"))).withNetwork(NETWORK);
        AllocRunner first = h.run(a);
        TaskConfig config = started(h, a);
        assertEquals(NETWORK.ports(), config.ports());
        assertEquals(NETWORK.tasks().get("t"), config.taskPorts());
        assertEquals(24817, config.port("http").orElseThrow().value());
        assertNull(config.network());
        assertNull(config.dns());
        assertEquals("8080", config.env().get("NOMAD_PORT_http"));
        assertEquals("10.1.2.3:20001", config.env().get("NOMAD_ADDR_admin"));
        first.shutdown();
        h.scheduler.runUntilIdle();

        AllocRunner restored = h.restartAgent();
        h.scheduler.advance(Duration.ofSeconds(5));
        assertEquals(NETWORK, restored.allocation().network());
        assertEquals(config, started(h, a));
        assertEquals(1, h.totalStarts(), "re-attached, not started again");
    }
}

package org.drover.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.drover.runner.api.driver.Capabilities;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.NetworkResource;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Stanzas;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;
import org.junit.jupiter.api.Test;

/** A task whose driver cannot join the group's namespace is refused at submission, in Nomad's words. */
class NetworkModeCheckTest {

    record Caps(Capabilities capabilities) {
    }

    private static Driver driver(Capabilities.NetworkMode... modes) {
        return Partial.of(Driver.class, new Caps(new Capabilities(true, true, Capabilities.FsIsolation.NONE,
                Set.of(modes))));
    }

    private static TaskGroup group(String mode, Task t) {
        return new TaskGroup("g", 1, RestartPolicy.defaultFor(JobType.SERVICE), Map.of(), List.of(t), List.of(),
                Stanzas.NONE, List.of(new NetworkResource(mode, "", null, List.of())));
    }

    private final Task web = Task.of("web", "docker", Map.of());

    @Test
    void aHostOnlyDriverInABridgeGroupIsRefused() {
        assertEquals(Optional.of("task web does not support \"bridge\" networking mode"),
                JobSubmission.networkMode(group("bridge", web), web, driver(Capabilities.NetworkMode.HOST)));
    }

    @Test
    void aDriverThatJoinsTheGroupsNamespaceOrAHostGroupIsFine() {
        assertEquals(Optional.empty(), JobSubmission.networkMode(group("bridge", web), web,
                driver(Capabilities.NetworkMode.HOST, Capabilities.NetworkMode.GROUP)));
        assertEquals(Optional.empty(), JobSubmission.networkMode(group("host", web), web,
                driver(Capabilities.NetworkMode.HOST)));
    }
}

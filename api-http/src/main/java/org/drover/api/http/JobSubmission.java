package org.drover.api.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.drover.jobspec.ApiJob;
import org.drover.jobspec.JobSpecException;
import org.drover.jobspec.Problem;
import org.drover.runner.api.driver.Capabilities;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverCatalog;
import org.drover.runner.api.model.NetworkResource;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A submitted job checked as far as a submission is refused for: Nomad's API
 * form (see {@link ApiJob}), then each task's {@code config} against its
 * driver's schema where the driver is on this node. A driver that is missing
 * or unhealthy does not refuse the job: as in Nomad, the job is registered and
 * its groups wait for the node to have the driver ({@code missing drivers}).
 * Nothing is persisted from a job that fails a check.
 */
final class JobSubmission {

    private JobSubmission() {
    }

    static ApiJob.Parsed check(JsonNode body, boolean strict, DriverCatalog drivers) throws JobSpecException {
        ApiJob.Parsed parsed = ApiJob.parse(body, strict);
        List<Problem> problems = new ArrayList<>();
        for (TaskGroup g : parsed.job().groups()) {
            for (Task t : g.tasks()) {
                String path = "Job.TaskGroups[\"" + g.name() + "\"].Tasks[\"" + t.name() + "\"]";
                Optional<Driver> driver = drivers.find(t.driver());
                if (driver.isPresent()) {
                    for (String p : driver.get().taskConfigSchema().validate(t.driver(), t.config())) {
                        problems.add(new Problem(path + ".Config", p));
                    }
                    networkMode(g, t, driver.get()).ifPresent(p -> problems.add(new Problem(path, p)));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new JobSpecException(problems);
        }
        return parsed;
    }

    /**
     * A task of a group with a namespace of its own (bridge, cni) whose driver cannot join one:
     * Nomad's client refuses the allocation with these words; here the job is refused before it runs.
     */
    static Optional<String> networkMode(TaskGroup g, Task t, Driver driver) {
        Optional<NetworkResource> network = g.network().filter(NetworkResource::isolated);
        if (network.isEmpty() || driver.capabilities().networkModes().contains(Capabilities.NetworkMode.GROUP)) {
            return Optional.empty();
        }
        return Optional.of("task " + t.name() + " does not support \"" + network.get().mode() + "\" networking mode");
    }
}

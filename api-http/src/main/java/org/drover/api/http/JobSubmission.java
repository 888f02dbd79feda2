package org.drover.api.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.drover.jobspec.ApiJob;
import org.drover.jobspec.JobSpecException;
import org.drover.jobspec.Problem;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverCatalog;
import org.drover.runner.api.driver.Fingerprint;
import org.drover.runner.api.driver.Health;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A submitted job checked as far as this node can: Nomad's API form (see
 * {@link ApiJob}), then each task's {@code config} against its driver's
 * schema. Nothing is persisted from a job that fails either check.
 */
final class JobSubmission {

    private JobSubmission() {
    }

    static ApiJob.Parsed check(JsonNode body, boolean strict, DriverCatalog drivers) throws JobSpecException {
        ApiJob.Parsed parsed = ApiJob.parse(body, strict);
        List<Problem> problems = new ArrayList<>();
        // Asked once a driver: a hung one costs the request its bound once, not once a task.
        java.util.Map<String, Fingerprint> health = new java.util.HashMap<>();
        for (TaskGroup g : parsed.job().groups()) {
            for (Task t : g.tasks()) {
                String path = "Job.TaskGroups[\"" + g.name() + "\"].Tasks[\"" + t.name() + "\"]";
                Optional<Driver> driver = drivers.find(t.driver());
                if (driver.isEmpty()) {
                    problems.add(new Problem(path + ".Driver", "no driver \"" + t.driver() + "\" on this node;"
                            + " present: " + String.join(", ", drivers.names())));
                    continue;
                }
                Fingerprint f = health.computeIfAbsent(t.driver(), d -> drivers.fingerprint(d)
                        .orElse(Fingerprint.unhealthy("it left while the job was checked", java.util.Map.of())));
                if (f.health() != Health.HEALTHY) {
                    // Nomad's scheduler finds no node for it ("missing drivers"); on one node that is a refusal.
                    problems.add(new Problem(path + ".Driver", "driver \"" + t.driver() + "\" is "
                            + f.health().name().toLowerCase(java.util.Locale.ROOT) + " on this node: "
                            + f.description()));
                    continue;
                }
                for (String p : driver.get().taskConfigSchema().validate(t.driver(), t.config())) {
                    problems.add(new Problem(path + ".Config", p));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new JobSpecException(problems);
        }
        return parsed;
    }

}

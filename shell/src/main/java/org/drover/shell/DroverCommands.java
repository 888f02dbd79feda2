package org.drover.shell;

import java.util.concurrent.TimeUnit;

import org.drover.runner.api.alloc.AllocationView;
import org.drover.runner.api.driver.DriverCatalog;
import org.drover.runner.api.driver.Health;
import org.drover.runner.api.job.JobService;
import org.drover.runner.api.job.JobView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code drover:status}, {@code drover:drivers} and {@code drover:stop} in the
 * Gogo shell, over the same core services as the HTTP API: for an operator
 * at the agent's console ({@code drover agent --shell}).
 */
@Component(service = DroverCommands.class, property = {"osgi.command.scope=drover",
    "osgi.command.function=status", "osgi.command.function=drivers", "osgi.command.function=stop"})
public final class DroverCommands {

    private final JobService jobs;
    private final DriverCatalog drivers;

    @Activate
    public DroverCommands(@Reference JobService jobs, @Reference DriverCatalog drivers) {
        this.jobs = jobs;
        this.drivers = drivers;
    }

    /** The jobs, one per line: ID, type, status. */
    public String status() {
        StringBuilder out = new StringBuilder();
        for (JobView v : jobs.list()) {
            out.append(String.format("%-24s %-8s %s%n", v.job().id(), v.job().type().wire(), v.status()));
        }
        return out.length() == 0 ? "No jobs" : out.toString().stripTrailing();
    }

    /** One job: its status, then each allocation with its tasks' states. */
    public String status(String job) {
        JobView v = jobs.get(job).orElseThrow(() -> new IllegalArgumentException("no job " + job));
        StringBuilder out = new StringBuilder(v.job().id() + " (" + v.job().type().wire() + "): " + v.status());
        for (AllocationView a : v.allocs()) {
            out.append(String.format("%n  %s %s %s", a.allocation().shortId(), a.allocation().name(), a.status().wire()));
            a.tasks().forEach(t -> out.append(String.format("%n    %s %s%s", t.name(), t.state().phase().wire(),
                    t.state().failed() ? " (failed)" : "")));
        }
        return out.toString();
    }

    /** The drivers: name, health, and why when unhealthy. */
    public String drivers() {
        StringBuilder out = new StringBuilder();
        for (String name : drivers.names()) {
            drivers.fingerprint(name).ifPresent(f -> {
                out.append(String.format("%-10s %-9s %s%n", name, f.health() == Health.HEALTHY ? "healthy"
                        : "unhealthy", f.description()));
            });
        }
        return out.toString().stripTrailing();
    }

    /** Stops a job and waits, up to five minutes, until its tasks are dead. */
    public String stop(String job) throws Exception {
        jobs.stop(job).toCompletableFuture().get(5, TimeUnit.MINUTES);
        return "job " + job + " stopped";
    }
}

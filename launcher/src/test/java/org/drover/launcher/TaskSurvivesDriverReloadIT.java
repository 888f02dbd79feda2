package org.drover.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import javax.inject.Inject;

import org.drover.runner.api.alloc.AllocationService;
import org.drover.runner.api.alloc.DriverAttachment;
import org.drover.runner.api.alloc.TaskView;
import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.state.StateStore;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * A task on the mock driver keeps running while the driver bundle is stopped
 * and started, and updated in place, and while the state store's bundle is
 * restarted: the core re-attaches it each time and never starts it again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TaskSurvivesDriverReloadIT {


    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return new DroverRuntimeIT().config();
    }

    @Test
    public void aRunningTaskSurvivesDriverStopStartAndUpdateWithoutARestart() throws Exception {
        AllocationService allocs = Container.service(context, AllocationService.class);
        Allocation alloc = allocation(Map.of("run_for", "8s", "exit_code", 7));
        allocs.run(alloc);
        await(allocs, alloc, v -> v.state().phase() == TaskPhase.RUNNING
                && v.attachment() == DriverAttachment.ATTACHED);

        Bundle mock = Container.bundle(context, "org.drover.driver.mock");
        mock.stop();
        await(allocs, alloc, v -> v.attachment() == DriverAttachment.WAITING_FOR_DRIVER);
        assertEquals(TaskPhase.RUNNING, view(allocs, alloc).state().phase());
        mock.start();
        await(allocs, alloc, v -> v.attachment() == DriverAttachment.ATTACHED);

        try (InputStream in = new URL(mock.getLocation()).openStream()) {
            mock.update(in);
        }
        Container.refresh(context, mock);
        await(allocs, alloc, v -> v.attachment() == DriverAttachment.ATTACHED
                && v.state().eventTypes().stream().filter(TaskEvent.REATTACHED::equals).count() >= 2);

        await(allocs, alloc, v -> v.state().dead());
        TaskView done = view(allocs, alloc);
        List<String> types = done.state().eventTypes();
        assertEquals(types.toString(), 1, types.stream().filter(TaskEvent.STARTED::equals).count());
        assertFalse(types.toString(), types.contains(TaskEvent.RESTARTING));
        assertEquals(0, done.state().restarts());
        TaskEvent terminated = done.state().events().stream()
                .filter(e -> e.type().equals(TaskEvent.TERMINATED)).findFirst().orElseThrow();
        assertEquals("Exit Code: 7", terminated.message());
    }

    @Test
    public void aRunningTaskSurvivesARestartOfTheStateStoreBundle() throws Exception {
        Allocation alloc = allocation(Map.of("run_for", "6s", "exit_code", 5));
        Container.service(context, AllocationService.class).run(alloc);
        await(Container.service(context, AllocationService.class), alloc, v -> v.attachment() == DriverAttachment.ATTACHED);

        // The store leaving takes the core's allocation service with it (an in-process agent
        // stop); its return brings a new one that restores and re-attaches the task.
        Bundle store = Container.bundle(context, "org.drover.state.mapdb");
        store.stop();
        assertTrue(context.getServiceReference(AllocationService.class) == null);
        store.start();
        AllocationService restarted = Container.service(context, AllocationService.class);
        await(restarted, alloc, v -> v.attachment() == DriverAttachment.ATTACHED);

        await(restarted, alloc, v -> v.state().dead());
        List<String> types = view(restarted, alloc).state().eventTypes();
        assertEquals(List.of("Received", "Task Setup", "Started", "Terminated", "Not Restarting"), types);

        // And it is what the store holds: the state kept being recorded after the restart.
        StateStore records = Container.service(context, StateStore.class);
        TaskEvent terminated = records.taskState(alloc.id(), "t").orElseThrow().events().get(3);
        assertEquals("Exit Code: 5", terminated.message());
    }

    @Test
    public void aRawExecTaskSurvivesDriverStopUpdateAndReinstallThenExitsWithItsOwnCode() throws Exception {
        AllocationService allocs = Container.service(context, AllocationService.class);
        Path gate = Files.createTempDirectory("drover-gate").resolve("open");
        Allocation alloc = allocation("raw_exec", Map.of("command", "/bin/sh",
                "args", List.of("-c", "while [ ! -e " + gate + " ]; do sleep 0.05; done; exit 7")));
        allocs.run(alloc);
        await(allocs, alloc, v -> v.attachment() == DriverAttachment.ATTACHED);
        long startedAt = view(allocs, alloc).state().startedAtNanos();

        Bundle exec = Container.bundle(context, "org.drover.driver.exec");
        exec.stop();
        await(allocs, alloc, v -> v.attachment() == DriverAttachment.WAITING_FOR_DRIVER);
        exec.start();
        await(allocs, alloc, v -> v.attachment() == DriverAttachment.ATTACHED);

        try (InputStream in = new URL(exec.getLocation()).openStream()) {
            exec.update(in);
        }
        Container.refresh(context, exec);
        await(allocs, alloc, v -> v.attachment() == DriverAttachment.ATTACHED
                && v.state().eventTypes().stream().filter(TaskEvent.REATTACHED::equals).count() >= 2);

        String location = exec.getLocation();
        exec.uninstall();
        Container.refresh(context, exec);
        await(allocs, alloc, v -> v.attachment() == DriverAttachment.WAITING_FOR_DRIVER);
        Bundle again = context.installBundle(location);
        again.start();
        await(allocs, alloc, v -> v.attachment() == DriverAttachment.ATTACHED
                && v.state().eventTypes().stream().filter(TaskEvent.REATTACHED::equals).count() >= 3);

        Files.writeString(gate, "go");
        await(allocs, alloc, v -> v.state().dead());
        TaskView done = view(allocs, alloc);
        List<String> types = done.state().eventTypes();
        // Four departures and returns push the first events out of the 10 kept; the start time
        // shows there was no second start.
        assertEquals(startedAt, done.state().startedAtNanos());
        assertEquals(0, done.state().restarts());
        assertFalse(types.toString(), types.contains(TaskEvent.RESTARTING) || types.contains(TaskEvent.FAILED_RESTORING));
        assertEquals(List.of("Terminated", "Not Restarting"), types.subList(types.size() - 2, types.size()));
        assertEquals("Exit Code: 7", done.state().events().get(types.size() - 2).message());
    }

    @Test
    public void aJavaTaskSurvivesAnUpdateOfTheJavaDriverAloneThenExitsWithItsOwnCode() throws Exception {
        AllocationService allocs = Container.service(context, AllocationService.class);
        // The task runs as nobody: what it reads must be reachable by nobody.
        Path shared = Path.of(context.getProperty("drover.data.dir"), "fixtures");
        Files.createDirectories(shared);
        shared.toFile().setExecutable(true, false);
        Path jar = Files.copy(Path.of("target/fixtures/echo.jar"),
                shared.resolve("echo.jar"), StandardCopyOption.REPLACE_EXISTING);
        jar.toFile().setReadable(true, false);
        Path gate = shared.resolve("gate-" + UUID.randomUUID());
        Task task = Task.of("t", "java", Map.of("jar_path", jar.toString(),
                "args", List.of("--wait-for", gate.toString(), "--exit", "6")))
                .withEnv(Map.of("GREETING", "hello"));
        Allocation alloc = allocation(task);
        allocs.run(alloc);
        await(allocs, alloc, v -> v.attachment() == DriverAttachment.ATTACHED);
        long startedAt = view(allocs, alloc).state().startedAtNanos();

        Bundle javaDriver = Container.bundle(context, "org.drover.driver.java");
        Bundle exec = Container.bundle(context, "org.drover.driver.exec");
        Object execService = context.getServiceReferences(Driver.class,
                "(driver.name=raw_exec)").iterator().next().getProperty(Constants.SERVICE_ID);
        for (BundleWire wire : javaDriver.adapt(BundleWiring.class)
                .getRequiredWires(null)) {
            assertFalse("the java driver must not wire to the exec driver: " + wire, wire.getProvider()
                    .getBundle().equals(exec));
        }
        try (InputStream in = new URL(javaDriver.getLocation()).openStream()) {
            javaDriver.update(in);
        }
        Container.refresh(context, javaDriver);
        await(allocs, alloc, v -> v.attachment() == DriverAttachment.ATTACHED
                && v.state().eventTypes().get(v.state().eventTypes().size() - 1).equals(TaskEvent.REATTACHED));
        assertEquals("updating the java driver leaves exec's drivers alone", execService,
                context.getServiceReferences(Driver.class, "(driver.name=raw_exec)")
                        .iterator().next().getProperty(Constants.SERVICE_ID));

        Files.writeString(gate, "go");
        await(allocs, alloc, v -> v.state().dead());
        TaskView done = view(allocs, alloc);
        assertEquals(startedAt, done.state().startedAtNanos());
        // The update and the refresh each stop and start the driver bundle; the runner sees one or
        // two departures, depending on whether it re-attached in between.
        List<String> types = done.state().eventTypes();
        assertEquals(List.of("Received", "Task Setup", "Driver", "Started"), types.subList(0, 4));
        List<String> reloads = types.subList(4, types.size() - 2);
        assertTrue(types.toString(), !reloads.isEmpty() && reloads.size() <= 4
                && String.join(",", reloads).replace("Driver Unavailable,Task Reattached", "").replace(",", "")
                        .isEmpty());
        assertEquals(List.of("Terminated", "Not Restarting"), types.subList(types.size() - 2, types.size()));
        assertEquals("Set the JVM heap to -Xmx225m to fit the task's 300 MB memory limit (jvm_options sets no heap"
                + " size)", done.state().events().get(2).message());
        assertEquals("Exit Code: 6", done.state().events().get(types.size() - 2).message());
        Path stdout = Path.of(context.getProperty("drover.alloc.dir"), alloc.id(),
                "alloc/logs/t.stdout.0");
        assertEquals(List.of("GREETING=hello", "gate opened"), Files.readAllLines(stdout));
    }

    @Test
    public void aDockerContainerSurvivesAnUpdateOfTheDockerDriverWithItsLogContinuous() throws Exception {
        DockerEngine.require();
        AllocationService allocs = Container.service(context, AllocationService.class);
        Allocation alloc = allocation("docker", Map.of("image", DockerEngine.IMAGE, "command", "sh",
                "args", List.of("-c", DockerEngine.COUNTER)));
        allocs.run(alloc);
        await(allocs, alloc, v -> v.attachment() == DriverAttachment.ATTACHED);
        Path taskDir = Path.of(context.getProperty("drover.alloc.dir"), alloc.id(), "t");
        Path stdout = Path.of(context.getProperty("drover.alloc.dir"), alloc.id(), "alloc/logs/t.stdout.0");
        Poll.until(() -> lines(stdout) >= 20);

        Bundle docker = Container.bundle(context, "org.drover.driver.docker");
        try (InputStream in = new URL(docker.getLocation()).openStream()) {
            docker.update(in);
        }
        Container.refresh(context, docker);
        await(allocs, alloc, v -> v.attachment() == DriverAttachment.ATTACHED
                && v.state().eventTypes().get(v.state().eventTypes().size() - 1).equals(TaskEvent.REATTACHED));
        int before = lines(stdout);
        Poll.until(() -> lines(stdout) >= before + 20); // copying resumed

        Files.writeString(taskDir.resolve("local/gate"), "go");
        await(allocs, alloc, v -> v.state().dead());
        List<String> types = view(allocs, alloc).state().eventTypes();
        assertEquals(1, types.stream().filter(TaskEvent.STARTED::equals).count());
        assertFalse(types.toString(), types.contains(TaskEvent.RESTARTING));
        assertEquals(List.of("Terminated", "Not Restarting"), types.subList(types.size() - 2, types.size()));
        assertEquals("Exit Code: 4", view(allocs, alloc).state().events().get(types.size() - 2).message());
        DockerEngine.assertContinuous(Files.readAllLines(stdout));
        assertEquals("the finished container is removed", "", DockerEngine.containerOf(alloc.id()));
    }

    @Test
    public void aJavaTaskWhoseJarIsMissingFailsValidationNamingTheFieldAndIsNotRestarted() throws Exception {
        AllocationService allocs = Container.service(context, AllocationService.class);
        Allocation alloc = allocation(Task.of("t", "java", Map.of("jar_path", "local/absent.jar")));
        allocs.run(alloc);
        await(allocs, alloc, v -> v.state().dead());
        TaskView done = view(allocs, alloc);
        assertEquals(List.of("Received", "Task Setup", "Failed Validation"), done.state().eventTypes());
        assertEquals("driver java: jar_path: no file \"local/absent.jar\" in the task directory "
                + Path.of(context.getProperty("drover.alloc.dir"), alloc.id(), "t"),
                done.state().events().get(2).message());
        assertTrue(done.state().failed());
    }

    static int lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Allocation allocation(Map<String, Object> config) {
        return allocation("mock", config);
    }

    static Allocation allocation(String driver, Map<String, Object> config) {
        return allocation(Task.of("t", driver, config));
    }

    static Allocation allocation(Task task) {
        RestartPolicy noRestarts = new RestartPolicy(0, Duration.ofMinutes(30), Duration.ofSeconds(15),
                RestartPolicy.Mode.FAIL);
        TaskGroup group = new TaskGroup("g", 1, noRestarts, Map.of(), List.of(task));
        return new Allocation(UUID.randomUUID().toString(), Job.of("reload", JobType.BATCH, List.of(group)), "g", 0);
    }

    private static TaskView view(AllocationService allocs, Allocation alloc) {
        return allocs.get(alloc.id()).orElseThrow().task("t").orElseThrow();
    }

    private static void await(AllocationService allocs, Allocation alloc, Predicate<TaskView> condition)
            throws InterruptedException {
        Poll.until(() -> condition.test(view(allocs, alloc)), Poll.TIMEOUT, () -> view(allocs, alloc).toString());
    }

}

package org.drover.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.drover.runner.api.alloc.AllocationService;
import org.drover.runner.api.alloc.DriverAttachment;
import org.drover.runner.api.alloc.TaskView;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskGroup;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The runner under pressure from bundle lifecycles (R2): 100 raw_exec tasks
 * while every driver bundle is stopped and started or updated, at random, and
 * a restart of the runner-core bundle itself (an agent restart inside the
 * process). Threads, open files and processes come back to their counts.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReloadStormIT {


    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return new DroverRuntimeIT().config();
    }

    /** R2: driver-bundle cycles (each stopped and started, or updated, at random); 10 in the build, 200 in full. */
    static final int CYCLES = Integer.getInteger("r2.cycles", 10);
    static final List<String> DRIVER_BUNDLES = List.of("org.drover.driver.exec", "org.drover.driver.java",
            "org.drover.driver.docker");

    @Test
    public void a100TasksSurviveEveryDriverBundleStoppedStartedAndUpdatedAtRandomWithNothingLeaked() throws Exception {
        String marker = "storm-" + UUID.randomUUID();
        Path gate = Path.of(context.getProperty("drover.data.dir"), marker);
        try {
            storm(marker, gate);
        } finally {
            // Failed or not, the tasks end: they outlive the container, and a hundred left looping
            // would load every later test.
            if (!Files.exists(gate)) {
                Files.writeString(gate, "go");
            }
        }
    }

    private void storm(String marker, Path gate) throws Exception {
        AllocationService allocs = Container.service(context, AllocationService.class);
        List<Allocation> all = new ArrayList<>();
        // The gate is looked at once a second: a hundred tasks forking faster take a small machine's
        // CPU from the agent, and the storm then measures the machine.
        for (int i = 0; i < 100; i++) {
            Allocation a = allocation("raw_exec", Map.of("command", "/bin/sh", "args", List.of("-c",
                    "while [ ! -e " + gate + " ]; do sleep 1; done; exit 0", marker)));
            allocs.run(a);
            all.add(a);
        }
        awaitAll(allocs, all, v -> v.attachment() == DriverAttachment.ATTACHED);
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long fdsBefore = openFiles();
        Map<String, Long> fdKindsBefore = openFileKinds();
        long processesBefore = processesWith(marker);
        assertEquals("each task is its process and its monitor", 200, processesBefore);

        long seed = System.nanoTime();
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < CYCLES; i++) {
            for (String name : DRIVER_BUNDLES) {
                Bundle driver = Container.bundle(context, name);
                if (random.nextBoolean()) {
                    try (InputStream in = new URL(driver.getLocation()).openStream()) {
                        driver.update(in);
                    }
                    Container.refresh(context, driver);
                } else {
                    driver.stop();
                    // How long the driver stays away, drawn at random: fault injection, not a wait.
                    Thread.sleep(random.nextInt(50));
                    driver.start();
                }
            }
        }
        awaitAll(allocs, all, v -> v.attachment() == DriverAttachment.ATTACHED
                && v.state().eventTypes().get(v.state().eventTypes().size() - 1).equals(TaskEvent.REATTACHED));
        Poll.until(() -> ManagementFactory.getThreadMXBean().getThreadCount() <= threadsBefore, Poll.TIMEOUT,
                () -> "threads: " + ManagementFactory.getThreadMXBean().getThreadCount() + " now, " + threadsBefore
                        + " before the cycles (seed " + seed + ")");
        Poll.until(() -> openFiles() <= fdsBefore, Poll.TIMEOUT,
                () -> "open files: " + openFiles() + " now, " + fdsBefore + " before the cycles (seed " + seed
                        + "); grown: " + grown(fdKindsBefore, openFileKinds()));
        assertEquals("every task is still its one process", processesBefore, processesWith(marker));

        Files.writeString(gate, "go");
        awaitAll(allocs, all, v -> v.state().dead());
        for (Allocation a : all) {
            TaskView v = view(allocs, a);
            assertEquals(0, v.state().restarts());
            assertFalse(v.state().eventTypes().toString(), v.state().failed());
            assertEquals("Exit Code: 0", v.state().events().stream().filter(e -> e.type().equals(TaskEvent.TERMINATED))
                    .findFirst().orElseThrow().message());
        }
        Poll.until(() -> processesWith(marker) == 0, Poll.TIMEOUT, () -> processesWith(marker) + " left behind");
    }

    /** This JVM's open file descriptors. */
    static long openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This JVM's open file descriptors counted by what they are (a socket, a pipe, an anon inode, a file's path), to name a leak. */
    static Map<String, Long> openFileKinds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.replaceAll("\\[\\d+\\]$", "");
                } catch (java.io.IOException e) {
                    return "gone";
                }
            }).collect(java.util.stream.Collectors.groupingBy(t -> t, java.util.TreeMap::new,
                    java.util.stream.Collectors.counting()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> grown(Map<String, Long> before, Map<String, Long> now) {
        Map<String, String> grown = new java.util.TreeMap<>();
        now.forEach((kind, n) -> {
            long was = before.getOrDefault(kind, 0L);
            if (n > was) {
                grown.put(kind, was + " -> " + n);
            }
        });
        return grown;
    }

    @Test
    public void restartingTheRunnerCoreRestoresEveryTaskAndRestartsNone() throws Exception {
        AllocationService allocs = Container.service(context, AllocationService.class);
        Path gate = Path.of(context.getProperty("drover.data.dir"), "core-" + UUID.randomUUID());
        List<Allocation> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Allocation a = allocation("raw_exec", Map.of("command", "/bin/sh", "args", List.of("-c",
                    "while [ ! -e " + gate + " ]; do sleep 0.05; done; exit " + i)));
            allocs.run(a);
            all.add(a);
        }
        awaitAll(allocs, all, v -> v.attachment() == DriverAttachment.ATTACHED);
        List<Long> started = all.stream().map(a -> view(allocs, a).state().startedAtNanos()).toList();

        Bundle core = Container.bundle(context, "org.drover.runner.core");
        core.stop();
        core.start();
        AllocationService restored = Container.service(context, AllocationService.class);
        assertTrue("a new allocation service", restored != allocs);
        awaitAll(restored, all, v -> v.attachment() == DriverAttachment.ATTACHED);

        Files.writeString(gate, "go");
        awaitAll(restored, all, v -> v.state().dead());
        for (int i = 0; i < all.size(); i++) {
            TaskView v = view(restored, all.get(i));
            assertEquals("not started again", (long) started.get(i), v.state().startedAtNanos());
            // A batch task that succeeds is simply done; one that fails is, under this policy, not restarted.
            List<String> expected = i == 0 ? List.of("Received", "Task Setup", "Started", "Terminated")
                    : List.of("Received", "Task Setup", "Started", "Terminated", "Not Restarting");
            assertEquals(expected, v.state().eventTypes().stream().filter(t -> !t.equals(TaskEvent.REATTACHED)).toList());
            assertEquals("Exit Code: " + i, v.state().events().stream()
                    .filter(e -> e.type().equals(TaskEvent.TERMINATED)).findFirst().orElseThrow().message());
        }
    }

    /** Processes whose command line carries the marker (each task's shell has it as an argument). */
    static long processesWith(String marker) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline"))).contains(marker);
                } catch (java.io.IOException e) {
                    return false;
                }
            }).count();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Allocation allocation(String driver, Map<String, Object> config) {
        TaskGroup group = new TaskGroup("g", 1, new RestartPolicy(0, Duration.ofMinutes(30), Duration.ofSeconds(15),
                RestartPolicy.Mode.FAIL), Map.of(), List.of(Task.of("t", driver, config)));
        return new Allocation(UUID.randomUUID().toString(), Job.of("storm", JobType.BATCH, List.of(group)), "g", 0);
    }

    private static TaskView view(AllocationService allocs, Allocation alloc) {
        return allocs.get(alloc.id()).orElseThrow().task("t").orElseThrow();
    }

    private static void awaitAll(AllocationService allocs, List<Allocation> all,
            java.util.function.Predicate<TaskView> condition) throws InterruptedException {
        Poll.until(() -> all.stream().allMatch(a -> condition.test(view(allocs, a))), Duration.ofSeconds(120),
                () -> all.stream().filter(a -> !condition.test(view(allocs, a))).count() + " tasks not there yet");
    }

}

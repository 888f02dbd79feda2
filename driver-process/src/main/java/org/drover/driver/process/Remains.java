package org.drover.driver.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is left of runs whose monitor died: found, and killed with SIGKILL, as Nomad kills a task's
 * whole tree when its executor is gone. A run's processes are, besides the task itself: its cgroup's
 * members (exec, java), its process group (the task leads one), the monitor's session (the monitor
 * called setsid, the task did not), and the descendants of any of these that still have a live
 * parent among them. A raw_exec process that left the session and lost its parent before the monitor
 * died is out of reach: only a cgroup holds such a process.
 *
 * <p>A pid is reused once its process is gone, so nothing started before the run's monitor is
 * touched, and a group or session is the run's only while its leader's pid is free or still the
 * leader: the kernel hands out a group's id as a pid again only after the whole group has ended.
 */
final class Remains {

    /** Every process there is, by pid, group, session and parent, scanned once for all the runs of a pass. */
    record Table(String boot, Map<Long, ProcStat.Stat> byPid, Map<Long, List<ProcStat.Stat>> byGroup,
            Map<Long, List<ProcStat.Stat>> bySession, Map<Long, List<ProcStat.Stat>> byParent) {
        static Table now() {
            Map<Long, ProcStat.Stat> byPid = new HashMap<>();
            Map<Long, List<ProcStat.Stat>> byGroup = new HashMap<>();
            Map<Long, List<ProcStat.Stat>> bySession = new HashMap<>();
            Map<Long, List<ProcStat.Stat>> byParent = new HashMap<>();
            for (ProcStat.Stat s : ProcStat.all()) {
                byPid.put(s.pid(), s);
                byGroup.computeIfAbsent(s.pgrp(), k -> new ArrayList<>()).add(s);
                bySession.computeIfAbsent(s.session(), k -> new ArrayList<>()).add(s);
                byParent.computeIfAbsent(s.ppid(), k -> new ArrayList<>()).add(s);
            }
            return new Table(ProcStat.bootId(), byPid, byGroup, bySession, byParent);
        }

        boolean alive(MonitoredTask.Proc p) {
            ProcStat.Stat s = byPid.get(p.pid());
            return s != null && s.start() == p.start() && !s.exited();
        }
    }

    /** Passes made at once, one after another; a run whose processes outlast them (SIGKILL refused) gets one a second. */
    static final int EAGER_PASSES = 50;
    private static final long SLOW_PASS_NANOS = 1_000_000_000L;

    final MonitoredTask run;
    /** Everything killed so far: a killed process is found again until it has died, wherever it went. */
    private final Set<MonitoredTask.Proc> killed = new HashSet<>();
    private int total;
    private int passes;
    private long lastPass;

    Remains(MonitoredTask run) {
        this.run = run;
    }

    /**
     * One pass: sends SIGKILL to every live process of the run and returns how many there were;
     * none, and the run is gone. A process keeps its place in the tree only while its parent lives,
     * so what an earlier pass killed is checked by its own pid and start time.
     */
    int killOnce(Table table) {
        passes++;
        lastPass = System.nanoTime();
        if (!run.bootId.isEmpty() && !run.bootId.equals(table.boot())) {
            return 0; // rebooted since: nothing of it can live
        }
        Set<MonitoredTask.Proc> alive = new HashSet<>(processesOf(table));
        killed.stream().filter(table::alive).forEach(alive::add);
        alive.forEach(p -> kill(p.pid()));
        killed.addAll(alive);
        total += alive.size();
        return alive.size();
    }

    /** How many processes were killed in all. */
    int killed() {
        return total;
    }

    /** Whether the run is still in its passes made one after another. */
    boolean eager() {
        return passes < EAGER_PASSES;
    }

    boolean due(long now) {
        return eager() || now - lastPass >= SLOW_PASS_NANOS;
    }

    int passes() {
        return passes;
    }

    /** The run's processes alive now, for a message. */
    List<Long> alive() {
        Table table = Table.now();
        Set<Long> pids = new HashSet<>();
        processesOf(table).forEach(p -> pids.add(p.pid()));
        killed.stream().filter(table::alive).forEach(p -> pids.add(p.pid()));
        return new ArrayList<>(pids);
    }

    private Set<MonitoredTask.Proc> processesOf(Table table) {
        long self = ProcessHandle.current().pid();
        long earliest = run.earliestStart();
        List<ProcStat.Stat> candidates = new ArrayList<>();
        for (long pid : cgroupMembers(run.cgroups)) {
            ProcStat.Stat s = table.byPid().get(pid);
            if (s != null) {
                candidates.add(s);
            }
        }
        ProcStat.Stat task = table.byPid().get(run.task.pid());
        if (task != null && task.start() == run.task.start()) {
            candidates.add(task);
        }
        if (stillOurs(run.task, table)) {
            candidates.addAll(table.byGroup().getOrDefault(run.task.pid(), List.of()));
        }
        if (run.monitor.known() && stillOurs(run.monitor, table)) {
            candidates.addAll(table.bySession().getOrDefault(run.monitor.pid(), List.of()));
        }
        // With the descendants of each: those whose parent, among them, still lives.
        Map<Long, MonitoredTask.Proc> found = new HashMap<>();
        java.util.ArrayDeque<ProcStat.Stat> next = new java.util.ArrayDeque<>(candidates);
        while (!next.isEmpty()) {
            ProcStat.Stat s = next.poll();
            if (s.exited() || s.start() < earliest || s.pid() == self || found.containsKey(s.pid())) {
                continue;
            }
            found.put(s.pid(), new MonitoredTask.Proc(s.pid(), s.start()));
            next.addAll(table.byParent().getOrDefault(s.pid(), List.of()));
        }
        return new HashSet<>(found.values());
    }

    /**
     * Whether a group or session led by {@code leader} can only be the run's: its pid is free (the
     * group outlives its leader, and the id is not handed out while it lives) or still the leader.
     */
    private static boolean stillOurs(MonitoredTask.Proc leader, Table table) {
        ProcStat.Stat now = table.byPid().get(leader.pid());
        return now == null || now.start() == leader.start();
    }

    /** Every process in the run's cgroups; on v2, cgroup.kill has already sent them SIGKILL. */
    private static Set<Long> cgroupMembers(List<Path> cgroups) {
        Set<Long> pids = new HashSet<>();
        for (Path cgroup : cgroups) {
            Path kill = cgroup.resolve("cgroup.kill");
            try {
                if (Files.exists(kill)) {
                    Files.writeString(kill, "1");
                }
                for (String line : Files.readAllLines(cgroup.resolve("cgroup.procs"))) {
                    if (!line.isBlank()) {
                        pids.add(Long.parseLong(line.trim()));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // removed already, or never made: nothing in it
            }
        }
        return pids;
    }

    /** ProcessHandle kills only the process it found: it checks the start time again at the kill. */
    private static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** The run's cgroups, removed once empty; what cannot be removed (still busy) is left. */
    void removeCgroups() {
        for (Path cgroup : run.cgroups) {
            try {
                Files.deleteIfExists(cgroup);
            } catch (IOException e) {
                // not empty yet, or not ours to remove: a few bytes of kernel state
            }
        }
    }
}

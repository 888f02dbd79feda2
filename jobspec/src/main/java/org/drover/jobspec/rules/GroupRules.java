package org.drover.jobspec.rules;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A task group's own rules ({@code TaskGroup.Validate}), then its strategies, volumes, network and tasks. */
final class GroupRules {

    private static final Set<String> HOOKS = Set.of("prestart", "poststart", "poststop");

    private GroupRules() {
    }

    /** The count Nomad gives the group: its own, else its scaling minimum, else 1. */
    static long count(Obj g) {
        Long count = g.integer("Count");
        if (count != null) {
            return count;
        }
        Obj scaling = g.obj("Scaling");
        Long min = scaling == null ? null : scaling.integer("Min");
        return min == null ? 1 : min;
    }

    static void check(Obj g, Obj job, JobContext ctx, Problems p) {
        String name = g.str("Name", "");
        if (name.isEmpty()) {
            p.add(g.at("Name"), "Missing task group name");
        } else if (name.contains("\0")) {
            p.add(g.at("Name"), "Task group name contains null character");
        }
        long count = count(g);
        if (count < 0) {
            p.add(g.at("Count"), "Task group count can't be negative");
        }
        Duration maxRun = g.duration("MaxRunDuration");
        if (maxRun != null) {
            if (!Times.positive(maxRun)) {
                p.add(g.at("MaxRunDuration"), "MaxRunDuration must be greater than zero");
            }
            if (!ctx.batchLike()) {
                p.add(g.at("MaxRunDuration"), "Job type " + Problems.q(ctx.type()) + " does not allow max_run_duration");
            }
        }
        StrategyRules.disconnect(g.obj("Disconnect"), ctx, p);
        PlacementRules.check(g, ctx, p);
        StrategyRules.restart(g, ctx, p);
        StrategyRules.reschedule(g, job, ctx, p);
        Obj disk = g.obj("EphemeralDisk");
        long diskMb = disk == null ? 300 : disk.integer("SizeMB", 300);
        if (diskMb < 10) {
            p.add(disk.at("SizeMB"), "minimum DiskMB value is 10; got " + diskMb);
        }
        Layered update = StrategyRules.update(g, job, ctx, p);
        StrategyRules.migrate(g, job, ctx, p);
        tasks(g, name, p);
        long canaries = update.present() ? update.integer("Canary", 0) : 0;
        VolumeRules.volumes(g, ctx, count, canaries, p);
        NetworkRules.check(g, p);
        ServiceRules.group(g, ctx, p);
        scaling(g, count, p);
        Map<String, Obj> volumes = g.keyed("Volumes");
        for (Obj t : g.named("Tasks")) {
            TaskRules.check(t, ctx, new TaskRules.Group(g, update, diskMb, volumes.keySet()), p);
        }
    }

    private static void tasks(Obj g, String groupName, Problems p) {
        List<Obj> tasks = g.named("Tasks");
        if (tasks.isEmpty()) {
            p.add(g.at("Tasks"), "Missing tasks for task group");
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        int leaders = 0;
        int mains = 0;
        for (int i = 0; i < tasks.size(); i++) {
            Obj t = tasks.get(i);
            String name = t.str("Name", "");
            if (name.isEmpty()) {
                p.add(t.at("Name"), "Task " + (i + 1) + " missing name");
            } else if (seen.containsKey(name)) {
                p.add(t.at("Name"), "Task " + (i + 1) + " redefines '" + name + "' from task " + (seen.get(name) + 1));
            } else {
                seen.put(name, i);
            }
            leaders += t.isTrue("Leader") ? 1 : 0;
            Obj lifecycle = t.obj("Lifecycle");
            mains += lifecycle == null || lifecycle.str("Hook", "").isEmpty() ? 1 : 0;
        }
        if (leaders > 1) {
            p.add(g.at("Tasks"), "Only one task may be marked as leader");
        }
        if (mains == 0) {
            p.add(g.at("Tasks"), "Task group " + groupName + " must have at least one main task");
        }
    }

    static boolean isHook(String hook) {
        return HOOKS.contains(hook);
    }

    private static void scaling(Obj g, long count, Problems p) {
        Obj s = g.obj("Scaling");
        if (s == null) {
            return;
        }
        String prefix = "Scaling policy invalid: ";
        long max = s.integer("Max", -1);
        long min = s.integer("Min", count);
        if (max < 0) {
            p.add(s.at("Max"), prefix + "maximum count must be specified and non-negative");
        } else if (max < min) {
            p.add(s.at("Max"), prefix + "maximum count must not be less than minimum count");
        }
        if (min < 0) {
            p.add(s.at("Min"), prefix + "minimum count must be specified and non-negative");
        }
        if (max < count) {
            p.add(g.at("Count"), prefix + "task group count must not be greater than maximum count in scaling policy");
        }
        if (count < min) {
            p.add(g.at("Count"), prefix + "task group count must not be less than minimum count in scaling policy");
        }
    }
}

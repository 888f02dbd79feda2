package org.drover.jobspec.rules;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A task's rules ({@code Task.Validate}): name, driver, timeouts, resources, logs, lifecycle and its blocks. */
final class TaskRules {

    private static final Pattern IDENTITY_NAME = Pattern.compile("^[a-zA-Z0-9-_]{1,128}$");

    /** What a task's rules need of its group. */
    record Group(Obj node, Layered update, long diskMb, Set<String> volumes) {
    }

    private TaskRules() {
    }

    static void check(Obj t, JobContext ctx, Group g, Problems p) {
        String name = t.str("Name", "");
        if (name.isEmpty()) {
            p.add(t.at("Name"), "Missing task name");
        }
        if (name.equals("alloc")) {
            p.add(t.at("Name"), "Task cannot be named \"alloc\"");
        }
        if (name.contains("/") || name.contains("\\")) {
            p.add(t.at("Name"), "Task name cannot include slashes");
        } else if (name.contains("\0")) {
            p.add(t.at("Name"), "Task name cannot include null characters");
        }
        if (t.str("Driver", "").isEmpty()) {
            p.add(t.at("Driver"), "Missing task driver");
        }
        timeouts(t, ctx, g, p);
        resources(t.obj("Resources"), p);
        logs(t, g.diskMb(), p);
        PlacementRules.task(t, ctx, p);
        ServiceRules.task(t, g.node(), ctx, p);
        FileRules.artifacts(t, p);
        FileRules.templates(t, p);
        vault(t.obj("Vault"), p);
        dispatchPayload(t.obj("DispatchPayload"), p);
        lifecycle(t.obj("Lifecycle"), p);
        VolumeRules.mounts(t, g.volumes(), p);
        identities(t, p);
        TaskBlockRules.check(t, p);
    }

    private static void timeouts(Obj t, JobContext ctx, Group g, Problems p) {
        Duration kill = t.duration("KillTimeout", Duration.ofSeconds(5));
        if (kill.isNegative()) {
            p.add(t.at("KillTimeout"), "KillTimeout must be a positive value");
        } else if (ctx.service() && g.update().present()) {
            Duration progress = g.update().duration("ProgressDeadline", Duration.ofMinutes(10));
            if (Times.positive(progress) && kill.compareTo(progress) > 0) {
                // Nomad's message spells it "KillTimout".
                p.add(t.at("KillTimeout"), "KillTimout (" + Problems.go(kill) + ") longer than the group's"
                        + " ProgressDeadline (" + Problems.go(progress) + ")");
            }
        }
        if (t.duration("ShutdownDelay", Duration.ZERO).isNegative()) {
            p.add(t.at("ShutdownDelay"), "ShutdownDelay must be a positive value");
        }
    }

    /** Nomad's defaults (100 MHz, 300 MB) pass, so a task without resources has nothing to check. */
    static void resources(Obj res, Problems p) {
        if (res == null) {
            return;
        }
        long cores = res.integer("Cores", 0);
        long cpu = res.integer("CPU", res.has("Cores") ? 0 : 100);
        long memory = res.integer("MemoryMB", 300);
        if (cores > 0 && cpu > 0) {
            p.add(res.at("Cores"), "Task can only ask for 'cpu' or 'cores' resource, not both.");
        }
        if (cores < 0) {
            p.add(res.at("Cores"), "cores value (" + cores + ") cannot be negative");
        }
        if (cpu < 1 && cores == 0) {
            p.add(res.at("CPU"), "minimum CPU value is 1; got " + cpu);
        }
        if (memory < 10) {
            p.add(res.at("MemoryMB"), "minimum MemoryMB value is 10; got " + memory);
        }
        if (res.integer("DiskMB", 0) > 0) {
            p.add(res.at("DiskMB"), "Task can't ask for disk resources, they have to be specified at the task group level.");
        }
        long memoryMax = res.integer("MemoryMaxMB", 0);
        if (memoryMax != 0 && memoryMax != -1 && memoryMax < memory) {
            p.add(res.at("MemoryMaxMB"), "MemoryMaxMB value (" + memoryMax + ") should be larger than MemoryMB value ("
                    + memory + ")");
        }
        long secrets = res.integer("SecretsMB", 0);
        if (secrets > memory) {
            p.add(res.at("SecretsMB"), "SecretsMB value (" + secrets + ") cannot be larger than MemoryMB value ("
                    + memory + ")");
        }
        if (secrets < 0) {
            p.add(res.at("SecretsMB"), "SecretsMB value (" + secrets + ") cannot be negative");
        }
    }

    private static void logs(Obj t, long diskMb, Problems p) {
        Obj l = t.obj("LogConfig");
        long files = l == null ? 10 : l.integer("MaxFiles", 10);
        long size = l == null ? 10 : l.integer("MaxFileSizeMB", 10);
        String at = t.at("LogConfig");
        if (files < 1) {
            p.add(at + ".MaxFiles", "minimum number of files is 1; got " + files);
        }
        if (size < 1) {
            p.add(at + ".MaxFileSizeMB", "minimum file size is 1MB; got " + size);
        }
        // Go's int arithmetic: the product wraps as Nomad's does.
        long usage = files * size;
        if (diskMb <= usage) {
            p.add(at, "log storage (" + usage + " MB) must be less than requested disk capacity (" + diskMb + " MB)");
        }
    }

    private static void vault(Obj v, Problems p) {
        if (v == null) {
            return;
        }
        String mode = v.str("ChangeMode", "restart");
        if (mode.equals("signal")) {
            if (v.str("ChangeSignal", "SIGHUP").isEmpty()) {
                p.add(v.at("ChangeSignal"), "Signal must be specified when using change mode \"signal\"");
            }
        } else if (!mode.equals("noop") && !mode.equals("restart")) {
            p.add(v.at("ChangeMode"), "Unknown change mode " + Problems.q(mode));
        }
    }

    private static void dispatchPayload(Obj d, Problems p) {
        if (d != null && FileRules.escapes("task/local/", d.str("File", ""))) {
            p.add(d.at("File"), "destination escapes allocation directory");
        }
    }

    private static void lifecycle(Obj l, Problems p) {
        // A lifecycle block that sets nothing is dropped before validation.
        if (l == null || l.str("Hook", "").isEmpty() && !l.isTrue("Sidecar")) {
            return;
        }
        String hook = l.str("Hook", "");
        if (hook.isEmpty()) {
            p.add(l.at("Hook"), "no lifecycle hook provided");
        } else if (!GroupRules.isHook(hook)) {
            p.add(l.at("Hook"), "invalid hook: " + hook);
        }
    }

    private static void identities(Obj t, Problems p) {
        Obj identity = t.obj("Identity");
        if (identity != null) {
            identity(identity, true, p);
        }
        for (Obj wid : t.list("Identities")) {
            if (wid.str("Name", "").equals("default")) {
                p.add(wid.at("Name"), "Duplicate default identities found");
            }
            identity(wid, false, p);
        }
    }

    private static void identity(Obj wid, boolean isDefault, Problems p) {
        String name = wid.str("Name", isDefault ? "default" : "");
        if (!IDENTITY_NAME.matcher(name).matches()) {
            p.add(wid.at("Name"), "invalid name " + Problems.q(name) + ". Must match regex " + IDENTITY_NAME.pattern());
        }
        List<String> audience = wid.strings("Audience");
        for (int i = 0; i < audience.size(); i++) {
            if (audience.get(i).isEmpty()) {
                p.add(wid.at("Audience") + "[" + i + "]", "an empty string is an invalid audience (" + (i + 1) + ")");
            }
        }
        String mode = wid.str("ChangeMode", "");
        String signal = wid.str("ChangeSignal", "");
        if (mode.isEmpty() || mode.equals("noop") || mode.equals("restart")) {
            if (!signal.isEmpty()) {
                p.add(wid.at("ChangeSignal"), "can only use change_signal=" + Problems.q(signal)
                        + " with change_mode=\"signal\"");
            }
        } else if (mode.equals("signal")) {
            if (signal.isEmpty()) {
                p.add(wid.at("ChangeSignal"), "change_signal must be specified when using change_mode=\"signal\"");
            }
        } else {
            p.add(wid.at("ChangeMode"), "invalid change_mode: " + mode);
        }
        Duration ttl = wid.duration("TTL", Duration.ZERO);
        if (Times.positive(ttl) && name.equals("default")) {
            p.add(wid.at("TTL"), "ttl for default identity not yet supported");
        }
        if (ttl.isNegative()) {
            p.add(wid.at("TTL"), "ttl must be >= 0");
        }
        if (!wid.str("Filepath", "").isEmpty() && !wid.isTrue("File")) {
            p.add(wid.at("Filepath"), "file parameter must be true in order to specify filepath");
        }
    }
}

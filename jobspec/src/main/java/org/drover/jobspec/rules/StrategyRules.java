package org.drover.jobspec.rules;

import java.time.Duration;
import java.util.Set;

/** A group's restart, reschedule, update, migrate and disconnect blocks, merged as Nomad merges them. */
final class StrategyRules {

    private static final Duration RESTART_MIN_INTERVAL = Duration.ofSeconds(5);
    private static final Duration RESCHEDULE_MIN_INTERVAL = Duration.ofSeconds(15);
    private static final Duration RESCHEDULE_MIN_DELAY = Duration.ofSeconds(5);
    private static final Set<String> DELAY_FUNCTIONS = Set.of("constant", "exponential", "fibonacci");
    private static final Set<String> RECONCILE = Set.of("", "best_score", "longest_running", "keep_original",
            "keep_replacement");

    private StrategyRules() {
    }

    static void restart(Obj g, JobContext ctx, Problems p) {
        Layered r = new Layered(g.at("RestartPolicy"), g.obj("RestartPolicy"));
        boolean serviceLike = ctx.service() || ctx.system();
        long attempts = r.integer("Attempts", serviceLike ? 2 : 3);
        Duration interval = r.duration("Interval", serviceLike ? Duration.ofMinutes(30) : Duration.ofHours(24));
        Duration delay = r.duration("Delay", Duration.ofSeconds(15));
        String mode = r.str("Mode", "fail");
        if (!mode.equals("delay") && !mode.equals("fail")) {
            p.add(r.at("Mode"), "Unsupported restart mode: " + Problems.q(mode));
        }
        if (attempts == 0 && !mode.equals("fail")) {
            p.add(r.at("Mode"), "Restart policy " + Problems.q(mode) + " with 0 attempts is ambiguous");
        }
        if (interval.compareTo(RESTART_MIN_INTERVAL) < 0) {
            p.add(r.at("Interval"), "Interval can not be less than 5s (got " + Problems.go(interval) + ")");
        }
        if (Times.times(delay, attempts).compareTo(interval) > 0) {
            p.add(r.at("Attempts"), "Nomad can't restart the TaskGroup " + attempts + " times in an interval of "
                    + Problems.go(interval) + " with a delay of " + Problems.go(delay));
        }
    }

    static void reschedule(Obj g, Obj job, JobContext ctx, Problems p) {
        Layered r = new Layered(g.at("ReschedulePolicy"), g.obj("ReschedulePolicy"), job.obj("Reschedule"));
        if (ctx.systemLike()) {
            if (r.present()) {
                p.add(r.path(), "System or sysbatch jobs should not have a reschedule policy");
            }
            return;
        }
        boolean service = ctx.service();
        Reschedule policy = new Reschedule(r.integer("Attempts", service ? 0 : 1),
                r.duration("Interval", service ? Duration.ZERO : Duration.ofHours(24)),
                r.duration("Delay", service ? Duration.ofSeconds(30) : Duration.ofSeconds(5)),
                r.str("DelayFunction", service ? "exponential" : "constant"),
                r.duration("MaxDelay", service ? Duration.ofHours(1) : Duration.ZERO),
                r.bool("Unlimited", service));
        reschedule(r, policy, p);
    }

    record Reschedule(long attempts, Duration interval, Duration delay, String function, Duration maxDelay,
            boolean unlimited) {
    }

    private static void reschedule(Layered r, Reschedule policy, Problems p) {
        if (policy.attempts() <= 0 && !policy.unlimited()) {
            return;
        }
        if (policy.attempts() > 0) {
            if (!Times.positive(policy.interval())) {
                p.add(r.at("Interval"), "Interval must be a non zero value if Attempts > 0");
            }
            if (policy.unlimited()) {
                p.add(r.at("Unlimited"), "Reschedule Policy with Attempts = " + policy.attempts() + ", Interval = "
                        + Problems.go(policy.interval()) + ", and Unlimited = true is ambiguous");
                p.add(r.at("Unlimited"), "If Attempts >0, Unlimited cannot also be set to true");
            }
        }
        boolean delaysValid = true;
        if (policy.delay().compareTo(RESCHEDULE_MIN_DELAY) < 0) {
            p.add(r.at("Delay"), "Delay cannot be less than 5s (got " + Problems.go(policy.delay()) + ")");
            delaysValid = false;
        }
        if (!DELAY_FUNCTIONS.contains(policy.function())) {
            p.add(r.at("DelayFunction"), "Invalid delay function " + Problems.q(policy.function())
                    + ", must be one of [\"constant\" \"exponential\" \"fibonacci\"]");
            delaysValid = false;
        }
        if (!policy.function().equals("constant")) {
            // Nomad prints the delay, not the max delay, in the first message.
            if (policy.maxDelay().compareTo(RESCHEDULE_MIN_DELAY) < 0) {
                p.add(r.at("MaxDelay"), "Max Delay cannot be less than 5s (got " + Problems.go(policy.delay()) + ")");
                delaysValid = false;
            }
            if (policy.maxDelay().compareTo(policy.delay()) < 0) {
                p.add(r.at("MaxDelay"), "Max Delay cannot be less than Delay " + Problems.go(policy.delay())
                        + " (got " + Problems.go(policy.maxDelay()) + ")");
                delaysValid = false;
            }
        }
        if (!policy.unlimited()) {
            if (policy.interval().compareTo(RESCHEDULE_MIN_INTERVAL) < 0) {
                p.add(r.at("Interval"), "Interval cannot be less than 15s (got " + Problems.go(policy.interval()) + ")");
            }
            if (delaysValid) {
                RescheduleAttempts.check(r, policy, p);
            }
        }
    }

    /** The group's update block over the job's, or an absent one; reports its problems. */
    static Layered update(Obj g, Obj job, JobContext ctx, Problems p) {
        Obj own = g.obj("Update");
        Obj jobs = job.obj("Update");
        Layered u = new Layered(g.at("Update"), own, own != null || (jobs != null && !emptyUpdate(jobs)) ? jobs : null);
        if (!u.present()) {
            return u;
        }
        if (!ctx.service() && !ctx.system()) {
            p.add(u.path(), "Job type " + Problems.q(ctx.type()) + " does not allow update block");
        }
        String check = u.str("HealthCheck", "checks");
        if (!Set.of("checks", "task_states", "manual").contains(check)) {
            p.add(u.at("HealthCheck"), "Invalid health check given: " + Problems.q(check));
        }
        long parallel = u.integer("MaxParallel", 1);
        if (parallel < 0) {
            p.add(u.at("MaxParallel"), "Max parallel can not be less than zero: " + parallel + " < 0");
        }
        long canary = u.integer("Canary", 0);
        if (canary < 0) {
            p.add(u.at("Canary"), "Canary count can not be less than zero: " + canary + " < 0");
        }
        if (canary == 0 && u.bool("AutoPromote", false)) {
            p.add(u.at("AutoPromote"), "Auto Promote requires a Canary count greater than zero");
        }
        deadlines(u, p);
        return u;
    }

    private static void deadlines(Layered u, Problems p) {
        Duration minHealthy = u.duration("MinHealthyTime", Duration.ofSeconds(10));
        Duration healthy = u.duration("HealthyDeadline", Duration.ofMinutes(5));
        Duration progress = u.duration("ProgressDeadline", Duration.ofMinutes(10));
        Duration stagger = u.duration("Stagger", Duration.ofSeconds(30));
        if (minHealthy.isNegative()) {
            p.add(u.at("MinHealthyTime"), "Minimum healthy time may not be less than zero: " + Problems.go(minHealthy));
        }
        if (!Times.positive(healthy)) {
            p.add(u.at("HealthyDeadline"), "Healthy deadline must be greater than zero: " + Problems.go(healthy));
        }
        if (progress.isNegative()) {
            p.add(u.at("ProgressDeadline"), "Progress deadline must be zero or greater: " + Problems.go(progress));
        }
        if (minHealthy.compareTo(healthy) >= 0) {
            p.add(u.at("MinHealthyTime"), "Minimum healthy time must be less than healthy deadline: "
                    + Problems.go(minHealthy) + " > " + Problems.go(healthy));
        }
        if (!progress.isZero() && healthy.compareTo(progress) >= 0) {
            p.add(u.at("HealthyDeadline"), "Healthy deadline must be less than progress deadline: "
                    + Problems.go(healthy) + " > " + Problems.go(progress));
        }
        if (!Times.positive(stagger)) {
            p.add(u.at("Stagger"), "Stagger must be greater than zero: " + Problems.go(stagger));
        }
    }

    /** A job-level update block that sets nothing is not copied into the groups. */
    private static boolean emptyUpdate(Obj u) {
        return u.duration("Stagger", Duration.ZERO).isZero() && u.integer("MaxParallel", 0) == 0
                && u.str("HealthCheck", "").isEmpty() && u.duration("MinHealthyTime", Duration.ZERO).isZero()
                && u.duration("HealthyDeadline", Duration.ZERO).isZero()
                && u.duration("ProgressDeadline", Duration.ZERO).isZero() && !u.isTrue("AutoRevert")
                && u.integer("Canary", 0) == 0 && !u.isTrue("AutoPromote");
    }

    static void migrate(Obj g, Obj job, JobContext ctx, Problems p) {
        Layered m = new Layered(g.at("Migrate"), g.obj("Migrate"), job.obj("Migrate"));
        if (!ctx.service()) {
            if (m.present()) {
                p.add(m.path(), "Job type " + Problems.q(ctx.type()) + " does not allow migrate block");
            }
            return;
        }
        long parallel = m.integer("MaxParallel", 1);
        if (parallel < 0) {
            p.add(m.at("MaxParallel"), "MaxParallel must be >= 0 but found " + parallel);
        }
        String check = m.str("HealthCheck", "checks");
        if (check.isEmpty() && parallel > 0) {
            p.add(m.at("HealthCheck"), "Missing HealthCheck");
        } else if (!check.isEmpty() && !check.equals("checks") && !check.equals("task_states")) {
            p.add(m.at("HealthCheck"), "Invalid HealthCheck: " + Problems.q(check));
        }
        Duration minHealthy = m.duration("MinHealthyTime", Duration.ofSeconds(10));
        Duration healthy = m.duration("HealthyDeadline", Duration.ofMinutes(5));
        if (minHealthy.isNegative()) {
            p.add(m.at("MinHealthyTime"), "MinHealthyTime is " + Problems.go(minHealthy) + " and must be >= 0");
        }
        if (healthy.isNegative()) {
            p.add(m.at("HealthyDeadline"), "HealthyDeadline is " + Problems.go(healthy) + " and must be >= 0");
        }
        if (minHealthy.compareTo(healthy) > 0) {
            p.add(m.at("MinHealthyTime"), "MinHealthyTime must be less than HealthyDeadline");
        }
    }

    static void disconnect(Obj d, JobContext ctx, Problems p) {
        if (d == null) {
            return;
        }
        Duration stopAfter = d.duration("StopOnClientAfter");
        if (stopAfter != null) {
            if (stopAfter.isNegative()) {
                p.add(d.at("StopOnClientAfter"), "stop_after cannot be a negative duration");
            }
            if (!ctx.service() && !ctx.type().equals("batch")) {
                p.add(d.at("StopOnClientAfter"), "stop_after can only be used with service or batch job types");
            }
        }
        Duration lostAfter = d.duration("LostAfter", Duration.ZERO);
        if (lostAfter.isNegative()) {
            p.add(d.at("LostAfter"), "lost_after cannot be a negative duration");
        }
        if (stopAfter != null && !lostAfter.isZero()) {
            p.add(d.at("LostAfter"), "Disconnect cannot be configured with both lost_after and stop_after");
        }
        String reconcile = d.str("Reconcile", "");
        if (!RECONCILE.contains(reconcile)) {
            p.add(d.at("Reconcile"), "reconcile option is invalid: " + reconcile);
        }
    }
}

package org.drover.runner.api.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to a task, with Nomad's type strings and display
 * messages (tools and people that read Nomad's events read ours).
 *
 * @param type      one of the type constants of this class
 * @param timeNanos when, in nanoseconds since the Unix epoch
 * @param message   the display message
 * @param details   machine-readable details (exit_code, signal, restart_reason, ...)
 * @param failsTask whether this event marks the task failed
 */
public record TaskEvent(String type, long timeNanos, String message, Map<String, String> details,
        boolean failsTask) {

    public static final String RECEIVED = "Received";
    public static final String SETUP = "Task Setup";
    public static final String STARTED = "Started";
    public static final String TERMINATED = "Terminated";
    public static final String KILLING = "Killing";
    public static final String KILLED = "Killed";
    public static final String RESTARTING = "Restarting";
    public static final String NOT_RESTARTING = "Not Restarting";
    public static final String RESTART_SIGNALED = "Restart Signaled";
    public static final String SIGNALING = "Signaling";
    public static final String DRIVER_FAILURE = "Driver Failure";
    /** A message from the driver about the task (Nomad's TaskDriverMessage). */
    public static final String DRIVER_MESSAGE = "Driver";
    public static final String SETUP_FAILURE = "Setup Failure";
    public static final String FAILED_VALIDATION = "Failed Validation";
    public static final String SIBLING_FAILED = "Sibling Task Failed";
    public static final String LEADER_DEAD = "Leader Task Dead";
    public static final String HOOK_FAILED = "Task hook failed";
    public static final String FAILED_RESTORING = "Failed Restoring Task";
    public static final String WAITING_SHUTDOWN_DELAY = "Waiting for shutdown delay";
    /** Drover's: the driver of a running task went away; the task itself keeps running. */
    public static final String DRIVER_UNAVAILABLE = "Driver Unavailable";
    /** Drover's: the driver did not come back within the configured time. */
    public static final String DRIVER_LOST = "Driver Lost";
    /** Drover's: a driver re-attached to the running task (after a reload or an agent restart). */
    public static final String REATTACHED = "Task Reattached";
    /**
     * Drover's: the task's earlier run could neither be re-attached nor shown gone, so it is not
     * started again (that could run it twice); the runner keeps trying both.
     */
    public static final String HELD = "Task Held";

    /** The restart policy's reason for a restart within its limits; not repeated in messages. */
    public static final String REASON_WITHIN_POLICY = "Restart within policy";

    public TaskEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        details = Map.copyOf(details);
    }

    public static TaskEvent received(long at) {
        return plain(RECEIVED, at, "Task received by client");
    }

    public static TaskEvent setup(long at, String message) {
        return plain(SETUP, at, message);
    }

    public static TaskEvent started(long at) {
        return plain(STARTED, at, "Task started by client");
    }

    public static TaskEvent terminated(long at, int exitCode, int signal, boolean oom, String exitMessage) {
        StringBuilder msg = new StringBuilder("Exit Code: ").append(exitCode);
        if (signal != 0) {
            msg.append(", Signal: ").append(signal);
        }
        if (exitMessage != null && !exitMessage.isEmpty()) {
            msg.append(", Exit Message: \"").append(exitMessage).append('"');
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("exit_code", Integer.toString(exitCode));
        details.put("signal", Integer.toString(signal));
        details.put("oom_killed", Boolean.toString(oom));
        if (exitMessage != null && !exitMessage.isEmpty()) {
            details.put("exit_message", exitMessage);
        }
        return new TaskEvent(TERMINATED, at, msg.toString(), details, false);
    }

    public static TaskEvent killing(long at, Duration killTimeout, String reason) {
        String msg = reason != null && !reason.isEmpty() ? reason
                : "Sent interrupt. Waiting " + GoDuration.format(killTimeout) + " before force killing";
        return new TaskEvent(KILLING, at, msg, Map.of("kill_timeout", GoDuration.format(killTimeout)), false);
    }

    public static TaskEvent killed(long at, String killError) {
        boolean failed = killError != null && !killError.isEmpty();
        return new TaskEvent(KILLED, at, failed ? killError : "Task successfully killed",
                failed ? Map.of("kill_error", killError) : Map.of(), false);
    }

    public static TaskEvent restarting(long at, Duration delay, String reason) {
        String msg = "Task restarting in " + GoDuration.format(delay);
        if (reason != null && !reason.isEmpty() && !REASON_WITHIN_POLICY.equals(reason)) {
            msg = reason + " - " + msg;
        }
        return new TaskEvent(RESTARTING, at, msg,
                Map.of("restart_reason", reason == null ? "" : reason, "start_delay", Long.toString(delay.toNanos())),
                false);
    }

    /** Not restarting always fails the task. */
    public static TaskEvent notRestarting(long at, String reason) {
        String msg = reason != null && !reason.isEmpty() ? reason : "Task exceeded restart policy";
        return new TaskEvent(NOT_RESTARTING, at, msg, Map.of("restart_reason", msg), true);
    }

    public static TaskEvent restartSignaled(long at, String reason) {
        return plain(RESTART_SIGNALED, at, reason != null && !reason.isEmpty() ? reason : "Task signaled to restart");
    }

    public static TaskEvent signaling(long at, String signal, String reason) {
        String msg = "Task being sent signal " + signal;
        if (reason != null && !reason.isEmpty()) {
            msg += ": " + reason;
        }
        return new TaskEvent(SIGNALING, at, msg, Map.of("signal", signal), false);
    }

    public static TaskEvent driverFailure(long at, String error) {
        return new TaskEvent(DRIVER_FAILURE, at, error != null && !error.isEmpty() ? error : "Failed to start task",
                error == null ? Map.of() : Map.of("driver_error", error), false);
    }

    public static TaskEvent driverMessage(long at, String message) {
        return new TaskEvent(DRIVER_MESSAGE, at, message, Map.of("driver_message", message), false);
    }

    public static TaskEvent setupFailure(long at, String error, boolean failsTask) {
        return new TaskEvent(SETUP_FAILURE, at, error != null && !error.isEmpty() ? error : "Task setup failed",
                Map.of(), failsTask);
    }

    /** Validation failures are never retried, so they fail the task. */
    public static TaskEvent failedValidation(long at, String error) {
        return new TaskEvent(FAILED_VALIDATION, at,
                error != null && !error.isEmpty() ? error : "Validation of task failed",
                error == null ? Map.of() : Map.of("validation_error", error), true);
    }

    public static TaskEvent siblingFailed(long at, String sibling) {
        return new TaskEvent(SIBLING_FAILED, at, "Task's sibling \"" + sibling + "\" failed",
                Map.of("failed_sibling", sibling), false);
    }

    public static TaskEvent leaderDead(long at) {
        return plain(LEADER_DEAD, at, "Leader Task in Group dead");
    }

    public static TaskEvent hookFailed(long at, String hook, String error) {
        return new TaskEvent(HOOK_FAILED, at, hook + ": " + error, Map.of("hook", hook), false);
    }

    public static TaskEvent failedRestoring(long at, String error) {
        return new TaskEvent(FAILED_RESTORING, at, "failed to restore task; destroying it and starting it again: " + error,
                Map.of(), false);
    }

    public static TaskEvent held(long at, String error, Duration retry) {
        return new TaskEvent(HELD, at, "the earlier run may still be alive and could not be destroyed: " + error
                + "; the task is not started again until it is gone (retrying in " + GoDuration.format(retry) + ")",
                Map.of(), false);
    }

    public static TaskEvent waitingShutdownDelay(long at, Duration delay) {
        return plain(WAITING_SHUTDOWN_DELAY, at,
                "Waiting for shutdown_delay of " + GoDuration.format(delay) + " before killing the task.");
    }

    public static TaskEvent driverUnavailable(long at, String driver, Duration wait) {
        return new TaskEvent(DRIVER_UNAVAILABLE, at, "Driver \"" + driver + "\" is unavailable; the task keeps running"
                + " and is re-attached when the driver returns (waiting up to " + GoDuration.format(wait) + ")",
                Map.of("driver", driver), false);
    }

    public static TaskEvent driverLost(long at, String driver, Duration waited) {
        return new TaskEvent(DRIVER_LOST, at, "Driver \"" + driver + "\" did not return within "
                + GoDuration.format(waited) + "; the task is left running and is re-attached if the driver returns",
                Map.of("driver", driver), false);
    }

    public static TaskEvent reattached(long at, String driver) {
        return new TaskEvent(REATTACHED, at, "Task re-attached through driver \"" + driver + "\"",
                Map.of("driver", driver), false);
    }

    private static TaskEvent plain(String type, long at, String message) {
        return new TaskEvent(type, at, message, Map.of(), false);
    }
}

package org.drover.runner.api.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What is known of a task, as shown to users and kept in the state store.
 *
 * @param phase             pending, running or dead
 * @param failed            whether an event failed the task
 * @param restarts          how many times it was restarted
 * @param lastRestartNanos  when it last restarted (Unix ns), 0 if never
 * @param startedAtNanos    when it last started (Unix ns), 0 if never
 * @param finishedAtNanos   when it became dead (Unix ns), 0 if not dead
 * @param events            the most recent events, oldest first
 */
public record TaskState(TaskPhase phase, boolean failed, int restarts, long lastRestartNanos, long startedAtNanos,
        long finishedAtNanos, List<TaskEvent> events) {

    /** Nomad keeps the 10 most recent events of a task. */
    public static final int DEFAULT_EVENT_CAP = 10;

    public TaskState {
        Objects.requireNonNull(phase, "phase");
        events = List.copyOf(events);
    }

    public static TaskState initial() {
        return new TaskState(TaskPhase.PENDING, false, 0, 0, 0, 0, List.of());
    }

    /**
     * Appends an event, dropping the oldest beyond {@code cap}. An event that
     * fails the task marks it failed; a Restarting event counts a restart.
     */
    public TaskState withEvent(TaskEvent event, int cap) {
        List<TaskEvent> list = new ArrayList<>(events.size() + 1);
        list.addAll(events);
        list.add(event);
        while (list.size() > cap) {
            list.remove(0);
        }
        boolean restarting = TaskEvent.RESTARTING.equals(event.type());
        return new TaskState(phase, failed || event.failsTask(), restarting ? restarts + 1 : restarts,
                restarting ? event.timeNanos() : lastRestartNanos, startedAtNanos, finishedAtNanos, list);
    }

    public TaskState withPhase(TaskPhase newPhase, long atNanos) {
        long started = newPhase == TaskPhase.RUNNING ? atNanos : startedAtNanos;
        long finished = newPhase == TaskPhase.DEAD ? atNanos : finishedAtNanos;
        return new TaskState(newPhase, failed, restarts, lastRestartNanos, started, finished, events);
    }

    public boolean dead() {
        return phase == TaskPhase.DEAD;
    }

    /** Event types, oldest first; what tests and the CLI read. */
    public List<String> eventTypes() {
        return events.stream().map(TaskEvent::type).toList();
    }
}

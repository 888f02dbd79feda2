package org.drover.state.mapdb;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskState;

/**
 * The victim of {@link CrashTest}: writes task states from several threads as
 * fast as the store takes them and prints "writer counter" once each put has
 * returned (that is, once the store said it is durable), until it is killed.
 */
public final class CrashWriter {

    static final int WRITERS = 8;

    public static void main(String[] args) {
        // A small compaction floor, so kills also land in the middle of compactions.
        MapDbStateStore store = MapDbStateStore.open(Path.of(args[0]), Path.of(args[1]),
                new StoreFile.Options(1L << 20, 2, 8));
        PrintStream out = System.out;
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                for (int i = 1; ; i++) {
                    store.putTaskState("crash", "t" + writer, stateWithCounter(i));
                    synchronized (out) {
                        out.println(writer + " " + i);
                        out.flush();
                    }
                }
            });
            t.start();
        }
    }

    /** A task state whose restart count carries the counter, with events to give it some size. */
    static TaskState stateWithCounter(int i) {
        TaskState s = new TaskState(org.drover.runner.api.model.TaskPhase.RUNNING, false, i, i, i, 0, List.of());
        for (int e = 0; e < 5; e++) {
            s = new TaskState(s.phase(), false, i, i, i, 0, append(s, TaskEvent.started(i)));
        }
        return s;
    }

    private static List<TaskEvent> append(TaskState s, TaskEvent e) {
        java.util.ArrayList<TaskEvent> l = new java.util.ArrayList<>(s.events());
        l.add(e);
        return l;
    }

    private CrashWriter() {
    }
}

package org.drover.runner.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class StartGateTest {

    private final List<String> begun = new ArrayList<>();

    private CompletableFuture<String> starting(String name, List<CompletableFuture<String>> pending) {
        begun.add(name);
        CompletableFuture<String> f = new CompletableFuture<>();
        pending.add(f);
        return f;
    }

    @Test
    void startsBeyondTheCapWaitInArrivalOrderAndTakeTheFreedSlot() {
        StartGate gate = new StartGate(2);
        List<CompletableFuture<String>> pending = new ArrayList<>();
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d")) {
            results.add(gate.submit(() -> starting(name, pending)));
        }
        assertEquals(List.of("a", "b"), begun);
        assertEquals(2, gate.inFlight());
        assertEquals(2, gate.waiting());

        pending.get(1).complete("B");
        assertEquals("B", results.get(1).getNow(null));
        assertEquals(List.of("a", "b", "c"), begun);
        // a newcomer queues behind d, the freed slot having gone to c
        results.add(gate.submit(() -> starting("e", pending)));
        assertEquals(List.of("a", "b", "c"), begun);

        pending.get(0).completeExceptionally(new IllegalStateException("no such image"));
        assertTrue(results.get(0).isCompletedExceptionally());
        assertEquals(List.of("a", "b", "c", "d"), begun);
        assertEquals(2, gate.inFlight());
        assertEquals(1, gate.waiting());
    }

    @Test
    void aStartThatThrowsFailsItsStageAndFreesItsSlot() {
        StartGate gate = new StartGate(1);
        CompletableFuture<String> thrown = gate.submit(() -> {
            throw new IllegalStateException("driver broke");
        });
        assertTrue(thrown.isCompletedExceptionally());
        assertEquals(0, gate.inFlight());
        List<CompletableFuture<String>> pending = new ArrayList<>();
        gate.submit(() -> starting("next", pending));
        assertEquals(List.of("next"), begun);
    }

    @Test
    void noCapRunsEveryStartAtOnce() {
        StartGate gate = StartGate.unlimited();
        List<CompletableFuture<String>> pending = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String name = "t" + i;
            gate.submit(() -> starting(name, pending));
        }
        assertEquals(1000, begun.size());
        pending.forEach(f -> f.complete("ok"));
        assertEquals(0, gate.inFlight());
    }
}

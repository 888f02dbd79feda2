package org.drover.runner.core.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.drover.runner.api.driver.Driver;
import org.junit.jupiter.api.Test;

class DriverTableTest {

    private final DriverTable<Integer> table = new DriverTable<>();

    static Driver driver() {
        return (Driver) Proxy.newProxyInstance(Driver.class.getClassLoader(), new Class<?>[] {Driver.class},
                (proxy, method, args) -> method.getName().equals("equals") ? proxy == args[0]
                        : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : null);
    }

    @Test
    void highestRankedRegistrationWins() {
        Driver old = driver();
        Driver replacement = driver();
        table.add("raw_exec", 1, old);
        table.add("raw_exec", 2, replacement);
        assertEquals(Optional.of(replacement), table.find("raw_exec"));
    }

    @Test
    void lateRemovalOfAnOldRegistrationKeepsItsReplacement() {
        Driver old = driver();
        Driver replacement = driver();
        table.add("raw_exec", 2, replacement);
        table.add("raw_exec", 1, old);
        assertTrue(table.remove("raw_exec", 1));
        assertEquals(Optional.of(replacement), table.find("raw_exec"));
        assertFalse(table.whenGone(replacement).isDone());
        assertTrue(table.whenGone(old).isDone());
    }

    @Test
    void removingTheLastRegistrationForgetsTheName() {
        table.add("mock", 7, driver());
        table.add("docker", 3, driver());
        assertTrue(table.remove("mock", 7));
        assertEquals(Optional.empty(), table.find("mock"));
        assertEquals(Set.of("docker"), table.names());
    }

    @Test
    void removingAnUnknownRegistrationIsANoOp() {
        Driver mock = driver();
        table.add("mock", 7, mock);
        assertFalse(table.remove("mock", 8));
        assertFalse(table.remove("exec", 7));
        assertEquals(Optional.of(mock), table.find("mock"));
    }

    @Test
    void waitersAreToldWhenADriverArrivesAndWhenItLeaves() {
        CompletableFuture<Driver> arriving = table.whenAvailable("mock");
        assertFalse(arriving.isDone());
        Driver mock = driver();
        table.add("mock", 1, mock);
        assertSame(mock, arriving.getNow(null));
        assertSame(mock, table.whenAvailable("mock").getNow(null));

        CompletableFuture<Void> gone = table.whenGone(mock);
        assertFalse(gone.isDone());
        table.remove("mock", 1);
        assertTrue(gone.isDone());
        assertTrue(table.whenGone(driver()).isDone(), "an unknown driver counts as gone");
    }

    @Test
    void aListenerThatStopsListeningIsDroppedAndTheOthersStillHearTheDriverGo() {
        DriverTable<Integer> table = new DriverTable<>();
        Driver mock = driver();
        table.add("mock", 1, mock);
        CompletableFuture<Void> kept = table.whenGone(mock);
        for (int i = 0; i < 1000; i++) {
            table.whenGone(mock).cancel(false); // a run that ended before its driver left
        }
        assertEquals(1, table.listening(mock), "the runs that ended hold nothing");
        assertFalse(table.isGone(mock));
        table.remove("mock", 1);
        assertTrue(kept.isDone() && !kept.isCancelled());
        assertTrue(table.isGone(mock));
    }
}

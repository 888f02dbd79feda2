package org.drover.runner.core.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DriverTableTest {

    private final DriverTable<Integer, String> table = new DriverTable<>();

    @Test
    void highestRankedRegistrationWins() {
        table.add("raw_exec", 1, "old");
        table.add("raw_exec", 2, "new");
        assertEquals(Optional.of("new"), table.find("raw_exec"));
    }

    @Test
    void lateRemovalOfAnOldRegistrationKeepsItsReplacement() {
        table.add("raw_exec", 2, "new");
        table.add("raw_exec", 1, "old");
        assertTrue(table.remove("raw_exec", 1));
        assertEquals(Optional.of("new"), table.find("raw_exec"));
    }

    @Test
    void removingTheLastRegistrationForgetsTheName() {
        table.add("mock", 7, "m");
        table.add("docker", 3, "d");
        assertTrue(table.remove("mock", 7));
        assertEquals(Optional.empty(), table.find("mock"));
        assertEquals(Set.of("docker"), table.names());
    }

    @Test
    void removingAnUnknownRegistrationIsANoOp() {
        table.add("mock", 7, "m");
        assertFalse(table.remove("mock", 8));
        assertFalse(table.remove("exec", 7));
        assertEquals(Optional.of("m"), table.find("mock"));
    }
}

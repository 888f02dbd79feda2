package org.drover.driver.process;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Removing a run dir while its monitor removes files from it, as a monitor does when it exits. */
class RunDirTest {

    @TempDir
    Path tmp;

    @Test
    void entriesVanishingDuringTheRemovalAreNoError() throws Exception {
        for (int round = 0; round < 200; round++) {
            Path run = Files.createDirectories(tmp.resolve("run" + round));
            for (int i = 0; i < 20; i++) {
                Files.writeString(run.resolve("f" + i), "x");
            }
            AtomicBoolean go = new AtomicBoolean();
            Thread monitor = new Thread(() -> {
                while (!go.get()) {
                    Thread.onSpinWait();
                }
                for (int i = 0; i < 20; i++) {
                    run.resolve("f" + i).toFile().delete();
                }
            });
            monitor.start();
            go.set(true);
            ProcessSupervisor.deleteTree(run);
            monitor.join();
            ProcessSupervisor.deleteTree(run);
            assertFalse(Files.exists(run), "round " + round);
        }
    }
}

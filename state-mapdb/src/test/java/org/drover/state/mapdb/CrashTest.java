package org.drover.state.mapdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a JVM in the middle of writing, over and over: after every kill
 * the store opens, every update the writer was told was committed is there,
 * and the store was never found damaged. {@code -Ddrover.crash.kills=N} runs
 * more rounds than CI's 100.
 */
class CrashTest {

    static final int KILLS = Integer.getInteger("drover.crash.kills", 100);

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedUpdateSurvivesKillMinus9() throws Exception {
        Path file = tmp.resolve("state/state.db");
        Path allocRoot = tmp.resolve("alloc");
        Random random = new Random(Long.getLong("drover.crash.seed", System.nanoTime()));
        long[] lastAcked = new long[CrashWriter.WRITERS];
        int totalAcks = 0;
        for (int round = 0; round < KILLS; round++) {
            int killAfterAcks = 1 + random.nextInt(400);
            long[] acked = runAndKill(file, allocRoot, killAfterAcks);
            try (MapDbStateStore store = MapDbStateStore.open(file, allocRoot)) {
                for (int w = 0; w < CrashWriter.WRITERS; w++) {
                    long stored = store.taskState("crash", "t" + w).map(s -> (long) s.restarts()).orElse(0L);
                    assertTrue(stored >= acked[w], "round " + round + ": writer " + w + " was told " + acked[w]
                            + " is committed, the store has " + stored);
                    totalAcks += acked[w] > 0 ? 1 : 0;
                    lastAcked[w] = acked[w];
                }
            }
            assertEquals(0, damagedCopies(file), "round " + round + ": the store had to be rebuilt");
        }
        assertTrue(totalAcks > 0, "the writer never got to commit anything");
    }

    /** Starts a writer, kills it with SIGKILL after {@code acks} acknowledgements, returns the last ack of each writer. */
    private static long[] runAndKill(Path file, Path allocRoot, int acks) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx128m", CrashWriter.class.getName(),
                file.toString(), allocRoot.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long[] acked = new long[CrashWriter.WRITERS];
        int seen = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (++seen == acks) {
                    // SIGKILL through the handle: Process.destroyForcibly would also close the pipe we still read.
                    p.toHandle().destroyForcibly();
                }
                record(acked, line);
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "writer did not die");
        }
        assertTrue(seen >= acks, "writer exited on its own after " + seen + " acks: " + p.exitValue());
        return acked;
    }

    /** Lines after the kill may be cut short; a line that is not whole is not an acknowledgement. */
    private static void record(long[] acked, String line) {
        String[] parts = line.split(" ");
        if (parts.length != 2) {
            return;
        }
        try {
            int writer = Integer.parseInt(parts[0]);
            long counter = Long.parseLong(parts[1]);
            acked[writer] = Math.max(acked[writer], counter);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // a torn last line
        }
    }

    private static long damagedCopies(Path file) throws IOException {
        try (Stream<Path> files = Files.list(file.getParent())) {
            return files.filter(p -> p.getFileName().toString().startsWith("damaged-")).count();
        }
    }
}

package org.drover.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.drover.runner.api.alloc.AllocLayout;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * R8: 10,000 short batch allocations (2,000 quick) through an agent started as an operator starts
 * it ({@code bin/drover}), collecting with Nomad's {@code gc_max_allocs} of 50 every 5 s. Measured:
 * the allocation directories and the store's file while they go through and once they are done,
 * and the agent's settled RSS afterwards against its own idle figure before the first job, in the
 * same run.
 */
final class GarbageCollectionBenchmark {

    private static final int PER_JOB = 100;
    private static final int MAX_ALLOCS = 50;

    private final Path home;
    private final int allocs;

    GarbageCollectionBenchmark(Path home, boolean quick) {
        this.home = home;
        this.allocs = quick ? 2_000 : 10_000;
    }

    String run() throws Exception {
        Path root = Files.createTempDirectory("drover-bench-gc");
        Path deploy = Files.createDirectories(root.resolve("deploy"));
        Files.writeString(deploy.resolve("org.drover.runner.cfg"),
                "gc_interval = 5s\ngc_max_allocs = " + MAX_ALLOCS + "\n");
        Path data = root.resolve("data");
        try (AgentUnderTest agent = new AgentUnderTest(home, data, deploy)) {
            agent.launch();
            long idleRss = AgentUnderTest.settledRssKb(agent.pid());
            long maxDirs = 0;
            long maxStore = 0;
            long t0 = System.nanoTime();
            for (int j = 0; j < allocs / PER_JOB; j++) {
                agent.put("/v1/jobs", job("b" + j));
                while (live(agent)) {
                    maxDirs = Math.max(maxDirs, dirs(AllocLayout.under(data).root()));
                    Thread.sleep(100);
                }
                maxStore = Math.max(maxStore, Files.size(data.resolve("state/state.db")));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (dirs(AllocLayout.under(data).root()) > MAX_ALLOCS && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            long doneDirs = dirs(AllocLayout.under(data).root());
            long store = Files.size(data.resolve("state/state.db"));
            long afterRss = AgentUnderTest.settledRssKb(agent.pid());
            return String.format("%,d batch allocations (`/bin/true`, raw_exec), %d jobs of %d submitted one after"
                    + " another, each once the previous had finished, through `bin/drover agent` with"
                    + " `gc_interval = 5s` and `gc_max_allocs = %d`; %.0f s in all (%.0f allocations/s).%n%n"
                    + "| | measured | bound |%n|---|---|---|%n"
                    + "| allocation directories, most seen while jobs ran | %d | %d finished + the running job's %d |%n"
                    + "| allocation directories once all were done | %d | %d |%n"
                    + "| store file, largest seen | %.1f MB | max(16 MB, 4 × live): 16 MB |%n"
                    + "| store file at the end | %.1f MB | |%n"
                    + "| agent RSS, settled | %.1f MB idle before the first job; %.1f MB after the last (%.2f×) |"
                    + " within 10 %% of idle |%n%n"
                    + "Target: directories and store bounded by the GC settings — %s; RSS back within 10 %% of"
                    + " idle — %s.%n",
                    allocs, allocs / PER_JOB, PER_JOB, MAX_ALLOCS, seconds, allocs / seconds, maxDirs, MAX_ALLOCS,
                    PER_JOB, doneDirs, MAX_ALLOCS, maxStore / 1048576.0, store / 1048576.0, idleRss / 1024.0,
                    afterRss / 1024.0, (double) afterRss / idleRss,
                    doneDirs <= MAX_ALLOCS && maxStore <= 16L * 1048576 ? "met" : "not met",
                    afterRss <= idleRss * 1.1 ? "met" : "not met");
        }
    }

    private static String job(String id) {
        return "{\"Job\": {\"ID\": \"" + id + "\", \"Type\": \"batch\", \"TaskGroups\": [{\"Name\": \"g\", \"Count\": "
                + PER_JOB + ", \"Tasks\": [{\"Name\": \"t\", \"Driver\": \"raw_exec\", \"Config\":"
                + " {\"command\": \"/bin/true\"}}]}]}}";
    }

    private static boolean live(AgentUnderTest agent) throws Exception {
        for (JsonNode a : agent.get("/v1/allocations")) {
            String s = a.path("ClientStatus").asText();
            if (s.equals("pending") || s.equals("running")) {
                return true;
            }
        }
        return false;
    }

    private static long dirs(Path allocDir) throws Exception {
        if (!Files.isDirectory(allocDir)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(allocDir)) {
            return list.filter(Files::isDirectory).count();
        }
    }
}

package org.drover.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Runs the benchmarks named on the command line and writes their sections of
 * docs/benchmarks.md. Usage: {@code Benchmarks <ids|all> <quick|full> <benchmarks.md>}.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    private static final java.util.Map<String, String> TITLES = java.util.Map.of("P2", "End to end over HTTP",
            "P3", "Density", "P4", "Driver update under load", "P5", "Agent kill -9 under load");

    /** The built distribution, found from docs/benchmarks.md's place in the project. */
    private static Path distribution(String report) {
        return Path.of(report).toAbsolutePath().getParent().getParent().resolve("launcher/target/drover");
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Benchmarks <P1,...,P8,M1,R3,R8|all> <quick|full> <path of benchmarks.md>");
            System.exit(2);
        }
        List<String> ids = args[0].equalsIgnoreCase("all") ? List.of("P1", "P6", "P8", "P2", "M1", "P7") // docker last: the Engine
                // goes on removing containers after P7, which would weigh on what follows
                : List.of(args[0].toUpperCase(Locale.ROOT).split(","));
        boolean quick = args[1].equalsIgnoreCase("quick");
        Report report = new Report(Path.of(args[2]), Machine.describe());
        Report reliability = new Report(Path.of(args[2]).resolveSibling("reliability.md"), Machine.describe());
        for (String id : ids) {
            switch (id) {
                case "P1" -> report.section("P1", "Exec start", new ExecStartBenchmark(quick).run());
                case "P6" -> report.section("P6", "State store", new StoreBenchmark(quick).run());
                case "P8" -> report.section("P8", "Idle agent", new IdleAgentBenchmark(distribution(args[2])).run());
                case "P2", "P3", "P4", "P5" -> {
                    // one agent run measures all four: each needs the previous one's tasks
                    if (!report.has("P2")) {
                        new TaskScaleBenchmark(distribution(args[2]), quick).run()
                                .forEach((k, body) -> report.section(k, TITLES.get(k), body));
                    }
                }
                case "M1" -> report.section("M1", "Task state encoding (JMH)", new MicroBenchmarks(quick).run());
                case "P7" -> report.section("P7", "Docker create and start", new DockerStartBenchmark(quick).run());
                // R3 is a reliability bar: its section goes into docs/reliability.md
                case "R3" -> reliability.section("R3", "Restart storm",
                        new RestartStormBenchmark(distribution(args[2]), quick).run());
                case "R8" -> reliability.section("R8", "Garbage collection",
                        new GarbageCollectionBenchmark(distribution(args[2]), quick).run());
                default -> {
                    System.err.println("unknown benchmark " + id + "; known: P1 to P8, M1, R3, R8");
                    System.exit(2);
                }
            }
        }
        report.write();
        System.out.println("wrote " + args[2]);
        if (ids.contains("R3") || ids.contains("R8")) {
            reliability.write();
            System.out.println("wrote " + Path.of(args[2]).resolveSibling("reliability.md"));
        }
    }
}

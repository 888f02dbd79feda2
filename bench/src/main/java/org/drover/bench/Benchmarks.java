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

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Benchmarks <P1|P6|P7|P8|all> <quick|full> <path of benchmarks.md>");
            System.exit(2);
        }
        List<String> ids = args[0].equalsIgnoreCase("all") ? List.of("P1", "P6", "P7", "P8")
                : List.of(args[0].toUpperCase(Locale.ROOT).split(","));
        boolean quick = args[1].equalsIgnoreCase("quick");
        Report report = new Report(Path.of(args[2]), Machine.describe());
        for (String id : ids) {
            switch (id) {
                case "P1" -> report.section("P1", "Exec start", new ExecStartBenchmark(quick).run());
                case "P6" -> report.section("P6", "State store", new StoreBenchmark(quick).run());
                case "P8" -> report.section("P8", "Idle agent", new IdleAgentBenchmark(Path.of(args[2])
                        .toAbsolutePath().getParent().getParent().resolve("launcher/target/drover")).run());
                case "P7" -> report.section("P7", "Docker create and start", new DockerStartBenchmark(quick).run());
                default -> {
                    System.err.println("unknown benchmark " + id + "; known: P1, P6, P7, P8");
                    System.exit(2);
                }
            }
        }
        report.write();
        System.out.println("wrote " + args[2]);
    }
}

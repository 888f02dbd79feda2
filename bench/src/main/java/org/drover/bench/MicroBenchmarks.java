package org.drover.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** M1: the in-process micro-measurements, through JMH in a forked JVM of their own. */
final class MicroBenchmarks {

    private final boolean quick;

    MicroBenchmarks(boolean quick) {
        this.quick = quick;
    }

    String run() throws Exception {
        Options options = new OptionsBuilder()
                .include("org\\.drover\\.state\\.mapdb\\.TaskStateCodecBenchmark")
                .forks(1)
                .warmupIterations(quick ? 2 : 5).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 3 : 10).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-cp", System.getProperty("java.class.path"))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, double[]> byMethod = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            var s = r.getPrimaryResult().getStatistics();
            byMethod.put(name.substring(name.lastIndexOf('.') + 1), new double[] {s.getMean(), s.getMeanErrorAt(0.999)});
        }
        int[] sizes = new org.drover.state.mapdb.TaskStateCodecBenchmark().sizes();
        StringBuilder out = new StringBuilder();
        out.append(String.format("JMH %s, one fork, %d × 1 s warm-up, %d × 1 s measured, average time per operation"
                + " (± the 99.9%% error). One task state with ten events, what the store writes at each change of a task:"
                + " %d bytes in the store's codec, %d as Jackson's JSON.%n%n", org.openjdk.jmh.util.Utils.class.getPackage()
                .getImplementationVersion() == null ? "1.37" : org.openjdk.jmh.util.Utils.class.getPackage()
                .getImplementationVersion(), quick ? 2 : 5, quick ? 3 : 10, sizes[0], sizes[1]));
        out.append("| | encode | decode |\n|---|---|---|\n");
        out.append(row("store codec", byMethod.get("storeEncode"), byMethod.get("storeDecode")));
        out.append(row("baseline: Jackson `ObjectMapper`", byMethod.get("jacksonEncode"), byMethod.get("jacksonDecode")));
        out.append(String.format("| ratio | %.2f× | %.2f× |%n", byMethod.get("storeEncode")[0]
                / byMethod.get("jacksonEncode")[0], byMethod.get("storeDecode")[0] / byMethod.get("jacksonDecode")[0]));
        out.append("\nNo target of its own: it bounds what a state change costs the committer before any disk work.\n");
        return out.toString();
    }

    private static String row(String label, double[] encode, double[] decode) {
        return String.format("| %s | %.0f ± %.0f ns | %.0f ± %.0f ns |%n", label, encode[0], encode[1], decode[0],
                decode[1]);
    }
}

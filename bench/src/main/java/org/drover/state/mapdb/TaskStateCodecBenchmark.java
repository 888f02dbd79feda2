package org.drover.state.mapdb;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.model.TaskState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JMH: encoding and decoding one task state (a running task's ten events) as
 * the store writes it on every change, against Jackson's JSON of the same
 * record, the general-purpose baseline. In the store's package, since the
 * codec is not public.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TaskStateCodecBenchmark {

    private final ObjectMapper json = new ObjectMapper();
    private TaskState state;
    private byte[] encoded;
    private byte[] encodedJson;

    @Setup
    public void setup() throws IOException {
        TaskState s = TaskState.initial();
        long t = 1_700_000_000_000_000_000L;
        s = s.withEvent(TaskEvent.received(t), 10).withEvent(TaskEvent.setup(t + 1, "Building Task Directory"), 10)
                .withPhase(TaskPhase.RUNNING, t + 2).withEvent(TaskEvent.started(t + 2), 10);
        for (int i = 0; i < 7; i++) {
            s = s.withEvent(TaskEvent.terminated(t + 10 + i, 1, 0, false, ""), 10)
                    .withEvent(TaskEvent.restarting(t + 11 + i, java.time.Duration.ofSeconds(15),
                            TaskEvent.REASON_WITHIN_POLICY), 10)
                    .withEvent(TaskEvent.started(t + 12 + i), 10);
        }
        state = s;
        encoded = RecordCodec.encode(state, RecordCodec::taskState);
        encodedJson = json.writeValueAsBytes(state);
    }

    @Benchmark
    public byte[] storeEncode() {
        return RecordCodec.encode(state, RecordCodec::taskState);
    }

    @Benchmark
    public TaskState storeDecode() {
        return RecordCodec.decode("state/a/t", encoded, RecordCodec::taskState);
    }

    @Benchmark
    public byte[] jacksonEncode() throws IOException {
        return json.writeValueAsBytes(state);
    }

    @Benchmark
    public TaskState jacksonDecode() throws IOException {
        return json.readValue(encodedJson, TaskState.class);
    }

    /** Bytes per state each way, for the report. */
    public int[] sizes() throws IOException {
        setup();
        return new int[] {encoded.length, encodedJson.length};
    }
}

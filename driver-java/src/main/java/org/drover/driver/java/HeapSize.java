package org.drover.driver.java;

import java.util.List;
import java.util.Optional;

/**
 * The heap a JVM gets when the job limits the task's memory and says nothing
 * of the heap. The cgroup limit covers the whole process, and a JVM needs room
 * beyond its heap (metaspace, code cache, thread stacks, GC structures): a
 * quarter of the limit, at least 64 MiB, is left for that, and the heap never
 * drops below half the limit.
 */
final class HeapSize {

    /** Options by which a job has already chosen its heap or the memory the JVM sizes it from. */
    private static final List<String> HEAP_OPTIONS = List.of("-Xmx", "-XX:MaxHeapSize=", "-XX:MaxRAM=",
            "-XX:MaxRAMPercentage=", "-XX:MaxRAMFraction=");

    static final int MIN_RESERVE_MB = 64;

    private HeapSize() {
    }

    /** The {@code -Xmx} option to add, or empty when the job sets no limit or chose its heap. */
    static Optional<Integer> forLimit(int memoryMb, List<String> jvmOptions) {
        boolean chosen = jvmOptions.stream().anyMatch(o -> HEAP_OPTIONS.stream().anyMatch(o::startsWith));
        if (memoryMb <= 0 || chosen) {
            return Optional.empty();
        }
        int heap = memoryMb - Math.max(MIN_RESERVE_MB, memoryMb / 4);
        return Optional.of(Math.max(heap, memoryMb / 2));
    }
}

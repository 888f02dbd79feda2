package org.drover.driver.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;

/** What /proc says of a process: whether it is the same process, by its start time. */
final class ProcStat {

    private ProcStat() {
    }

    /** The process's start time in clock ticks since boot (field 22 of /proc/PID/stat). */
    static OptionalLong startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name, in parentheses, may hold spaces: count fields after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalLong.of(Long.parseLong(fields[19]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether {@code pid} is still the process that started at {@code startTime}. */
    static boolean isAlive(long pid, long startTime) {
        OptionalLong now = startTime(pid);
        return now.isPresent() && now.getAsLong() == startTime;
    }

    /**
     * Whether a live process was started with {@code argument} among its arguments: how a
     * task's monitor, which is given its run dir, is found without a record of its pid.
     */
    static boolean anyWithArgument(String argument) {
        byte[] wanted = argument.getBytes(StandardCharsets.UTF_8);
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"),
                p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path proc : procs) {
                if (hasArgument(proc.resolve("cmdline"), wanted)) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    private static boolean hasArgument(Path cmdline, byte[] wanted) {
        byte[] args;
        try {
            args = Files.readAllBytes(cmdline);
        } catch (IOException e) {
            return false; // gone meanwhile
        }
        int start = 0;
        for (int i = 0; i <= args.length; i++) {
            if (i == args.length || args[i] == 0) {
                if (i - start == wanted.length && Arrays.equals(args, start, i, wanted, 0, wanted.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }
}

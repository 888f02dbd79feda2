package org.drover.driver.process;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** What /proc says of a process: whether it is the same process, by its start time. */
final class ProcStat {

    private static final Path PROC = Path.of("/proc");

    private ProcStat() {
    }

    /**
     * A line of /proc/PID/stat.
     *
     * @param start the start time in clock ticks since boot (field 22)
     */
    record Stat(long pid, char state, long ppid, long pgrp, long session, long start) {
        /** A zombie has exited; only its entry waits for its parent. */
        boolean exited() {
            return state == 'Z' || state == 'X';
        }
    }

    static Optional<Stat> read(long pid) {
        // A plain read into a small buffer: a scan reads this file of every process on the host.
        byte[] buf = new byte[1024];
        int n;
        try (FileInputStream in = new FileInputStream("/proc/" + pid + "/stat")) {
            n = in.read(buf);
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            String stat = new String(buf, 0, Math.max(n, 0), StandardCharsets.US_ASCII);
            // The command name, in parentheses, may hold spaces: count fields after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new Stat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[19])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every process there is now, those that end during the scan left out. */
    static List<Stat> all() {
        List<Stat> all = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, ProcStat::isPid)) {
            for (Path proc : procs) {
                read(Long.parseLong(proc.getFileName().toString())).ifPresent(all::add);
            }
        } catch (IOException e) {
            return List.of();
        }
        return all;
    }

    /** The process's start time in clock ticks since boot (field 22 of /proc/PID/stat). */
    static OptionalLong startTime(long pid) {
        return read(pid).map(s -> OptionalLong.of(s.start())).orElse(OptionalLong.empty());
    }

    /** Whether {@code pid} is still the process that started at {@code startTime}, and has not exited. */
    static boolean isAlive(long pid, long startTime) {
        return pid > 0 && read(pid).map(s -> s.start() == startTime && !s.exited()).orElse(false);
    }

    /** This boot's identity: ticks since boot mean nothing across a reboot. */
    static String bootId() {
        try {
            return Files.readString(PROC.resolve("sys/kernel/random/boot_id")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The live process started with {@code argument} among its arguments: how a task's monitor,
     * which is given its run dir, is found without a record of its pid.
     */
    static OptionalLong withArgument(String argument) {
        byte[] wanted = argument.getBytes(StandardCharsets.UTF_8);
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, ProcStat::isPid)) {
            for (Path proc : procs) {
                if (hasArgument(proc.resolve("cmdline"), wanted)) {
                    return OptionalLong.of(Long.parseLong(proc.getFileName().toString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** The NUL-separated entries of /proc/PID/FILE ({@code cmdline}, {@code environ}); empty if gone or closed. */
    static List<String> entries(long pid, String file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve(file));
        } catch (IOException e) {
            return List.of();
        }
        List<String> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == 0) {
                if (i > start) {
                    entries.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return entries;
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

    private static boolean isPid(Path p) {
        String name = p.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}

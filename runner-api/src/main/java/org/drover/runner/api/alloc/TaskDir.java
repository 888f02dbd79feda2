package org.drover.runner.api.alloc;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;

/**
 * One task's directories, and the group's it shares, in Nomad's layout (see {@link AllocLayout}):
 * the one place that knows {@code alloc/logs}, {@code local}, {@code secrets} and the log files'
 * names. The same layout seen from inside a chroot or a container is {@link #SANDBOX}, and
 * relative to the allocation directory, {@link #relative}.
 *
 * @param allocDir the allocation's directory
 * @param taskDir  the task's directory in it
 */
public record TaskDir(Path allocDir, Path taskDir) {

    /** The stream names of a task's log files. */
    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";

    /**
     * The layout as an isolated task sees it (Nomad's exec chroot, a container): the task's
     * directory is the root, {@code /alloc}, {@code /local}, {@code /secrets}.
     */
    public static final TaskDir SANDBOX = new TaskDir(Path.of("/"), Path.of("/"));

    public TaskDir {
        Objects.requireNonNull(allocDir, "allocDir");
        Objects.requireNonNull(taskDir, "taskDir");
    }

    /** The directories of {@code task} in the allocation directory {@code allocDir}. */
    public static TaskDir of(Path allocDir, String task) {
        return new TaskDir(allocDir, allocDir.resolve(task));
    }

    /** The directories of {@code task} relative to its allocation directory: {@code alloc/logs}, {@code t/local}. */
    public static TaskDir relative(String task) {
        return of(Path.of(""), task);
    }

    /** {@code alloc/}: shared by the group's tasks. */
    public Path sharedDir() {
        return allocDir.resolve("alloc");
    }

    /** {@code alloc/logs/}: every task's stdout and stderr. */
    public Path logDir() {
        return sharedDir().resolve("logs");
    }

    /** {@code alloc/data/}: the group's data, writable by all its tasks. */
    public Path sharedDataDir() {
        return sharedDir().resolve("data");
    }

    /** {@code alloc/tmp/}: the group's scratch space, sticky. */
    public Path sharedTmpDir() {
        return sharedDir().resolve("tmp");
    }

    public Path localDir() {
        return taskDir.resolve("local");
    }

    public Path secretsDir() {
        return taskDir.resolve("secrets");
    }

    public Path tmpDir() {
        return taskDir.resolve("tmp");
    }

    /** The task's own directories, which an isolating driver gives to the task's user. */
    public List<Path> ownDirs() {
        return List.of(localDir(), secretsDir(), tmpDir());
    }

    /** The prefix of a task's log files of one stream, {@code web.stdout}. */
    public static String logPrefix(String task, String stream) {
        return task + "." + stream;
    }

    /** The name of a task's log file, {@code web.stdout.0}: {@code index} counts its rotations. */
    public static String logName(String task, String stream, int index) {
        return logPrefix(task, stream) + "." + index;
    }

    /** A task's log file in {@link #logDir()}. */
    public Path logFile(String task, String stream, int index) {
        return logDir().resolve(logName(task, stream, index));
    }

    /** Creates every directory; idempotent. */
    public void create() throws IOException {
        for (Path dir : new Path[] {logDir(), sharedTmpDir(), sharedDataDir(), localDir(), tmpDir()}) {
            Files.createDirectories(dir);
        }
        Files.createDirectories(secretsDir());
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            // Secrets are readable by the task's user only.
            Files.setPosixFilePermissions(secretsDir(), PosixFilePermissions.fromString("rwx------"));
            // The group's tasks may run as different users (exec's nobody, raw_exec's root): they
            // share alloc/data and alloc/tmp as Nomad lets them, tmp sticky so none deletes
            // another's files. Set explicitly: the agent's umask would narrow what is created.
            Files.setPosixFilePermissions(sharedDataDir(), PosixFilePermissions.fromString("rwxrwxrwx"));
            // The permission set has no sticky bit; the unix view's mode is the whole of chmod's.
            Files.setAttribute(sharedTmpDir(), "unix:mode", 01777);
        }
    }
}

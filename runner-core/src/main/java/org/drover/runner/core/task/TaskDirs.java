package org.drover.runner.core.task;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Nomad's allocation directory layout:
 * <pre>
 * &lt;root&gt;/&lt;allocID&gt;/alloc/{logs,tmp,data}      shared by the group's tasks
 * &lt;root&gt;/&lt;allocID&gt;/&lt;task&gt;/{local,secrets,tmp} the task's own (secrets 0700)
 * </pre>
 */
public record TaskDirs(Path allocDir, Path taskDir) {

    public static TaskDirs of(Path allocRoot, String allocId, String task) {
        Path alloc = allocRoot.resolve(allocId);
        return new TaskDirs(alloc, alloc.resolve(task));
    }

    public Path sharedDir() {
        return allocDir.resolve("alloc");
    }

    public Path logDir() {
        return sharedDir().resolve("logs");
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

    /** Creates every directory; idempotent. */
    public void create() throws IOException {
        for (Path dir : new Path[] {logDir(), sharedDir().resolve("tmp"), sharedDir().resolve("data"), localDir(),
                tmpDir()}) {
            Files.createDirectories(dir);
        }
        Files.createDirectories(secretsDir());
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            // Secrets are readable by the task's user only.
            Files.setPosixFilePermissions(secretsDir(), PosixFilePermissions.fromString("rwx------"));
            // The group's tasks may run as different users (exec's nobody, raw_exec's root): they
            // share alloc/data and alloc/tmp as Nomad lets them, tmp sticky so none deletes
            // another's files. Set explicitly: the agent's umask would narrow what is created.
            Files.setPosixFilePermissions(sharedDir().resolve("data"), PosixFilePermissions.fromString("rwxrwxrwx"));
            // The permission set has no sticky bit; the unix view's mode is the whole of chmod's.
            Files.setAttribute(sharedDir().resolve("tmp"), "unix:mode", 01777);
        }
    }
}

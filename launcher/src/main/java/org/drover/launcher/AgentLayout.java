package org.drover.launcher;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.drover.runner.api.alloc.AllocLayout;

/**
 * Where an agent keeps its files. Everything lives under the data dir except
 * the deploy dir, which an operator may point elsewhere.
 */
record AgentLayout(Path dataDir, Path deployDir) {

    static AgentLayout of(Path dataDir, Path deployDir) {
        Path data = dataDir.toAbsolutePath().normalize();
        Path deploy = deployDir == null ? data.resolve("deploy") : deployDir.toAbsolutePath().normalize();
        return new AgentLayout(data, deploy);
    }

    Path frameworkCache() {
        return dataDir.resolve("felix-cache");
    }

    Path logDir() {
        return dataDir.resolve("logs");
    }

    Path allocDir() {
        return AllocLayout.under(dataDir).root();
    }

    Path tmpDir() {
        return dataDir.resolve("tmp");
    }

    Path lockFile() {
        return dataDir.resolve("agent.lock");
    }

    /** Creates the data dir and the deploy dir, or says in one line why it cannot. */
    void createDataDirs() throws LaunchException {
        create("data dir", dataDir);
        create("deploy dir", deployDir);
    }

    /** Creates what only the owner of the data dir may touch; call with the lock held. */
    void createOwnedDirs() throws LaunchException {
        for (Path dir : new Path[] {logDir(), allocDir(), tmpDir()}) {
            create("directory", dir);
        }
    }

    private static void create(String what, Path dir) throws LaunchException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LaunchException("cannot create " + what + " " + dir + ": " + reason(e), e);
        }
        if (!Files.isWritable(dir)) {
            throw new LaunchException(what + " " + dir + " is not writable");
        }
    }

    /** The cause of a file error in a few words, without repeating the path. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file is in the way";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

package org.drover.api.http;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.drover.runner.api.alloc.TaskDir;

/**
 * The one way the API reads the files of an allocation. A task may put anything in its directories
 * and swap one thing for another between two system calls: symbolic links out of the allocation,
 * named pipes (opening one blocks), device nodes (a container keeps CAP_MKNOD, and the agent's
 * open would not be stopped by the container's device rules), hard links. So:
 * <ul>
 * <li>a path is looked up one name at a time from the allocation's directory, each directory opened
 * relative to the one before (openat) without following a link, and checked after opening to be
 * the directory that was looked at (fstat of the open directory): no link is ever followed, at any
 * depth, whenever it appears;</li>
 * <li>a file is opened only after it was seen to be a regular file, and served only if what was
 * opened is that file, is regular and has no other name ({@link OpenedFile}): a device swapped in is
 * never read, and a hard link, whose other name may be outside, is refused;</li>
 * <li>every open runs under {@link FileOpener}, so a name swapped for a named pipe cannot hold a
 * request.</li>
 * </ul>
 * The only open that may reach something other than a regular file or directory is one a task
 * raced between the check and the open; it is closed unread. Nothing here writes.
 */
final class AllocFiles {

    /** What a name of the allocation is, seen without following it. */
    enum Kind {
        FILE, DIRECTORY, LINK, SPECIAL
    }

    private final Path root;
    private final String allocId;
    private final Set<String> tasks;
    private final FileOpener opener;

    /**
     * @param root  the allocations' directory, the operator's
     * @param tasks the allocation's task names: their {@code secrets} directories are not served
     */
    AllocFiles(Path root, String allocId, Set<String> tasks, FileOpener opener) {
        this.root = root;
        this.allocId = allocId;
        this.tasks = Set.copyOf(tasks);
        this.opener = opener;
    }

    /** Opens a regular file for reading, at position 0; refuses anything else with an {@link ApiError}. */
    SeekableByteChannel open(AllocPath path) throws IOException {
        List<String> names = path.names();
        if (names.size() >= 2 && tasks.contains(names.get(0)) && secrets(names.get(0), names.get(1))) {
            // Nomad's words: its client refuses reads under a task's secrets directory.
            throw new ApiError(403, "Reading secret file prohibited: " + path.shown());
        }
        if (names.isEmpty()) {
            throw ApiError.badRequest("path: \"" + path.shown() + "\" is a directory");
        }
        return step(directory(path, names.size() - 1), path, dir -> {
            Path name = Path.of(names.get(names.size() - 1));
            BasicFileAttributes seen = attributes(dir, name, path);
            refuseUnlessFile(path, kind(seen));
            SeekableByteChannel channel = opener.open(allocId, path.shown(), dir, name,
                    (d, n) -> d.newByteChannel(n, Set.of(StandardOpenOption.READ, NOFOLLOW_LINKS)));
            return verified(channel, seen, path);
        });
    }

    /** What is at the path, or null when nothing is (or a directory on the way is missing or not one). */
    Kind kind(AllocPath path) throws IOException {
        List<String> names = path.names();
        if (names.isEmpty()) {
            return Kind.DIRECTORY;
        }
        SecureDirectoryStream<Path> dir;
        try {
            dir = directory(path, names.size() - 1);
        } catch (ApiError e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
        try {
            return kind(attributes(dir, Path.of(names.get(names.size() - 1)), path));
        } catch (NoSuchFileException e) {
            return null;
        } finally {
            dir.close();
        }
    }

    /** The names in a directory of the allocation; none when it does not exist. */
    List<String> list(AllocPath path) throws IOException {
        SecureDirectoryStream<Path> dir;
        try {
            dir = directory(path, path.names().size());
        } catch (ApiError e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw e;
        }
        try (dir) {
            List<String> found = new ArrayList<>();
            dir.forEach(p -> found.add(p.getFileName().toString()));
            return found;
        }
    }

    /**
     * The directory of the first {@code depth} names of the path, opened name by name from the
     * allocation's directory; the caller closes it.
     */
    private SecureDirectoryStream<Path> directory(AllocPath path, int depth) throws IOException {
        SecureDirectoryStream<Path> dir = allocationRoot();
        dir = descend(dir, allocId, path, -1);
        for (int i = 0; i < depth; i++) {
            dir = descend(dir, path.names().get(i), path, i);
        }
        return dir;
    }

    private SecureDirectoryStream<Path> allocationRoot() throws IOException {
        DirectoryStream<Path> top;
        try {
            top = Files.newDirectoryStream(root);
        } catch (NoSuchFileException e) {
            throw ApiError.notFound("allocation " + allocId + " has no directory on this node");
        }
        if (top instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        top.close();
        throw new ApiError(503, "this system cannot open files one directory at a time (no openat); the agent"
                + " serves no files of allocations here");
    }

    /**
     * Opens one name of {@code dir} as a directory, and closes {@code dir}, unless the open never
     * returned: then the opener closes it once it does.
     *
     * @param at the index of the name in the path; -1 for the allocation's own directory
     */
    private SecureDirectoryStream<Path> descend(SecureDirectoryStream<Path> dir, String name, AllocPath path, int at)
            throws IOException {
        return step(dir, path, in -> {
            Path n = Path.of(name);
            BasicFileAttributes seen;
            try {
                seen = attributes(in, n, path);
            } catch (NoSuchFileException e) {
                throw at < 0 ? ApiError.notFound("allocation " + allocId + " has no directory on this node")
                        : missing(path);
            }
            if (seen.isSymbolicLink()) {
                throw new ApiError(403, "path: \"" + path.shown() + "\" passes through a symbolic link, \""
                        + path.prefix(at + 1) + "\", and links are never followed");
            }
            if (!seen.isDirectory()) {
                throw missing(path);
            }
            SecureDirectoryStream<Path> next = opener.open(allocId, path.shown(), in, n,
                    (d, m) -> d.newDirectoryStream(m, NOFOLLOW_LINKS));
            Object key = next.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
            if (!seen.fileKey().equals(key)) {
                next.close();
                throw changed(path);
            }
            return next;
        });
    }

    /** One look or open in a directory of the allocation. */
    @FunctionalInterface
    private interface Step<T> {
        T in(SecureDirectoryStream<Path> dir) throws IOException;
    }

    /**
     * Takes {@code step} in {@code dir}, then closes {@code dir}, unless an open in it never returned:
     * then the opener closes it once it does. A failed step is answered as Nomad's client answers it.
     */
    private <T> T step(SecureDirectoryStream<Path> dir, AllocPath path, Step<T> step) throws IOException {
        try {
            return step.in(dir);
        } catch (FileOpener.Abandoned e) {
            dir = null;
            throw e;
        } catch (NotDirectoryException | NoSuchFileException e) {
            throw missing(path);
        } catch (AccessDeniedException e) {
            throw new ApiError(403, "path: \"" + path.shown() + "\" is not readable by the agent");
        } catch (IOException e) {
            // ELOOP, ENXIO, EISDIR...: the name became a link, a socket, or a file where a directory
            // was (or the reverse) after it was checked.
            throw changed(path);
        } finally {
            FileOpener.closeQuietly(dir);
        }
    }

    private static BasicFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name, AllocPath path)
            throws IOException {
        return dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW_LINKS).readAttributes();
    }

    private static Kind kind(BasicFileAttributes a) {
        return a.isSymbolicLink() ? Kind.LINK
                : a.isDirectory() ? Kind.DIRECTORY : a.isRegularFile() ? Kind.FILE : Kind.SPECIAL;
    }

    /** Whether {@code task/name} is the task's secrets directory. */
    private static boolean secrets(String task, String name) {
        return Path.of(task, name).equals(TaskDir.relative(task).secretsDir());
    }

    /** Refuses what is not a regular file, with the status Nomad's client would give where it has one. */
    static void refuseUnlessFile(AllocPath path, Kind kind) {
        if (kind == null) {
            return; // gone: whoever opens it next says so
        }
        switch (kind) {
            case LINK -> throw new ApiError(403, "path: \"" + path.shown()
                    + "\" is a symbolic link, and links are never followed");
            case DIRECTORY -> throw ApiError.badRequest("path: \"" + path.shown() + "\" is a directory");
            case SPECIAL -> throw new ApiError(403, "path: \"" + path.shown()
                    + "\" is not a regular file (a named pipe, a socket or a device); only regular files are served");
            default -> {
                // a regular file
            }
        }
    }

    /** The channel if it holds the regular file that was checked, and that file has no other name; else closed. */
    private static SeekableByteChannel verified(SeekableByteChannel channel, BasicFileAttributes seen, AllocPath path)
            throws IOException {
        try {
            Optional<OpenedFile> opened;
            try {
                opened = OpenedFile.of(channel);
            } catch (IOException e) {
                throw new ApiError(503, "path: \"" + path.shown() + "\" not read: what was opened cannot be told"
                        + " without /proc/self (" + e + ")");
            }
            if (opened.isEmpty() || !opened.get().attributes().isRegularFile()
                    || !seen.fileKey().equals(opened.get().attributes().fileKey())) {
                throw changed(path);
            }
            if (opened.get().links() > 1) {
                throw new ApiError(403, "path: \"" + path.shown() + "\" has " + opened.get().links()
                        + " hard links, and another name of it may be outside the allocation; it is not served");
            }
            return channel;
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Missing, as Nomad's client answers a file that is not there (404). */
    private static ApiError missing(AllocPath path) {
        return ApiError.notFound("path: no file \"" + path.shown() + "\" in the allocation directory");
    }

    private static ApiError changed(AllocPath path) {
        return new ApiError(409, "path: \"" + path.shown() + "\" changed while it was opened; try again");
    }
}

package org.drover.driver.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a task's user can reach a directory: it needs search permission on every directory from
 * the root down, or its start fails with a bare "Permission denied". The task runs with its user's
 * uid and primary group only (the monitor drops the others), and root searches everything.
 */
final class Traversal {

    private Traversal() {
    }

    /**
     * The first directory on the way to {@code dir} (as written, then as its links resolve) that
     * the user cannot enter, with its mode and owners; empty when there is none. Directories not
     * made yet are left out: the agent makes them.
     */
    static Optional<Path> blocker(Path dir, Users.Ids user) {
        if (user.uid() == 0) {
            return Optional.empty();
        }
        List<Path> chain = chain(dir.toAbsolutePath().normalize());
        if (!chain.isEmpty()) {
            try {
                chain.addAll(chain(chain.get(chain.size() - 1).toRealPath()));
            } catch (IOException e) {
                // vanished meanwhile: what was there is checked
            }
        }
        for (Path p : chain) {
            try {
                int mode = (Integer) Files.getAttribute(p, "unix:mode");
                int owner = (Integer) Files.getAttribute(p, "unix:uid");
                int group = (Integer) Files.getAttribute(p, "unix:gid");
                int search = owner == user.uid() ? 0100 : group == user.gid() ? 0010 : 0001;
                if ((mode & search) == 0) {
                    return Optional.of(p);
                }
            } catch (IOException | RuntimeException e) {
                return Optional.empty(); // vanished meanwhile, or no unix view: the start says what it finds
            }
        }
        return Optional.empty();
    }

    /** Each existing directory from the root down to {@code dir}. */
    private static List<Path> chain(Path dir) {
        List<Path> chain = new ArrayList<>();
        Path p = dir.getRoot();
        if (p == null || !Files.isDirectory(p)) {
            return chain;
        }
        chain.add(p);
        for (Path name : dir) {
            p = p.resolve(name);
            if (!Files.isDirectory(p)) {
                break;
            }
            chain.add(p);
        }
        return chain;
    }

    private static String describe(Path dir) {
        try {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class);
            return dir + " (d" + PosixFilePermissions.toString(a.permissions()) + " " + a.owner().getName() + " "
                    + a.group().getName() + ")";
        } catch (IOException | RuntimeException e) {
            return dir.toString();
        }
    }

    /** The one line that says which directory blocks {@code user} on the way to {@code target}, and the remedy. */
    static Optional<String> problem(String user, Users.Ids ids, Path target, String what) {
        return blocker(target, ids).map(dir -> "the task user " + user + " cannot enter " + describe(dir)
                + " on the way to " + what + " " + target + ": chmod o+x " + dir + ", or use a data dir that " + user
                + " can reach");
    }
}

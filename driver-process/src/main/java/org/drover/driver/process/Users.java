package org.drover.driver.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.drover.runner.api.driver.DriverException;

/** User names to uid and gid, from the passwd file, as the monitor needs numbers. */
final class Users {

    record Ids(long uid, long gid) {
        String option() {
            return uid + ":" + gid;
        }
    }

    private Users() {
    }

    static Ids lookup(Path passwd, String user) {
        try {
            for (String line : Files.readAllLines(passwd)) {
                String[] f = line.split(":");
                if (f.length >= 4 && f[0].equals(user)) {
                    return new Ids(Long.parseLong(f[2]), Long.parseLong(f[3]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new DriverException("cannot read " + passwd + ": " + e.getMessage(), e);
        }
        throw new DriverException("user \"" + user + "\" does not exist on this node");
    }
}

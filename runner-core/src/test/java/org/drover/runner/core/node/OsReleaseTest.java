package org.drover.runner.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each distribution by the file Nomad's host library reads for it. */
class OsReleaseTest {

    @TempDir
    Path root;

    OsRelease with(String... pathsAndContents) throws Exception {
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            Path file = root.resolve(pathsAndContents[i]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, pathsAndContents[i + 1]);
        }
        return OsRelease.of(new HostFiles(root));
    }

    @Test
    void debianSaysItsPointRelease() throws Exception {
        assertEquals(new OsRelease("debian", "12.11"), with("etc/debian_version", "12.11\n",
                "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"));
    }

    @Test
    void rhelAndItsRebuildsByTheirReleaseFile() throws Exception {
        assertEquals(new OsRelease("redhat", "9.4"), with("etc/redhat-release",
                "Red Hat Enterprise Linux release 9.4 (Plow)\n"));
    }

    @Test
    void rocky() throws Exception {
        assertEquals(new OsRelease("rocky", "9.3"), with("etc/redhat-release", "Rocky Linux release 9.3 (Blue Onyx)\n"));
    }

    @Test
    void alpine() throws Exception {
        assertEquals(new OsRelease("alpine", "3.19.1"), with("etc/alpine-release", "3.19.1\n",
                "etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n"));
    }

    @Test
    void othersByOsRelease() throws Exception {
        assertEquals(new OsRelease("opensuse-leap", "15.5"), with("etc/os-release",
                "NAME=\"openSUSE Leap\"\nID=\"opensuse-leap\"\nVERSION_ID=\"15.5\"\n"));
    }

    @Test
    void nothingToSay() throws Exception {
        assertEquals(new OsRelease("", ""), with());
    }
}
